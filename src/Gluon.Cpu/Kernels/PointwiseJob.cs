using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// One <see cref="PointwiseConv"/> call over cached packed weights: the problem, the work split and
/// the worker delegate bound once per thread, so a call allocates nothing after warm-up (one job per
/// calling thread, taken out of its slot while in use in case of a nested call).
/// An item is (column chunk, range of output-channel panels). Per item and k block the columns of X
/// are packed as NR-wide panels into Workspace slot 0 of the thread running it; C is the output
/// itself (row stride OH·OW) when the chunk lies in one image, otherwise a rows × columns block in
/// slot 2, scattered to the images with the bias afterwards. Edge tiles use slot 1.
/// </summary>
internal sealed unsafe class PointwiseJob
{
    [ThreadStatic] private static PointwiseJob? t_job;

    /// <summary>
    /// True: stride-1 chunks within one image read X's whole column panels straight from the image
    /// rows (<see cref="ItemImageRows"/>); false packs them as before (the benchmarks' before/after switch).
    /// </summary>
    internal static bool ImageRows { get; set; } = true;

    /// <summary>Channel rows of X ahead of the one being packed whose runs are prefetched.</summary>
    private const int PrefetchRows = 4;

    /// <summary>Planes of the strided image that one core copies at least in the shared subsampling.</summary>
    private const int SubsamplePlanes = 16;

    private readonly Action<int, int> _body, _subsample;
    private float* _image, _packed, _output, _bias, _dense;
    private ConvGeometry _g, _strided;
    private int _chunks, _rowParts, _items, _next, _panels, _rowPanels, _kc, _coPad;
    private long _cols;

    private PointwiseJob()
    {
        _body = (_, _) => Items();
        _subsample = (p0, p1) => Subsample(_image, _strided, _dense, p0, p1);
    }

    /// <summary>out = W · image (at the geometry's strides) + bias over the weights packed by <see cref="PointwiseConv.PackWeights"/>.</summary>
    public static void Run(float* image, float* packed, float* output, in ConvGeometry g, float* bias)
    {
        var job = t_job ?? new PointwiseJob();
        t_job = null;
        try
        {
            job.Execute(image, packed, output, g, bias);
        }
        finally
        {
            job._image = job._packed = job._output = job._bias = null;
            t_job = job;
        }
    }

    /// <summary>
    /// dense (N·Ci planes of OH × OW) = the pixels of <paramref name="image"/> at the strides of
    /// <paramref name="g"/>, the planes shared over the cores (with <see cref="ImageRows"/> off, on
    /// the calling thread alone: the benchmarks' before).
    /// </summary>
    public static void Subsample(float* image, in ConvGeometry g, float* dense)
    {
        if (!ImageRows)
        {
            Subsample(image, g, dense, 0, g.N * g.Ci);
            return;
        }
        var job = t_job ?? new PointwiseJob();
        t_job = null;
        try
        {
            job._image = image;
            job._strided = g;
            job._dense = dense;
            CpuParallel.For(g.N * g.Ci, SubsamplePlanes, job._subsample);
        }
        finally
        {
            job._image = job._dense = null;
            t_job = job;
        }
    }

    private void Execute(float* image, float* packed, float* output, in ConvGeometry g, float* bias)
    {
        // Strided images at batch 1 are not first copied densely for the in-place panels: that measured
        // slower on a quiet host (512 → 256 from 28×28: 0.262 against 0.212 ms packing the strided
        // columns; 256 → 512 from 56×56: 0.656 against 0.612), faster only under load.
        int degree = CpuParallel.Degree;
        _image = image;
        _packed = packed;
        _output = output;
        _bias = bias;
        _g = g;
        PointwiseConv.Plan(g, degree, out _chunks, out _rowParts);
        _cols = (long)g.N * g.ColSpatial;
        _panels = (int)((_cols + Sgemm.NR - 1) / Sgemm.NR);
        _rowPanels = (g.Co + Sgemm.MR - 1) / Sgemm.MR;
        _kc = PointwiseConv.Kc(g.Ci);
        _coPad = _rowPanels * Sgemm.MR;
        _items = _chunks * _rowParts;
        _next = 0;
        if (_items < 2 || degree < 2) Items();
        else CpuParallel.For(degree, 1, _body);
    }

    /// <summary>Takes items from the shared counter until none is left (the cores are shared with other processes: no fixed halves).</summary>
    private void Items()
    {
        int item;
        while ((item = Interlocked.Increment(ref _next) - 1) < _items)
        {
            int chunk = item / _rowParts, part = item % _rowParts;
            long j0 = (long)((long)chunk * _panels / _chunks) * Sgemm.NR;
            long j1 = Math.Min(_cols, (long)((long)(chunk + 1) * _panels / _chunks) * Sgemm.NR);
            int r0 = (int)((long)part * _rowPanels / _rowParts) * Sgemm.MR;
            int r1 = Math.Min(_g.Co, (int)((long)(part + 1) * _rowPanels / _rowParts) * Sgemm.MR);
            if (j0 < j1 && r0 < r1) Item(j0, (int)(j1 - j0), r0, r1);
        }
    }

