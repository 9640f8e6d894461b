using System.Buffers.Binary;
using System.Text;
using static Gluon.Serialization.NDArrayFileFormat;

namespace Gluon.Serialization;

/// <summary>
/// Writes an NDArray-list file (formats spec §1.3–§1.5) as MXNet 1.x does: dense records with
/// storage type 0, context cpu(0), little-endian, no padding.
/// </summary>
internal static class NDArrayFileWriter
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>
    /// Checks the inputs before anything is written: no null array, every dtype one MXNet can
    /// save (§1.7). A disposed array is found while writing (its data is read then).
    /// </summary>
    public static void Validate(IReadOnlyList<NDArray> arrays, IReadOnlyList<string>? names)
    {
        for (int i = 0; i < arrays.Count; i++)
        {
            string label = names is null ? $"array {i}" : $"array '{names[i]}'";
            if (arrays[i] is not { } a)
                throw new ArgumentException($"nd.save: {label} is null", nameof(arrays));
            if (!IsSaveable(a.DType))
                throw new NotSupportedException(
                    $"nd.save: {label} has dtype flag {(int)a.DType} ({FlagName((int)a.DType)}), which MXNet's serializer cannot store " +
                    "(saveable: float32, float64, float16, uint8, int32, int8, int64, bool, bfloat16)");
        }
    }

    /// <summary>Writes the list; <paramref name="names"/> null writes an unnamed list (name count 0).</summary>
    public static void Write(Stream stream, IReadOnlyList<NDArray> arrays, IReadOnlyList<string>? names)
    {
        Span<byte> b = stackalloc byte[8];
        WriteU64(stream, b, ListMagic);
        WriteU64(stream, b, 0); // reserved
        WriteU64(stream, b, (ulong)arrays.Count);
        foreach (var a in arrays) WriteRecord(stream, b, a);
        WriteU64(stream, b, names is null ? 0UL : (ulong)names.Count);
        if (names is null) return;
        foreach (string name in names)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(name);
            WriteU64(stream, b, (ulong)utf8.Length);
            stream.Write(utf8);
        }
    }

    private static void WriteRecord(Stream stream, Span<byte> b, NDArray a)
    {
        // V2 is what MXNet 1.x writes, but under V2's legacy shape rules ndim 0 means "no array"
        // and a dim of 0 means "unknown", so scalars and zero-size arrays would not read back as
        // themselves. MXNet writes those under numpy-shape semantics, i.e. as V3 records.
        bool numpyShape = a.NDim == 0 || a.Size == 0;
        WriteU32(stream, b, numpyShape ? V3Magic : V2Magic);
        WriteI32(stream, b, DenseStorage);
        WriteI32(stream, b, a.NDim);
        foreach (int d in a.Shape) WriteI64(stream, b, d);
        WriteI32(stream, b, CpuDevType);
        WriteI32(stream, b, 0);
        WriteI32(stream, b, (int)a.DType);
        WritePayload(stream, a);
    }

    private static unsafe void WritePayload(Stream stream, NDArray a)
    {
        // The saved bytes always come from a host copy (as MXNet copies GPU arrays to CPU first).
        var host = a.Context.IsCpu ? a : a.CopyTo(Context.Cpu(0));
        try
        {
            host.WaitToRead();
            int elem = host.DType.SizeOf();
            long bytes = (long)host.Size * elem;
            byte* p = (byte*)host.DataPointer;
            byte[]? swap = BitConverter.IsLittleEndian ? null : new byte[(int)Math.Min(bytes, ChunkBytes)];
            for (long done = 0; done < bytes;)
            {
                int n = (int)Math.Min(bytes - done, ChunkBytes);
                var src = new ReadOnlySpan<byte>(p + done, n);
                if (swap is null)
                {
                    stream.Write(src);
                }
                else
                {
                    // Big-endian host: the file is little-endian, so reverse each element's bytes.
                    src.CopyTo(swap);
                    for (int i = 0; i < n; i += elem) swap.AsSpan(i, elem).Reverse();
                    stream.Write(swap, 0, n);
                }
                done += n;
            }
        }
        finally
        {
            if (!ReferenceEquals(host, a)) host.Dispose();
        }
    }

    private static void WriteU32(Stream s, Span<byte> b, uint v)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        s.Write(b[..4]);
    }

    private static void WriteI32(Stream s, Span<byte> b, int v)
    {
        BinaryPrimitives.WriteInt32LittleEndian(b, v);
        s.Write(b[..4]);
    }

    private static void WriteI64(Stream s, Span<byte> b, long v)
    {
        BinaryPrimitives.WriteInt64LittleEndian(b, v);
        s.Write(b[..8]);
    }

    private static void WriteU64(Stream s, Span<byte> b, ulong v)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        s.Write(b[..8]);
    }
}
