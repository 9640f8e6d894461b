using System.Buffers.Binary;
using System.IO.Compression;

namespace Gluon.Data.Vision;

/// <summary>
/// Reads IDX files (the MNIST format): a big-endian header of magic (0x0000, type 0x08 = ubyte,
/// rank) and one uint32 per dimension, then the bytes. Gzip-compressed files are recognised by
/// their magic bytes, so either the .gz or the raw file works.
/// </summary>
internal static class IdxReader
{
    public const int LabelMagic = 0x00000801;
    public const int ImageMagic = 0x00000803;

    /// <summary>Reads an IDX ubyte file of rank <paramref name="rank"/>: its dimensions and its data.</summary>
    /// <exception cref="InvalidDataException">Wrong magic number, or fewer/more data bytes than the header says (message names the file and offset).</exception>
    public static (int[] Dims, byte[] Data) Read(string path, int rank)
    {
        try
        {
            return ReadCore(path, rank);
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !e.Message.StartsWith("IDX file", StringComparison.Ordinal)
                                  && e is not FileNotFoundException)
        {
            // GZipStream reports corrupt compressed data without naming the file.
            throw new InvalidDataException($"IDX file {path}: cannot be read: {e.Message}", e);
        }
    }

    private static (int[] Dims, byte[] Data) ReadCore(string path, int rank)
    {
        using var stream = OpenMaybeGzip(path);
        int magic = 0x0800 | rank;
        var header = new byte[4 + 4 * rank];
        int got = ReadFully(stream, header);
        if (got < header.Length)
            throw new InvalidDataException($"IDX file {path}: truncated header, {got} of {header.Length} bytes at offset 0");
        int m = BinaryPrimitives.ReadInt32BigEndian(header);
        if (m != magic)
            throw new InvalidDataException($"IDX file {path}: magic number 0x{m:x8} at offset 0, expected 0x{magic:x8} (ubyte, rank {rank})");
        var dims = new int[rank];
        long size = 1;
        for (int d = 0; d < rank; d++)
        {
            uint v = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4 + 4 * d));
            if (v > int.MaxValue) throw new InvalidDataException($"IDX file {path}: dimension {d} = {v} at offset {4 + 4 * d} is too large");
            dims[d] = (int)v;
            size *= v;
        }
        if (size > Array.MaxLength)
            throw new InvalidDataException($"IDX file {path}: dimensions [{string.Join(", ", dims)}] hold {size} bytes, more than one array can");
        var data = new byte[size];
        got = ReadFully(stream, data);
        if (got < data.Length)
            throw new InvalidDataException(
                $"IDX file {path}: truncated data: the header gives [{string.Join(", ", dims)}] = {size} bytes from offset {header.Length}, but the file ends at offset {header.Length + got}");
        if (stream.ReadByte() >= 0)
            throw new InvalidDataException($"IDX file {path}: unexpected bytes after the data at offset {header.Length + size} (header gives [{string.Join(", ", dims)}])");
        return (dims, data);
    }

    /// <summary>Opens a file, decompressing it when it starts with the gzip magic bytes 1f 8b.</summary>
    public static Stream OpenMaybeGzip(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        int b0 = file.ReadByte(), b1 = file.ReadByte();
        file.Position = 0;
        if (b0 == 0x1f && b1 == 0x8b) return new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16);
        return file;
    }

    public static int ReadFully(Stream s, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = s.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