    /// <summary>Output rows [r0, r1) of columns [j0, j0 + nc) of the batch.</summary>
    private void Item(long j0, int nc, int r0, int r1)
    {
        ref readonly var g = ref _g;
        int nr = Sgemm.NR, cs = g.ColSpatial, ci = g.Ci, rows = r1 - r0;
        int ncPad = (nc + nr - 1) / nr * nr;
        float* packB = Workspace<float>.Get(0, (long)_kc * ncPad);
        float* edge = Workspace<float>.Get(1, Sgemm.MR * nr);
        long n0 = j0 / cs;
        bool inPlace = (j0 + nc - 1) / cs == n0;
        float* c;
        nint ldc;
        if (inPlace)
        {
            c = _output + (n0 * g.Co + r0) * cs + (j0 - n0 * cs);
            ldc = cs;
            if (_bias != null)
                for (int r = 0; r < rows; r++) new Span<float>(c + r * ldc, nc).Fill(_bias[r0 + r]);
        }
        else
        {
            c = Workspace<float>.Get(2, (long)rows * nc);
            ldc = nc;
        }
        if (inPlace && ImageRows && g.SH == 1 && g.SW == 1)
        {
            ItemImageRows(_image + n0 * ci * (long)g.IH * g.IW + (j0 - n0 * cs), nc, r0, r1, c, ldc, packB, edge);
            return;
        }
        // Runs of X: (offset of the first pixel in channel 0 of its image, first column in the chunk,
        // length), cut at output rows (strided), images and column panels.
        int segs = Segments(j0, nc, out long* src, out int* col);
        long plane = (long)g.IH * g.IW;
        int* dst = Workspace<int>.Get(1, segs);
        for (int p = 0, offsetsKc = 0; p < ci; p += _kc)
        {
            int kc = Math.Min(_kc, ci - p);
            if (kc != offsetsKc)
            {
                // Where each run lands in the packed panels (NR·kc floats apart), once per block depth.
                for (int i = 0; i < segs; i++) dst[i] = col[2 * i] / nr * nr * kc + col[2 * i] % nr;
                offsetsKc = kc;
            }
            PackColumns(_image + p * plane, plane, g.SW, kc, src, col, dst, segs, nc, packB);
            float beta = p == 0 ? (inPlace && _bias != null ? 1f : 0f) : 1f;
            float* a = _packed + (long)_coPad * p;
            for (int ic = r0; ic < r1; ic += Sgemm.MC)
            {
                int mc = Math.Min(Sgemm.MC, r1 - ic);
                Sgemm.Tiles(a + (long)ic * kc, packB, mc, nc, kc, c + (ic - r0) * ldc, ldc, beta, edge);
            }
        }
        if (!inPlace) Scatter(c, j0, nc, r0, r1);
    }

    /// <summary>
    /// <see cref="Item"/> for a stride-1 chunk within one image: the whole NR-wide panels of X are the
    /// image's channel rows read in place by the micro-kernel (rows plane floats apart), so nothing
    /// is packed but the last nc mod NR columns (a zero-padded panel in <paramref name="packB"/>).
    /// At batch 1 each core packed all the columns itself when the cores split the output channels.
    /// </summary>
    private void ItemImageRows(float* x, int nc, int r0, int r1, float* c, nint ldc, float* packB, float* edge)
    {
        ref readonly var g = ref _g;
        int nr = Sgemm.NR, ci = g.Ci, full = nc / nr * nr, tail = nc - full;
        nint plane = (nint)g.IH * g.IW;
        for (int p = 0; p < ci; p += _kc)
        {
            int kc = Math.Min(_kc, ci - p);
            float* xp = x + p * plane;
            if (tail != 0) PackTail(xp + full, plane, kc, tail, packB);
            float beta = p == 0 ? (_bias != null ? 1f : 0f) : 1f;
            float* a = _packed + (long)_coPad * p;
            for (int ic = r0; ic < r1; ic += Sgemm.MC)
            {
                int mc = Math.Min(Sgemm.MC, r1 - ic);
                float* cb = c + (ic - r0) * ldc;
                if (full != 0) ImageRowTiles(a + (long)ic * kc, xp, plane, mc, full, kc, cb, ldc, beta, edge);
                if (tail != 0) Sgemm.Tiles(a + (long)ic * kc, packB, mc, tail, kc, cb + full, ldc, beta, edge);
            }
        }
    }

