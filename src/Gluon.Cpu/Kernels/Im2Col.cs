using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// im2col and its adjoint col2im over a range of columns of a <see cref="ConvGeometry"/>: the
/// column matrix has Ci·K rows (channel-major, then kernel d, h, w) and one column per output
/// position of every image, N·OD·OH·OW in all, so a tile of columns may span images (a GEMM then
/// sees a wide matrix even when each image has few output positions). Padded positions read as
/// zero. Runs along the output width are contiguous copies (or additions) when the width stride is 1.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>
    /// Fills <paramref name="col"/> (Ci·K rows × <paramref name="count"/> columns, row stride
    /// <paramref name="count"/>) with the columns [<paramref name="first"/>, first + count) of the
    /// images at <paramref name="images"/> (N × Ci × ImageSpatial); only the rows of channels
    /// [<paramref name="c0"/>, <paramref name="c1"/>), so threads can share one tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Pack<T>(T* images, in ConvGeometry g, long first, int count, T* col, int c0, int c1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long colSp = g.ColSpatial, end = first + count;
        for (long j = first; j < end;)
        {
            // One run: a stretch of one output row of one image.
            long n = j / colSp;
            int s = (int)(j - n * colSp);
            int ow0 = s % g.OW, ohd = s / g.OW, oh = ohd % g.OH, od = ohd / g.OH;
            int len = (int)Math.Min(g.OW - ow0, end - j);
            T* dst0 = col + (j - first);
            T* img = images + n * g.Ci * g.ImageSpatial;
            long row = (long)c0 * g.K;
            for (int c = c0; c < c1; c++)
            {
                T* plane = img + (long)c * g.ImageSpatial;
                for (int kd = 0; kd < g.KD; kd++)
                {
                    int id = od * g.SD - g.PD + kd * g.DD;
                    for (int kh = 0; kh < g.KH; kh++)
                    {
                        int ih = oh * g.SH - g.PH + kh * g.DH;
                        bool inside = (uint)id < (uint)g.ID && (uint)ih < (uint)g.IH;
                        T* src = plane + ((long)id * g.IH + ih) * g.IW;
                        for (int kw = 0; kw < g.KW; kw++, row++)
                        {
                            T* dst = dst0 + row * count;
                            int offW = kw * g.DW - g.PW;
                            WidthRange(offW, g.SW, g.IW, ow0, ow0 + len, out int lo, out int hi);
                            if (!inside || lo >= hi)
                            {
                                new Span<T>(dst, len).Clear();
                                continue;
                            }
                            if (lo > ow0) new Span<T>(dst, lo - ow0).Clear();
                            if (g.SW == 1)
                                new ReadOnlySpan<T>(src + lo + offW, hi - lo).CopyTo(new Span<T>(dst + lo - ow0, hi - lo));
                            else
                                for (int x = lo; x < hi; x++) dst[x - ow0] = src[x * g.SW + offW];
                            if (hi < ow0 + len) new Span<T>(dst + hi - ow0, ow0 + len - hi).Clear();
                        }
                    }
                }
            }
            j += len;
        }
    }

    /// <summary>Adds the columns <paramref name="col"/> (as laid out by <see cref="Pack{T}"/>) back into <paramref name="images"/>, for channels [<paramref name="c0"/>, <paramref name="c1"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Unpack<T>(T* col, in ConvGeometry g, long first, int count, T* images, int c0, int c1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long colSp = g.ColSpatial, end = first + count;
        for (long j = first; j < end;)
        {
            long n = j / colSp;
            int s = (int)(j - n * colSp);
            int ow0 = s % g.OW, ohd = s / g.OW, oh = ohd % g.OH, od = ohd / g.OH;
            int len = (int)Math.Min(g.OW - ow0, end - j);
            T* src0 = col + (j - first);
            T* img = images + n * g.Ci * g.ImageSpatial;
            long row = (long)c0 * g.K;
            for (int c = c0; c < c1; c++)
            {
                T* plane = img + (long)c * g.ImageSpatial;
                for (int kd = 0; kd < g.KD; kd++)
                {
                    int id = od * g.SD - g.PD + kd * g.DD;
                    for (int kh = 0; kh < g.KH; kh++)
                    {
                        int ih = oh * g.SH - g.PH + kh * g.DH;
                        bool inside = (uint)id < (uint)g.ID && (uint)ih < (uint)g.IH;
                        T* dstRow = plane + ((long)id * g.IH + ih) * g.IW;
                        for (int kw = 0; kw < g.KW; kw++, row++)
                        {
                            if (!inside) continue;
                            T* src = src0 + row * count - ow0;
                            int offW = kw * g.DW - g.PW;
                            WidthRange(offW, g.SW, g.IW, ow0, ow0 + len, out int lo, out int hi);
                            if (lo >= hi) continue;
                            if (g.SW == 1)
                            {
                                var d = new Span<T>(dstRow + lo + offW, hi - lo);
                                TensorPrimitives.Add(d, new ReadOnlySpan<T>(src + lo, hi - lo), d);
                            }
                            else
                                for (int x = lo; x < hi; x++) dstRow[x * g.SW + offW] += src[x];
                        }
                    }
                }
            }
            j += len;
        }
    }

    /// <summary>
    /// The output columns [lo, hi) within [<paramref name="from"/>, <paramref name="to"/>) whose
    /// input column x·stride + off lies in [0, width).
    /// </summary>
    internal static void WidthRange(int off, int stride, int width, int from, int to, out int lo, out int hi)
    {
        // x·s + off >= 0  ⇔  x >= ceil(−off / s);  x·s + off <= width − 1  ⇔  x <= floor((width − 1 − off) / s).
        lo = Math.Max(from, off >= 0 ? 0 : (-off + stride - 1) / stride);
        int last = width - 1 - off;
        hi = last < 0 ? from : Math.Min(to, last / stride + 1);
        if (lo > to) lo = to;
        if (hi < lo) hi = lo;
    }
}
