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
    public static void Pack<T>(T* images, in ConvGeometry g, long first, int count, T* col, int c0, int c1) where T : unmanaged, IFloatingPointIeee754<T> =>
        Runs<T, PackRun<T>>(images, g, first, count, col, c0, c1);

    /// <summary>Adds the columns <paramref name="col"/> (as laid out by <see cref="Pack{T}"/>) back into <paramref name="images"/>, for channels [<paramref name="c0"/>, <paramref name="c1"/>).</summary>
    public static void Unpack<T>(T* col, in ConvGeometry g, long first, int count, T* images, int c0, int c1) where T : unmanaged, IFloatingPointIeee754<T> =>
        Runs<T, UnpackRun<T>>(images, g, first, count, col, c0, c1);

    /// <summary>
    /// The loops shared by im2col and col2im: for each row of the column matrix (channel, kernel
    /// d, h, w), the column range is walked in runs (a stretch of one output row of one image),
    /// each meeting the input row it reads with the output columns [lo, hi) inside the image.
    /// Rows outside, runs inside, so a column row is written front to back even when the output
    /// rows are short.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Runs<T, TRun>(T* images, in ConvGeometry g, long first, int count, T* col, int c0, int c1)
        where T : unmanaged, IFloatingPointIeee754<T> where TRun : struct, IRun<T>
    {
        long colSp = g.ColSpatial, imgSize = (long)g.Ci * g.ImageSpatial;
        long n0 = first / colSp;
        int s0 = (int)(first - n0 * colSp);
        int ow00 = s0 % g.OW, oh0 = s0 / g.OW % g.OH, od0 = s0 / g.OW / g.OH;
        long row = (long)c0 * g.K;
        for (int c = c0; c < c1; c++)
            for (int kd = 0; kd < g.KD; kd++)
                for (int kh = 0; kh < g.KH; kh++)
                    for (int kw = 0; kw < g.KW; kw++, row++)
                    {
                        T* run = col + row * count;
                        int off = kw * g.DW - g.PW;
                        WidthRange(off, g.SW, g.IW, 0, g.OW, out int rowLo, out int rowHi);
                        long n = n0;
                        int ow0 = ow00, oh = oh0, od = od0;
                        for (int done = 0; done < count;)
                        {
                            int len = Math.Min(g.OW - ow0, count - done);
                            int id = od * g.SD - g.PD + kd * g.DD, ih = oh * g.SH - g.PH + kh * g.DH;
                            int lo = Math.Max(rowLo, ow0), hi = Math.Min(rowHi, ow0 + len);
                            if ((uint)id >= (uint)g.ID || (uint)ih >= (uint)g.IH || hi < lo) hi = lo;
                            T* inRow = images + n * imgSize + (long)c * g.ImageSpatial + ((long)id * g.IH + ih) * g.IW;
                            // The run's element for output column x is run[x − ow0].
                            default(TRun).Run(run - ow0, inRow, ow0, ow0 + len, lo, hi, off, g.SW);
                            run += len;
                            done += len;
                            ow0 = 0;
                            if (++oh == g.OH)
                            {
                                oh = 0;
                                if (++od == g.OD) { od = 0; n++; }
                            }
                        }
                    }
    }

    /// <summary>One run of a column row against its input row: output columns [from, to), of which [lo, hi) are inside the image.</summary>
    private interface IRun<T> where T : unmanaged
    {
        void Run(T* run, T* inRow, int from, int to, int lo, int hi, int off, int stride);
    }

    /// <summary>im2col: run[x] = inRow[x·s + off] inside the image, 0 outside.</summary>
    private readonly struct PackRun<T> : IRun<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(T* run, T* inRow, int from, int to, int lo, int hi, int off, int stride)
        {
            if (lo >= hi)
            {
                new Span<T>(run + from, to - from).Clear();
                return;
            }
            if (lo > from) new Span<T>(run + from, lo - from).Clear();
            if (stride == 1) new ReadOnlySpan<T>(inRow + lo + off, hi - lo).CopyTo(new Span<T>(run + lo, hi - lo));
            else for (int x = lo; x < hi; x++) run[x] = inRow[x * stride + off];
            if (hi < to) new Span<T>(run + hi, to - hi).Clear();
        }
    }

    /// <summary>col2im: inRow[x·s + off] += run[x] inside the image.</summary>
    private readonly struct UnpackRun<T> : IRun<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(T* run, T* inRow, int from, int to, int lo, int hi, int off, int stride)
        {
            if (lo >= hi) return;
            if (stride == 1)
            {
                var d = new Span<T>(inRow + lo + off, hi - lo);
                TensorPrimitives.Add(d, new ReadOnlySpan<T>(run + lo, hi - lo), d);
            }
            else for (int x = lo; x < hi; x++) inRow[x * stride + off] += run[x];
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
