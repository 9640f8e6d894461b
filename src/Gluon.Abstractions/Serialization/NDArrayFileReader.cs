using System.Buffers.Binary;
using System.Text;
using static Gluon.Serialization.NDArrayFileFormat;

namespace Gluon.Serialization;

/// <summary>
/// Reads one NDArray-list file from a stream (formats spec §1.9), tracking the byte offset so
/// that every error names where the file went wrong. Offsets count from the start of the list
/// (the 0x112 header). Accepts v0, V1, V2 and V3 dense records; ignores the stored context.
/// </summary>
internal sealed class NDArrayFileReader
{
    // Payloads are read straight into the array's host memory in chunks of this size, because a
    // Span<byte> cannot cover more than 2^31-1 bytes and an int64 array may need up to 16 GiB.
    private const int ChunkBytes = 1 << 30;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly string _source;
    private readonly Context _ctx;
    private readonly long _length; // bytes from the header to the end of the stream, or -1 when unknown
    private readonly byte[] _scratch = new byte[8];
    private long _pos;

    /// <summary>What error messages call the data ("NDArray file 'x.params'").</summary>
    public string Source => _source;

    /// <summary>True when the list read by <see cref="ReadAll"/> carried names (a dict file).</summary>
    public bool HasNames { get; private set; }

    public NDArrayFileReader(Stream stream, string source, Context ctx)
    {
        _stream = stream;
        _source = source;
        _ctx = ctx;
        _length = stream.CanSeek ? stream.Length - stream.Position : -1;
    }

    /// <summary>Reads the whole list: (name, array) pairs in file order, names empty for an unnamed list.</summary>
    public List<(string Name, NDArray Array)> ReadAll()
    {
        var arrays = new List<NDArray>();
        try
        {
            ulong header = ReadU64("the file header");
            if (header != ListMagic)
                throw Invalid(0, $"bad file header 0x{header:X}; an MXNet NDArray file starts with 0x112 (kMXAPINDArrayListMagic)");
            ReadU64("the reserved field"); // written as 0; MXNet ignores it on load
            long countOffset = _pos;
            ulong n = ReadU64("the array count");
            if (n > int.MaxValue || (_length >= 0 && n > (ulong)(_length - _pos) / 4))
                throw Invalid(countOffset, n > int.MaxValue
                    ? $"array count {n} is implausible"
                    : $"truncated: array count {n} cannot fit in the {Describe(_length)} (every record takes at least 4 bytes)");
            for (int i = 0; i < (int)n; i++) arrays.Add(ReadRecord(i));

            long namesOffset = _pos;
            ulong k = ReadU64("the name count");
            if (k != 0 && k != n)
                throw Invalid(namesOffset, $"the file holds {n} arrays but {k} names (MXNet requires 0 names or exactly {n})");
            HasNames = k != 0;
            var names = new string[(int)n];
            for (int j = 0; j < (int)n; j++) names[j] = k == 0 ? "" : ReadName(j);
            CheckEnd();

            var result = new List<(string, NDArray)>(arrays.Count);
            for (int i = 0; i < arrays.Count; i++) result.Add((names[i], arrays[i]));
            return result;
        }
        catch
        {
            // Free what was loaded so far: a failed load hands nothing back.
            foreach (var a in arrays) a.Dispose();
            throw;
        }
    }