    /// <summary>packB[k·NR + t] = x[k·plane + t] for t &lt; cols, zero up to NR (one panel of kc rows).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void PackTail(float* x, long plane, int kc, int cols, float* packB)
    {
        int nr = Sgemm.NR;
        for (int k = 0; k < kc; k++)
        {
            float* s = x + k * plane, d = packB + k * nr;
            int t = 0;
            for (; t < cols; t++) d[t] = s[t];
            for (; t < nr; t++) d[t] = 0f;
        }
    }

    /// <summary>
    /// C[mc × nc] = A (packed MR-row panels, kc deep) · B + beta·C for nc a multiple of NR, B read in
    /// place as kc rows <paramref name="ldb"/> floats apart (<see cref="Sgemm.Tiles"/> over unpacked B):
    /// per column panel the row tiles in turn, the next panel's rows prefetched a few per tile.
    /// </summary>
    private static void ImageRowTiles(float* packA, float* b, nint ldb, int mc, int nc, int kc, float* c, nint ldc, float beta, float* edge)
    {
        int nr = Sgemm.NR, mrFull = Sgemm.MR, tiles = (mc + mrFull - 1) / mrFull;
        int rowsPerTile = (kc + tiles - 1) / tiles;
        for (int jr = 0; jr < nc; jr += nr)
        {
            float* bp = b + jr;
            bool more = jr + nr < nc;
            int k = 0;
            for (int ir = 0; ir < mc; ir += mrFull)
            {
                if (Sse.IsSupported && more)
                    for (int q = 0; q < rowsPerTile && k < kc; q++, k++)
                    {
                        // A row of the next panel: NR floats from an unaligned start span up to three lines.
                        float* row = bp + nr + k * ldb;
                        Sse.Prefetch0(row);
                        Sse.Prefetch0(row + nr / 2);
                        Sse.Prefetch0(row + nr - 1);
                    }
                int mr = Math.Min(mrFull, mc - ir);
                float* ap = packA + (long)ir * kc, ct = c + ir * ldc + jr;
                if (Sse.IsSupported)
                {
                    // The C tile of the next call, as Sgemm.Tiles does: its loads at the end of the
                    // kernel (beta = 1 from the second k block on) otherwise wait on L2 or L3.
                    float* nt = ir + mrFull < mc ? ct + mrFull * ldc : c + jr + nr;
                    for (int i = 0; i < mrFull; i++)
                    {
                        Sse.Prefetch0(nt + i * ldc);
                        Sse.Prefetch0(nt + i * ldc + nr - 1);
                    }
                }
                if (mr == mrFull)
                {
                    Sgemm.Kernel(kc, ap, bp, ldb, ct, ldc, beta);
                    continue;
                }
                Sgemm.Kernel(kc, ap, bp, ldb, edge, nr, 0f);
                for (int i = 0; i < mr; i++)
                {
                    float* src = edge + i * nr, dst = ct + i * ldc;
                    if (beta == 0f) for (int t = 0; t < nr; t++) dst[t] = src[t];
                    else for (int t = 0; t < nr; t++) dst[t] = src[t] + beta * dst[t];
                }
            }
        }
    }

    /// <summary>
    /// The runs of columns [j0, j0 + nc) into this thread's scratch: src[i] the pixel offset of the
    /// run's first position (from channel 0 of the image base), col[2i] its first column in the
    /// chunk, col[2i + 1] its length. A run stays within one output row (or, at stride 1, one
    /// image) and one NR-wide panel.
    /// </summary>
    private int Segments(long j0, int nc, out long* src, out int* col)
    {
        ref readonly var g = ref _g;
        int nr = Sgemm.NR, cs = g.ColSpatial, ow = g.OW;
        long imageFloats = (long)g.Ci * g.IH * g.IW;
        bool flat = g.SH == 1 && g.SW == 1;
        int max = 2 * nc + 2;
        src = Workspace<long>.Get(0, max);
        col = Workspace<int>.Get(0, 2L * max);
        int count = 0;
        for (int jj = 0; jj < nc;)
        {
            long j = j0 + jj, n = j / cs;
            int s = (int)(j - n * cs), len = Math.Min(nc - jj, nr - jj % nr);
            long off;
            if (flat)
            {
                len = Math.Min(len, cs - s);
                off = s;
            }
            else
            {
                int oh = s / ow, x = s - oh * ow;
                len = Math.Min(len, ow - x);
                off = (long)oh * g.SH * g.IW + (long)x * g.SW;
            }
            src[count] = n * imageFloats + off;
            col[2 * count] = jj;
            col[2 * count + 1] = len;
            count++;
            jj += len;
        }
        return count;
    }

