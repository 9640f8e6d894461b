using System.Runtime.CompilerServices;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The direct float convolution with vectors over output channels instead of output positions:
/// one image at a time over all cores for a batch smaller than the core count, whole images per
/// core otherwise. The image copy and tap offsets of <see cref="DirectConv"/> (a plain padded
/// copy at column strides 1 and 2, phase planes beyond), but a register tile is 32 output
/// channels × two runs of 7 consecutive output positions of one output row
/// (<see cref="DirectConvChannelKernels"/>), each pixel broadcast: rows of 7, 14 and 28 (ResNet-18's deep layers at 224²) split into runs with no
/// position computed and dropped, where 16-position vectors computed 64 positions for 7×7's 49 and
/// 16 for each 14-wide row. The weights are read as [channel block of 32][tap][32] (see
/// <see cref="PackWeights"/>): a transpose of the whole array, so the convolution driver takes
/// this path only once <see cref="WeightCache"/> holds the packed form (see <see cref="Cached"/>).
/// AVX-512 only (32 zmm registers hold the 28 accumulators); other ISAs keep <see cref="DirectConv"/>.
/// </summary>
internal static unsafe class DirectConvChannels
{
    /// <summary>Output positions of one run (a piece of one output row).</summary>
    internal const int Run = 7;

    /// <summary>Output channels of a register tile (two zmm vectors).</summary>
    internal const int Lanes = 32;

    /// <summary>Fewest input and output channels: below them the channel tile pads or the taps are too few to hide the tile's stores.</summary>
    private const int MinChannels = 64;

    /// <summary>Multiply-adds below which a convolution stays on the calling thread.</summary>
    private const long ParallelWork = 1L << 18;

    /// <summary>
    /// True when this path serves <paramref name="g"/>: AVX-512, 2-D, one group, a kernel of more
    /// than one tap (or a 1×1 one that <see cref="PointwiseConv.ChannelTilesServe"/> leaves here), at least <see cref="MinChannels"/> channels each side. Measured against
    /// <see cref="DirectConv"/> (time ratios, ResNet-18's 64→128, 128→256 and 256→512 stride-2
    /// and 256, 512 stride-1 layers): batch 1 0.61-0.81, batch 16 0.79-0.90.
    /// </summary>
    public static bool Applies(in ConvGeometry g) =>
        Enabled && FmaIsaSelect.Current == FmaIsa.Avx512 && g.G == 1 && g.KD == 1 && g.ID == 1 && g.OD == 1 && (g.K > 1 || PointwiseConv.ChannelTilesServe(g))
        && g.SH <= 16 && g.SW <= 16 && g.Ci >= MinChannels && g.Co >= MinChannels && g.N > 0;

    /// <summary>Register tiles of one image and channel block (pairs of runs of <see cref="Run"/> positions).</summary>
    private static int Tiles(in ConvGeometry g) => (g.OH * ((g.OW + Run - 1) / Run) + 1) / 2;

    /// <summary>False leaves every call to <see cref="DirectConv"/> (the benchmarks' before/after switch in one process).</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>Channel blocks of <see cref="Lanes"/> (the last padded with zero weights).</summary>
    private static int Blocks(in ConvGeometry g) => (g.Co + Lanes - 1) / Lanes;

    /// <summary>Floats of the packed weights of <paramref name="g"/>.</summary>
    public static long PackedFloats(in ConvGeometry g) => (long)Blocks(g) * Lanes * g.RowsG;

    /// <summary>The <see cref="WeightCache"/> layout code of the packed weights of <paramref name="g"/>.</summary>
    internal static long Layout(in ConvGeometry g) => (0x44L << 56) | ((long)Lanes << 48) | ((long)g.RowsG << 24) | (uint)g.Co;

    /// <summary>
    /// True when the packed form of the weights named by <paramref name="key"/> is cached for their
    /// current version, or will be by the next call (see <see cref="WeightCache.Holds"/>): the
    /// per-call pack (a transpose of the whole array: 1.0-1.5 ms for 512 channels, more than the
    /// convolution) never pays, so without it <see cref="DirectConv"/> serves the call.
    /// </summary>
    public static bool Cached(in ConvGeometry g, in WeightKey key) => WeightCache.Holds(key, Layout(g), PackedFloats(g));

