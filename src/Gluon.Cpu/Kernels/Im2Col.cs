using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// im2col and its adjoint col2im for one image of a <see cref="ConvGeometry"/>: the column
/// matrix has Ci·K rows (channel-major, then kernel d, h, w) and OD·OH·OW columns; padded
/// positions read as zero. Rows along the output width are contiguous copies (or additions)
/// when the width stride is 1.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>Fills <paramref name="col"/> (Ci·K × ColSpatial) from <paramref name="img"/> (Ci × ImageSpatial).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Pack<T>(T* img, in ConvGeometry g, T* col) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ow = g.OW;
        long colSp = g.ColSpatial;
        long row = 0;
        for (int c = 0; c < g.Ci; c++)
        {
            T* plane = img + (long)c * g.ImageSpatial;
            for (int kd = 0; kd < g.KD; kd++)
            for (int kh = 0; kh < g.KH; kh++)
            for (int kw = 0; kw < g.KW; kw++, row++)
            {
                T* dst = col + row * colSp;
                int offW = kw * g.DW - g.PW;
                WidthRange(offW, g.SW, g.IW, ow, out int lo, out int hi);
                for (int od = 0; od < g.OD; od++)
                {
                    int id = od * g.SD - g.PD + kd * g.DD;
                    for (int oh = 0; oh < g.OH; oh++, dst += ow)
                    {
                        int ih = oh * g.SH - g.PH + kh * g.DH;
                        if ((uint)id >= (uint)g.ID || (uint)ih >= (uint)g.IH || lo >= hi)
                        {
                            new Span<T>(dst, ow).Clear();
                            continue;
                        }
                        T* src = plane + ((long)id * g.IH + ih) * g.IW;
                        if (lo > 0) new Span<T>(dst, lo).Clear();
                        if (g.SW == 1)
                            new ReadOnlySpan<T>(src + lo + offW, hi - lo).CopyTo(new Span<T>(dst + lo, hi - lo));
                        else
                            for (int x = lo; x < hi; x++) dst[x] = src[x * g.SW + offW];
                        if (hi < ow) new Span<T>(dst + hi, ow - hi).Clear();
                    }
                }
            }
        }
    }

    /// <summary>Adds the columns <paramref name="col"/> back into <paramref name="img"/> (which the caller zeroes first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Unpack<T>(T* col, in ConvGeometry g, T* img) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ow = g.OW;
        long colSp = g.ColSpatial;
        long row = 0;
        for (int c = 0; c < g.Ci; c++)
        {
            T* plane = img + (long)c * g.ImageSpatial;
            for (int kd = 0; kd < g.KD; kd++)
            for (int kh = 0; kh < g.KH; kh++)
            for (int kw = 0; kw < g.KW; kw++, row++)
            {
                T* src = col + row * colSp;
                int offW = kw * g.DW - g.PW;
                WidthRange(offW, g.SW, g.IW, ow, out int lo, out int hi);
                for (int od = 0; od < g.OD; od++)
                {
                    int id = od * g.SD - g.PD + kd * g.DD;
                    for (int oh = 0; oh < g.OH; oh++, src += ow)
                    {
                        int ih = oh * g.SH - g.PH + kh * g.DH;
                        if ((uint)id >= (uint)g.ID || (uint)ih >= (uint)g.IH || lo >= hi) continue;
                        T* dst = plane + ((long)id * g.IH + ih) * g.IW;
                        if (g.SW == 1)
                        {
                            var d = new Span<T>(dst + lo + offW, hi - lo);
                            TensorPrimitives.Add(d, new ReadOnlySpan<T>(src + lo, hi - lo), d);
                        }
                        else
                            for (int x = lo; x < hi; x++) dst[x * g.SW + offW] += src[x];
                    }
                }
            }
        }
    }

    /// <summary>The output columns [lo, hi) whose input column x·stride + off lies in [0, width).</summary>
    private static void WidthRange(int off, int stride, int width, int outWidth, out int lo, out int hi)
    {
        // x·s + off >= 0  ⇔  x >= ceil(−off / s);  x·s + off <= width − 1  ⇔  x <= floor((width − 1 − off) / s).
        lo = off >= 0 ? 0 : (-off + stride - 1) / stride;
        int last = width - 1 - off;
        hi = last < 0 ? 0 : Math.Min(outWidth, last / stride + 1);
        if (lo > outWidth) lo = outWidth;
        if (hi < lo) hi = lo;
    }
}