    /// <summary>
    /// Packs kc channel rows of X (channel k at x + k·plane) as NR-wide panels, kc rows each
    /// (panel q at dst + q·NR·kc), from the runs (run i to dst + k·NR + offset[i]); columns past nc
    /// in the last panel are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackColumns(float* x, long plane, int step, int kc, long* src, int* col, int* offset, int segs, int nc, float* dst)
    {
        int nr = Sgemm.NR, tail = nc % nr;
        float* last = dst + (long)(nc / nr) * nr * kc;
        for (int k = 0; k < kc; k++)
        {
            float* xk = x + k * plane, dk = dst + k * nr;
            for (int i = 0; i < segs; i++)
            {
                // The same run PrefetchRows channels ahead: each channel's run is a new page, where the
                // hardware prefetcher starts over (as in Sgemm's packing of B's rows).
                if (Sse.IsSupported && k + PrefetchRows < kc)
                {
                    float* ahead = xk + PrefetchRows * plane + src[i];
                    int span = (col[2 * i + 1] - 1) * step;
                    for (int o = 0; o < span; o += 16) Sse.Prefetch0(ahead + o);
                    Sse.Prefetch0(ahead + span);
                }
                float* d = dk + offset[i];
                if (step == 1) DepthwisePlanes.CopyRow(d, xk + src[i], col[2 * i + 1]);
                else CopyStrided(xk + src[i], step, d, col[2 * i + 1]);
            }
            if (tail != 0)
                for (int t = tail; t < nr; t++) last[k * nr + t] = 0f;
        }
    }

    /// <summary>
    /// d[i] = s[i·step] for i &lt; len: one output row's pixels of a strided convolution. At step 2
    /// the even lanes of pairs of vectors are packed by shuffles (a scalar gather cost as much as a
    /// quarter of a 64-channel product), reading no further than s[2·len − 2].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyStrided(float* s, int step, float* d, int len)
    {
        int i = 0;
        if (step == 2)
        {
            if (Avx512F.IsSupported)
            {
                var evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
                for (; i + 16 < len; i += 16)
                    Vector512.Store(Avx512F.PermuteVar16x32x2(Vector512.Load(s + 2 * i), evens, Vector512.Load(s + 2 * i + 16)), d + i);
            }
            if (Avx2.IsSupported)
            {
                // [a0 a2 b0 b2 | a4 a6 b4 b6] from a = s[0..8), b = s[8..16), then the 64-bit lanes reordered.
                for (; i + 8 < len; i += 8)
                {
                    var even = Avx.Shuffle(Vector256.Load(s + 2 * i), Vector256.Load(s + 2 * i + 8), 0x88);
                    Vector256.Store(Avx2.Permute4x64(even.AsDouble(), 0xD8).AsSingle(), d + i);
                }
            }
        }
        for (; i < len; i++) d[i] = s[(long)i * step];
    }

    /// <summary>dense[p, oh, ow] = image[p, oh·SH, ow·SW] for the planes (image, channel) [p0, p1) of <paramref name="g"/>.</summary>
    private static void Subsample(float* image, in ConvGeometry g, float* dense, int p0, int p1)
    {
        long inPlane = (long)g.IH * g.IW, outPlane = (long)g.OH * g.OW;
        int oh = g.OH, ow = g.OW, sh = g.SH, sw = g.SW, iw = g.IW;
        for (long p = p0; p < p1; p++)
        {
            float* src = image + p * inPlane, dst = dense + p * outPlane;
            for (int r = 0; r < oh; r++)
            {
                if (sw == 1) DepthwisePlanes.CopyRow(dst + r * ow, src + (long)r * sh * iw, ow);
                else CopyStrided(src + (long)r * sh * iw, sw, dst + r * ow, ow);
            }
        }
    }

    /// <summary>out[n, r, s] = c[r − r0, column of (n, s)] + bias[r] for the rows and columns of a chunk spanning images.</summary>
    private void Scatter(float* c, long j0, int nc, int r0, int r1)
    {
        ref readonly var g = ref _g;
        int cs = g.ColSpatial;
        for (int jj = 0; jj < nc;)
        {
            long j = j0 + jj, n = j / cs;
            int s = (int)(j - n * cs), len = Math.Min(nc - jj, cs - s);
            for (int r = r0; r < r1; r++)
            {
                var from = new ReadOnlySpan<float>(c + (long)(r - r0) * nc + jj, len);
                var to = new Span<float>(_output + (n * g.Co + r) * cs + s, len);
                if (_bias == null) from.CopyTo(to);
                else TensorPrimitives.Add(from, _bias[r], to);
            }
            jj += len;
        }
    }
}
