using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Gluon.Data;

/// <summary>
/// The raw records of a RecordIO file (MXNet's <c>RecordFileDataset(filename)</c>, reading through
/// <c>MXIndexedRecordIO</c>): item i is the bytes of the record at the i-th line of the
/// <c>.idx</c> sibling (<c>key\toffset</c> per line). Records are dmlc-core RecordIO: a uint32
/// magic 0xced7230a, a uint32 whose upper 3 bits are a continuation flag and lower 29 bits the
/// length, then the data padded to 4 bytes; a record split into parts (flags 1, 2, 3) is
/// joined with the magic bytes between the parts, as dmlc-core does. Reads are positional, so
/// DataLoader workers can read concurrently.
/// </summary>
public sealed class RecordFileDataset : Dataset<byte[]>, IDisposable
{
    private const uint Magic = 0xced7230a;
    private readonly SafeFileHandle _file;
    private readonly long[] _offsets;
    private readonly long _length;

    /// <summary>Opens <paramref name="filename"/> (.rec) and reads its index (the same path with extension .idx).</summary>
    /// <exception cref="FileNotFoundException">The .rec or .idx file is missing.</exception>
    /// <exception cref="InvalidDataException">An .idx line is not <c>key\toffset</c> or an offset lies outside the file (message names the file and line).</exception>
    public RecordFileDataset(string filename)
    {
        ArgumentNullException.ThrowIfNull(filename);
        Filename = filename;
        IdxFile = Path.ChangeExtension(filename, ".idx");
        if (!File.Exists(filename)) throw new FileNotFoundException($"RecordFileDataset: record file {filename} not found", filename);
        if (!File.Exists(IdxFile)) throw new FileNotFoundException($"RecordFileDataset: index file {IdxFile} not found", IdxFile);
        _length = new FileInfo(filename).Length;
        var keys = new List<int>();
        var offsets = new List<long>();
        int lineNo = 0;
        foreach (var raw in File.ReadLines(IdxFile))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var parts = line.Split('\t');
            if (parts.Length < 2 || !int.TryParse(parts[0], out int key) || !long.TryParse(parts[1], out long offset))
                throw new InvalidDataException($"RecordFileDataset: {IdxFile} line {lineNo}: expected 'key<TAB>offset', got '{raw}'");
            if (offset < 0 || offset + 8 > _length)
                throw new InvalidDataException($"RecordFileDataset: {IdxFile} line {lineNo}: offset {offset} is outside {filename} ({_length} bytes)");
            keys.Add(key);
            offsets.Add(offset);
        }
        Keys = keys;
        _offsets = offsets.ToArray();
        _file = File.OpenHandle(filename, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
    }

    /// <summary>The .rec file.</summary>
    public string Filename { get; }

    /// <summary>The .idx file.</summary>
    public string IdxFile { get; }

    /// <summary>The record keys, in index-file order (<c>MXIndexedRecordIO.keys</c>).</summary>
    public IReadOnlyList<int> Keys { get; }

    /// <inheritdoc />
    public override int Count => _offsets.Length;

    /// <summary>The bytes of record <paramref name="index"/> (multi-part records joined).</summary>
    /// <exception cref="InvalidDataException">A bad magic number, or a record running past the end of the file (message names the file and offset).</exception>
    public override byte[] this[int index]
    {
        get
        {
            CheckIndex(index);
            return ReadRecord(_offsets[index]);
        }
    }

    private byte[] ReadRecord(long offset)
    {
        var result = new List<byte>();
        Span<byte> header = stackalloc byte[8];
        Span<byte> magicBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(magicBytes, Magic);
        long pos = offset;
        while (true)
        {
            if (RandomAccess.Read(_file, header, pos) < 8)
                throw new InvalidDataException($"RecordFileDataset: {Filename}: truncated record header at offset {pos} (file is {_length} bytes)");
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (magic != Magic)
                throw new InvalidDataException($"RecordFileDataset: {Filename}: magic number 0x{magic:x8} at offset {pos}, expected 0x{Magic:x8}");
            uint lrec = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            uint flag = lrec >> 29;
            int len = (int)(lrec & ((1u << 29) - 1));
            if (pos + 8 + len > _length)
                throw new InvalidDataException($"RecordFileDataset: {Filename}: the record at offset {pos} has length {len}, past the end of the file ({_length} bytes)");
            var data = new byte[len];
            RandomAccess.Read(_file, data, pos + 8);
            result.AddRange(data);
            pos += 8 + ((len + 3L) & ~3L);
            if (flag is 0 or 3) break;
            result.AddRange(magicBytes.ToArray());
        }
        return result.ToArray();
    }

    /// <summary>Closes the record file.</summary>
    public void Dispose() => _file.Dispose();
}