    private NDArray ReadRecord(int index)
    {
        long recordOffset = _pos;
        uint magic = ReadU32($"the header of array {index}");
        Shape? shape;
        string version;
        if (magic is V2Magic or V3Magic)
        {
            bool v3 = magic == V3Magic;
            version = v3 ? "V3" : "V2";
            long stypeOffset = _pos;
            int stype = ReadI32($"the storage type of array {index}");
            if (stype is 1 or 2)
                throw new NotSupportedException(
                    $"{_source}: byte offset {stypeOffset}: array {index} uses {(stype == 1 ? "row_sparse" : "csr")} storage " +
                    $"(stype {stype}); Gluon reads only dense (default storage) arrays");
            if (stype != DenseStorage)
                throw Invalid(stypeOffset, $"array {index} has unknown storage type {stype} (known: 0 default, 1 row_sparse, 2 csr)");
            shape = ReadShape(index, wideDims: true, unknownAllowed: v3);
            // V2 (legacy shape semantics): ndim 0 marks a "none" array; V3: a dim of -1 does. Either way the record ends here.
            if (!v3 && shape is { Rank: 0 }) shape = null;
        }
        else if (magic == V1Magic)
        {
            version = "V1";
            shape = ReadShape(index, wideDims: true, unknownAllowed: false);
            if (shape.Rank == 0) shape = null;
        }
        else
        {
            // v0 (MXNet <= 0.10): no record magic, the uint32 is ndim and the dims are uint32.
            version = "v0";
            if (magic > MaxNDim)
                throw Invalid(recordOffset,
                    $"array {index} starts with 0x{magic:X8}, which is neither a V1/V2/V3 record magic (0xF993FAC8/9/A) " +
                    $"nor a plausible v0 ndim (at most {MaxNDim})");
            shape = ReadDims(index, (int)magic, wideDims: false, unknownAllowed: false, out _);
            if (shape.Rank == 0) shape = null;
        }
        if (shape is null)
            throw new NotSupportedException(
                $"{_source}: byte offset {recordOffset}: array {index} ({version} record) is a 'none' array " +
                "(a placeholder with no shape and no data), which Gluon cannot represent");

        ReadI32($"the device type of array {index}"); // the stored context is ignored: data is loaded to the requested ctx (spec §1.6)
        ReadI32($"the device id of array {index}");
        long flagOffset = _pos;
        int flag = ReadI32($"the type flag of array {index}");
        if (!Enum.IsDefined(typeof(DType), flag))
            throw Invalid(flagOffset,
                $"array {index} has type flag {flag} ({FlagName(flag)}), which is not a Gluon dtype " +
                "(known: 0 float32, 1 float64, 2 float16, 3 uint8, 4 int32, 5 int8, 6 int64, 7 bool, 12 bfloat16)");
        var dtype = (DType)flag;
        return ReadPayload(index, shape, dtype);
    }

    private Shape ReadShape(int index, bool wideDims, bool unknownAllowed)
    {
        long ndimOffset = _pos;
        int ndim = ReadI32($"the ndim of array {index}");
        if (ndim < 0) throw Invalid(ndimOffset, $"array {index} has a negative ndim ({ndim})");
        if (ndim > MaxNDim) throw Invalid(ndimOffset, $"array {index} has ndim {ndim}, more than the {MaxNDim} this reader accepts");
        var shape = ReadDims(index, ndim, wideDims, unknownAllowed, out bool unknown);
        if (unknown)
            throw new NotSupportedException(
                $"{_source}: byte offset {ndimOffset}: array {index} (V3 record) has an unknown dimension (-1), i.e. it is a " +
                "'none' array with no data, which Gluon cannot represent");
        return shape;
    }

    private Shape ReadDims(int index, int ndim, bool wideDims, bool unknownAllowed, out bool unknown)
    {
        unknown = false;
        var dims = new int[ndim];
        long size = 1;
        for (int d = 0; d < ndim; d++)
        {
            long dimOffset = _pos;
            long v = wideDims ? ReadI64($"dimension {d} of array {index}") : ReadU32($"dimension {d} of array {index}");
            if (v == -1 && unknownAllowed)
            {
                unknown = true;
                continue;
            }
            if (v < 0) throw Invalid(dimOffset, $"array {index} has a negative dimension {d} ({v})");
            if (v > int.MaxValue) throw Invalid(dimOffset, $"dimension {d} of array {index} is {v}, more than Gluon's limit of 2^31-1");
            dims[d] = (int)v;
            size *= v;
            // Same running check as the Shape constructor, reported with the offending offset.
            if (size > int.MaxValue)
                throw Invalid(dimOffset, $"array {index} has more than 2^31-1 elements (dims so far: {Shape.Format(dims.AsSpan(0, d + 1))})");
        }
        return new Shape(dims);
    }