    /// <summary>
    /// out (N, Co, OH, OW) = W ⋆ image + bias (bias null for none): the weights (Co, Ci, KH, KW)
    /// packed from the cache entry of <paramref name="key"/> (packed into it when not ready). When
    /// the cache has no room for them after all (evicted since <see cref="Cached"/>), the call goes
    /// to <see cref="DirectConv"/>, cheaper than packing for one call.
    /// </summary>
    public static void Forward(float* image, float* weight, float* output, ConvGeometry g, float* bias, in WeightKey key)
    {
        using var cached = WeightCache.Get(key, Layout(g), PackedFloats(g));
        if (cached.Data == null)
        {
            DirectConv.Forward(image, weight, output, g, bias, flipped: false);
            return;
        }
        if (!cached.Ready)
        {
            PackWeights(weight, g, cached.Data);
            cached.MarkReady();
        }
        ForwardPacked(image, cached.Data, output, g, bias);
    }

    /// <summary>
    /// packed[(b·taps + t)·32 + j] = W[32·b + j, t] (zero for channels past Co), t = (ci, kh, kw): each
    /// block's weights as one stream of taps, 32 channels per tap. Threaded over blocks.
    /// </summary>
    public static void PackWeights(float* weight, in ConvGeometry g, float* packed)
    {
        int blocks = Blocks(g), taps = g.RowsG, co = g.Co;
        nint pw = (nint)weight, pp = (nint)packed;
        int degree = (long)co * taps < ParallelWork ? 1 : CpuParallel.Degree;
        if (degree == 1)
        {
            PackBlocks((float*)pw, (float*)pp, co, taps, 0, blocks);
            return;
        }
        CpuParallel.For(blocks, 1, (b0, b1) => PackBlocks((float*)pw, (float*)pp, co, taps, b0, b1));
    }

    /// <summary>The blocks [b0, b1) of <see cref="PackWeights"/>, 16 taps at a time (a 32 × 16 transpose whose lines stay in L1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackBlocks(float* w, float* packed, int co, int taps, int b0, int b1)
    {
        for (int b = b0; b < b1; b++)
        {
            float* dst = packed + (long)b * taps * Lanes;
            int rows = Math.Min(Lanes, co - b * Lanes);
            for (int t0 = 0; t0 < taps; t0 += 16)
            {
                int t1 = Math.Min(taps, t0 + 16);
                for (int j = 0; j < rows; j++)
                {
                    float* src = w + (long)(b * Lanes + j) * taps;
                    for (int t = t0; t < t1; t++) dst[t * Lanes + j] = src[t];
                }
                for (int j = rows; j < Lanes; j++)
                    for (int t = t0; t < t1; t++) dst[t * Lanes + j] = 0f;
            }
        }
    }

