using System.Buffers;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Reads index arrays of any dtype (MXNet commonly passes float32 indices) as integers truncated
/// toward zero, into a pooled buffer the caller returns with <see cref="Return"/>.
/// </summary>
internal static class IndexReader
{
    /// <summary>The indices of <paramref name="idx"/> as longs (a rented array of at least Size elements).</summary>
    public static long[] Rent(NDArray idx)
    {
        int n = idx.Size;
        var buf = ArrayPool<long>.Shared.Rent(Math.Max(n, 1));
        Read(idx, buf.AsSpan(0, n));
        return buf;
    }

    /// <summary>Returns a buffer from <see cref="Rent"/>.</summary>
    public static void Return(long[] buf) => ArrayPool<long>.Shared.Return(buf);

    /// <summary>Writes the truncated integer values of <paramref name="idx"/> into <paramref name="dst"/>.</summary>
    public static void Read(NDArray idx, Span<long> dst)
    {
        switch (idx.DType)
        {
            case DType.Float32: { var s = idx.Span<float>(); for (int i = 0; i < s.Length; i++) dst[i] = Trunc(s[i]); break; }
            case DType.Float64: { var s = idx.Span<double>(); for (int i = 0; i < s.Length; i++) dst[i] = Trunc(s[i]); break; }
            case DType.Float16: { var s = idx.Span<Half>(); for (int i = 0; i < s.Length; i++) dst[i] = Trunc((double)s[i]); break; }
            case DType.Int32: { var s = idx.Span<int>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i]; break; }
            case DType.Int64: idx.Span<long>().CopyTo(dst); break;
            case DType.UInt8: case DType.Bool: { var s = idx.Span<byte>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i]; break; }
            case DType.Int8: { var s = idx.Span<sbyte>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i]; break; }
            default:
            {
                var d = CastKernels.Convert(idx, DType.Float64);
                Read(d, dst);
                d.Dispose();
                break;
            }
        }
    }

    // NaN and huge values map to long's range ends, which every mode then clips, wraps or rejects.
    private static long Trunc(double v) =>
        double.IsNaN(v) ? long.MinValue : v >= 9.2233720368547758E18 ? long.MaxValue : v <= -9.2233720368547758E18 ? long.MinValue : (long)v;
}