    private unsafe NDArray ReadPayload(int index, Shape shape, DType dtype)
    {
        long bytes = (long)shape.Size * dtype.SizeOf();
        string what = $"the {dtype.Name()} data of array {index}, shape {shape}";
        CheckAvailable(bytes, what);

        // Read into host memory: on a CPU ctx straight into the result, else into a CPU array copied over afterwards.
        var host = NDArray.Allocate(shape, dtype, _ctx.IsCpu ? _ctx : Context.Cpu(0));
        try
        {
            byte* p = (byte*)host.DataPointer;
            for (long done = 0; done < bytes;)
            {
                int n = (int)Math.Min(bytes - done, ChunkBytes);
                var span = new Span<byte>(p + done, n);
                ReadExact(span, what);
                if (!BitConverter.IsLittleEndian) SwapToHost(span, dtype.SizeOf());
                done += n;
            }
            if (_ctx.IsCpu) return host;
            using (host) return host.CopyTo(_ctx);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private string ReadName(int j)
    {
        ulong len = ReadU64($"the length of name {j}");
        long textOffset = _pos;
        CheckAvailable(len > long.MaxValue ? long.MaxValue : (long)len, $"name {j}");
        if (len > int.MaxValue) throw Invalid(textOffset, $"name {j} claims {len} bytes, more than a name can hold");
        var bytes = new byte[(int)len];
        ReadExact(bytes, $"name {j}");
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(textOffset, $"name {j} is not valid UTF-8");
        }
    }

    private void CheckEnd()
    {
        if (_length >= 0)
        {
            if (_pos < _length)
                throw Invalid(_pos, $"{_length - _pos} bytes of trailing data after the name list (the file should end here)");
            return;
        }
        if (_stream.ReadByte() >= 0)
            throw Invalid(_pos, "trailing data after the name list (the stream should end here)");
    }

    // ---- primitives (little-endian) ---------------------------------------------------------

    private uint ReadU32(string what)
    {
        ReadExact(_scratch.AsSpan(0, 4), what);
        return BinaryPrimitives.ReadUInt32LittleEndian(_scratch);
    }

    private int ReadI32(string what)
    {
        ReadExact(_scratch.AsSpan(0, 4), what);
        return BinaryPrimitives.ReadInt32LittleEndian(_scratch);
    }

    private long ReadI64(string what)
    {
        ReadExact(_scratch.AsSpan(0, 8), what);
        return BinaryPrimitives.ReadInt64LittleEndian(_scratch);
    }

    private ulong ReadU64(string what)
    {
        ReadExact(_scratch.AsSpan(0, 8), what);
        return BinaryPrimitives.ReadUInt64LittleEndian(_scratch);
    }

    private void ReadExact(Span<byte> dst, string what)
    {
        long start = _pos;
        int got = 0;
        while (got < dst.Length)
        {
            int r = _stream.Read(dst[got..]);
            if (r == 0)
                throw Invalid(start, $"truncated: expected {dst.Length} bytes of {what}, but the data ends at offset {start + got}");
            got += r;
        }
        _pos += got;
    }

    /// <summary>When the length is known, fails before allocating anything if <paramref name="bytes"/> are not all there.</summary>
    private void CheckAvailable(long bytes, string what)
    {
        if (_length >= 0 && bytes > _length - _pos)
            throw Invalid(_pos, $"truncated: expected {bytes} bytes of {what}, but the data ends at offset {_length}");
    }

    private static void SwapToHost(Span<byte> span, int elemSize)
    {
        for (int i = 0; i + elemSize <= span.Length; i += elemSize) span.Slice(i, elemSize).Reverse();
    }

    private static string Describe(long length) => length >= 0 ? $"{length}-byte file" : "stream";

    private InvalidDataException Invalid(long offset, string message) => new($"{_source}: byte offset {offset}: {message}");
}