    /// <summary>out (N, Co, OH, OW) = W ⋆ image + bias with the weights already packed by <see cref="PackWeights"/>.</summary>
    public static void ForwardPacked(float* image, float* packed, float* output, ConvGeometry g, float* bias)
    {
        // A plain padded copy where the column stride is 2 (the kernel steps over every other
        // pixel): each tap's run then reads one input row's lines, where the phase planes' runs
        // of a channel spread over six rows of four planes; and the copy is a row copy.
        var plan = new DirectConv.Plan(g, split: g.SW > 2);
        int rowStep = g.SH / plan.SH, colStep = g.SW / plan.SW;
        int taps = g.RowsG, blocks = Blocks(g);
        int* off = Workspace<int>.Get(0, taps);
        DirectConv.Offsets(g, plan, off, taps);
        int perRow = (g.OW + Run - 1) / Run, runs = g.OH * perRow, tiles = Tiles(g);
        long work = (long)blocks * Lanes * taps * runs * Run;
        int degree = work < ParallelWork ? 1 : CpuParallel.Degree;
        // Items. Outputs of 14 rows and more (at least 4·degree tiles): the cores split the rows,
        // each running every block over its tiles, so each copies and reads half the image and
        // streams all the weights in order. Smaller outputs (7×7: 4 tiles) split the channel
        // blocks instead, one block per item. Measured at batch 1 over phase-split copies (time
        // ratios rows/blocks): 128→256 at 28² 0.82, 64→128 at 56² 0.95, 256 at 14² 0.99, 512 at
        // 7² 1.05-1.12; over plain copies 256→512 at 14² (7×7 out) 1.1-1.2.
        bool splitRows = tiles >= 4 * degree;
        int tChunks = splitRows ? degree : Math.Clamp((2 * degree + blocks - 1) / blocks, 1, tiles);
        int bChunks = splitRows ? 1 : blocks, items = bChunks * tChunks;
        bool claimAhead = !splitRows && items >= 4 * degree;
        nint pp = (nint)packed, poff = (nint)off, pb = (nint)bias;
        var geo = g;
        if (g.N >= degree && degree > 1)
        {
            // A batch of at least one image per core: whole images per core, each copied into that
            // core's scratch and run over every block (measured at batch 16, time ratios against
            // one image at a time over both cores: 0.87-0.91 for ResNet-18's five layers here).
            int nextImage = 0;
            nint pi = (nint)image, po = (nint)output;
            CpuParallel.For(degree, 1, (_, _) =>
            {
                float* buf = Workspace<float>.Get(2, 2 * Run * Lanes);
                float* x = Workspace<float>.Get(1, plan.ImageFloats);
                int n;
                while ((n = Interlocked.Increment(ref nextImage) - 1) < geo.N)
                {
                    DirectConv.Prepare((float*)pi + (long)n * geo.Ci * geo.ImageSpatial, geo, plan, x);
                    float* o = (float*)po + (long)n * geo.Co * geo.ColSpatial;
                    Tiles(colStep, x, (float*)pp, (int*)poff, buf, o, (float*)pb, geo, plan.Wph * rowStep, 0, blocks, 0, tiles, perRow, runs);
                }
            });
            return;
        }
        for (int n = 0; n < g.N; n++)
        {
            nint pimg = (nint)(image + (long)n * g.Ci * g.ImageSpatial), pout = (nint)(output + (long)n * g.Co * g.ColSpatial);
            int next = 0;
            // Each core copies what its items read into its own scratch: the plane rows of its
            // output rows, or (split blocks) the whole image. One hand-off per image and no copy
            // lines passed between cores: against one copy shared by the cores, 256→512 at 14²
            // 0.77 of the time, 64→128 at 56² and 128→256 at 28² 0.82-0.85, 512 at 7² even.
            CpuParallel.For(degree, 1, (_, _) =>
            {
                float* buf = Workspace<float>.Get(2, 2 * Run * Lanes);
                float* x = Workspace<float>.Get(1, plan.ImageFloats);
                if (!splitRows && Volatile.Read(ref next) < items) DirectConv.Prepare((float*)pimg, geo, plan, x);
                int item = Interlocked.Increment(ref next) - 1;
                while (item < items)
                {
                    // With items to spare (one block each), the next one is claimed before this one
                    // runs, so its block can be prefetched; with few (whole blocks ranges: split rows)
                    // claiming ahead would leave a core without work.
                    int following = claimAhead ? Interlocked.Increment(ref next) - 1 : items;
                    int bNext = !splitRows && following < items ? following / tChunks : -1;
                    int bc = item / tChunks, tc = item % tChunks;
                    int t0 = (int)((long)tiles * tc / tChunks), t1 = (int)((long)tiles * (tc + 1) / tChunks);
                    if (splitRows)
                    {
                        // Output rows [oh0, oh1] read copy rows [oh0·rowStep, oh1·rowStep + (KH − 1)·DH / plan.SH].
                        int oh0 = 2 * t0 / perRow, oh1 = (Math.Min(2 * t1, runs) - 1) / perRow;
                        DirectConv.Prepare((float*)pimg, geo, plan, x, oh0 * rowStep, Math.Min(plan.Hph, oh1 * rowStep + (geo.KH - 1) * geo.DH / plan.SH + 1));
                    }
                    int b0 = splitRows ? 0 : bc, b1 = splitRows ? blocks : bc + 1;
                    Tiles(colStep, x, (float*)pp, (int*)poff, buf, (float*)pout, (float*)pb, geo, plan.Wph * rowStep, b0, b1, t0, t1, perRow, runs, bNext);
                    item = claimAhead ? following : Interlocked.Increment(ref next) - 1;
                }
            });
        }
    }

