using System.Numerics.Tensors;
using Gluon.Ops;

namespace Gluon.Cpu;

/// <summary>Dtype conversion between every pair of dtypes (the <c>Cast</c> kernel and the fallback path).</summary>
internal sealed class CastKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        b.RegisterKernel("Cast", c => ConvertInto(c.Inputs[0], c.Outputs[0]));
    }

    /// <summary>A new array with <paramref name="x"/>'s values converted to <paramref name="to"/>.</summary>
    public static NDArray Convert(NDArray x, DType to)
    {
        var r = Nd.Empty(x.Shape, to, x.Context);
        ConvertInto(x, r);
        return r;
    }

    /// <summary>Writes <paramref name="src"/>'s values, converted, into <paramref name="dst"/> (same size).</summary>
    public static void ConvertInto(NDArray src, NDArray dst)
    {
        if (src.DType == dst.DType)
        {
            CopyBytes(src, dst);
            return;
        }
        switch (src.DType, dst.DType)
        {
            case (DType.Float32, DType.Float64): TensorPrimitives.ConvertChecked<float, double>(src.Span<float>(), dst.Span<double>()); return;
            case (DType.Float64, DType.Float32): TensorPrimitives.ConvertTruncating<double, float>(src.Span<double>(), dst.Span<float>()); return;
            case (DType.Float32, DType.Float16): TensorPrimitives.ConvertToHalf(src.Span<float>(), dst.Span<Half>()); return;
            case (DType.Float16, DType.Float32): TensorPrimitives.ConvertToSingle(src.Span<Half>(), dst.Span<float>()); return;
        }
        // General path through double, in chunks to bound the temporary.
        Span<double> tmp = stackalloc double[512];
        int n = src.Size;
        for (int s = 0; s < n; s += tmp.Length)
        {
            int len = Math.Min(tmp.Length, n - s);
            var t = tmp[..len];
            Read(src, s, t);
            Write(dst, s, t);
        }
    }

    private static unsafe void CopyBytes(NDArray src, NDArray dst)
    {
        long bytes = (long)src.Size * src.DType.SizeOf();
        Buffer.MemoryCopy(src.DataPointer, dst.DataPointer, bytes, bytes);
    }

    private static void Read(NDArray a, int start, Span<double> t)
    {
        switch (a.DType)
        {
            case DType.Float32: { var s = a.Span<float>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) t[i] = s[i]; break; }
            case DType.Float64: a.Span<double>().Slice(start, t.Length).CopyTo(t); break;
            case DType.Float16: { var s = a.Span<Half>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) t[i] = (double)s[i]; break; }
            case DType.BFloat16: { var s = a.Span<BFloat16>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) t[i] = (float)s[i]; break; }
            case DType.UInt8: { var s = a.Span<byte>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) t[i] = s[i]; break; }
            case DType.Int8: { var s = a.Span<sbyte>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) t[i] = s[i]; break; }
            case DType.Bool: { var s = a.Span<byte>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) t[i] = s[i] != 0 ? 1 : 0; break; }
            case DType.Int32: { var s = a.Span<int>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) t[i] = s[i]; break; }
            case DType.Int64: { var s = a.Span<long>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) t[i] = s[i]; break; }
            default: throw new NotSupportedException($"Cast: dtype {a.DType} is not supported");
        }
    }

    // Float to integer conversion truncates toward zero and wraps like C's static_cast on the
    // low bits (what MXNet's mshadow cast does for in-range values); NaN becomes 0.
    private static void Write(NDArray a, int start, ReadOnlySpan<double> t)
    {
        switch (a.DType)
        {
            case DType.Float32: { var s = a.Span<float>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) s[i] = (float)t[i]; break; }
            case DType.Float64: t.CopyTo(a.Span<double>().Slice(start, t.Length)); break;
            case DType.Float16: { var s = a.Span<Half>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) s[i] = (Half)t[i]; break; }
            case DType.BFloat16: { var s = a.Span<BFloat16>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) s[i] = (BFloat16)(float)t[i]; break; }
            case DType.UInt8: { var s = a.Span<byte>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) s[i] = unchecked((byte)ToLong(t[i])); break; }
            case DType.Int8: { var s = a.Span<sbyte>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) s[i] = unchecked((sbyte)ToLong(t[i])); break; }
            case DType.Bool: { var s = a.Span<byte>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) s[i] = t[i] != 0 ? (byte)1 : (byte)0; break; }
            case DType.Int32: { var s = a.Span<int>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) s[i] = unchecked((int)ToLong(t[i])); break; }
            case DType.Int64: { var s = a.Span<long>().Slice(start, t.Length); for (int i = 0; i < t.Length; i++) s[i] = ToLong(t[i]); break; }
            default: throw new NotSupportedException($"Cast: dtype {a.DType} is not supported");
        }
    }

    private static long ToLong(double d) => double.IsNaN(d) ? 0 : d >= 9.2233720368547758E18 ? long.MaxValue : d <= -9.2233720368547758E18 ? long.MinValue : (long)d;
}