    /// <summary><see cref="Tiles{TStep}"/> for positions <paramref name="colStep"/> (1 or 2) pixels apart.</summary>
    private static void Tiles(int colStep, float* x, float* packed, int* off, float* buf, float* output, float* bias, in ConvGeometry g, int rowFloats, int b0, int b1,
        int t0, int t1, int perRow, int runs, int bNext = -1)
    {
        if (colStep == 2) Tiles<PixelStep2>(x, packed, off, buf, output, bias, g, rowFloats, b0, b1, t0, t1, perRow, runs, bNext);
        else Tiles<PixelStep1>(x, packed, off, buf, output, bias, g, rowFloats, b0, b1, t0, t1, perRow, runs, bNext);
    }

    /// <summary>
    /// Tiles [t0, t1) of channel blocks [b0, b1), blocks outside (a block's weights stay in L2 while
    /// its tiles pass): tile t is runs 2t and 2t + 1 (the last alone when the run count is odd);
    /// output rows <paramref name="rowFloats"/> apart in the copy, positions TStep pixels apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiles<TStep>(float* x, float* packed, int* off, float* buf, float* output, float* bias, in ConvGeometry g, int rowFloats, int b0, int b1,
        int t0, int t1, int perRow, int runs, int bNext) where TStep : struct, IPixelStep
    {
        int taps = g.RowsG;
        for (int b = b0; b < b1; b++)
        {
            float* wb = packed + (long)b * taps * Lanes;
            // Tile k of the t1 − t0 prefetches the k-th part of the next block's weights into L2
            // (a block's first tile otherwise waits on them from L3 or memory): 512 at 7², weights
            // not in L2 beforehand, 0.84-0.88 → 0.77-0.80 of DirectConv's time. Without a next
            // block the kernels prefetch the current one's (already there).
            // The pointer steps 32 bytes a tap, so each line is asked for twice.
            int nb = b + 1 < b1 ? b + 1 : bNext;
            byte* next = (byte*)(nb >= 0 ? packed + (long)nb * taps * Lanes : wb);
            long part = (long)taps * Lanes * sizeof(float) / Math.Max(1, t1 - t0);
            for (int t = t0; t < t1; t++)
            {
                byte* pf = next + (t - t0) * part / 4 * 4;
                int ra = 2 * t, rb = ra + 1;
                float* xa = x + ra / perRow * rowFloats + ra % perRow * Run * TStep.Value;
                if (rb < runs)
                {
                    DirectConvChannelKernels.Pair512<TStep>(taps, wb, xa, x + rb / perRow * rowFloats + rb % perRow * Run * TStep.Value, off, buf, pf);
                    StoreRun(buf, output, bias, g, b, ra, perRow);
                    StoreRun(buf + Run * Lanes, output, bias, g, b, rb, perRow);
                }
                else
                {
                    DirectConvChannelKernels.Single512<TStep>(taps, wb, xa, off, buf, pf);
                    StoreRun(buf, output, bias, g, b, ra, perRow);
                }
            }
        }
    }

    /// <summary>out[32·b + j, oh, ow0 + p] = c[p·32 + j] (+ bias) for the valid channels and positions of run <paramref name="run"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StoreRun(float* c, float* output, float* bias, in ConvGeometry g, int b, int run, int perRow)
    {
        int oh = run / perRow, ow0 = run % perRow * Run, count = Math.Min(Run, g.OW - ow0), rows = Math.Min(Lanes, g.Co - b * Lanes);
        long plane = (long)g.OH * g.OW;
        float* d = output + b * Lanes * plane + oh * g.OW + ow0;
        for (int j = 0; j < rows; j++, d += plane)
        {
            float bv = bias == null ? 0f : bias[b * Lanes + j];
            for (int p = 0; p < count; p++) d[p] = c[p * Lanes + j] + bv;
        }
    }
}
