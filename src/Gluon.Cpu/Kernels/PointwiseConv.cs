namespace Gluon.Cpu.Kernels;

/// <summary>
/// 1×1 float convolutions (any stride, no padding, one group) whose weights are unchanged between
/// calls (inference): per image, out (Co × OH·OW) = W (Co × Ci) · X (Ci × OH·OW) + bias, X the image
/// at every SH-th row and SW-th column. W is kept in <see cref="WeightCache"/> as the sgemm
/// micro-kernel's packed MR-row panels, k block by k block (<see cref="PackWeights"/>), so a call
/// packs only X: its NR-wide column panels are copied straight from the image rows (every SW-th
/// pixel at stride 2: the compact subsampled copy) into per-core scratch, one k block at a time,
/// and <see cref="Sgemm.Tiles"/> runs the register tiles over the cached panels. The columns of the
/// whole batch form one product (panels may span images), cut into column chunks; the cores split
/// either the chunks (each reads all of W) or, where the packing of X would cost less than padded
/// panels (few columns: 7×7 and 14×14 at batch 1), the output-channel panels (each packs all of X).
/// Training (weights written every step) never finds the pack cached and stays on the caller's path.
/// A chunk of stride-1 columns within one image reads its whole panels in place from the image rows
/// (<see cref="PointwiseJob.ImageRows"/>). Stride-1 images of <see cref="InPlaceColumns"/>
/// positions and more stay on the driver's in-place GEMM from batch 2 on; 7×7 outputs at batch 1 go to <see cref="DirectConvChannels"/> (<see cref="ChannelTilesServe"/>,
/// strided ones over a dense copy of the pixels at the strides: <see cref="ForwardSubsampled"/>).
/// </summary>
internal static unsafe class PointwiseConv
{
    /// <summary>False leaves every 1×1 convolution to the other paths (the benchmarks' before/after switch in one process).</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>Deepest k block (input channels) of the products: a KC × NR panel of X stays in L1 while the A panels pass it.</summary>
    private const int KcMax = 256;

    /// <summary>Most columns of one chunk: its packed k block of X (256 × 512 floats, 512 KiB) stays in L2 while every A panel passes.</summary>
    private const int ChunkColumns = 512;

    /// <summary>Fewest input and output channels: below them the per-call pack of W is cheap and the other paths serve.</summary>
    private const int MinChannels = 64;

    /// <summary>Multiply-adds below which a call stays on the calling thread.</summary>
    private const long ParallelWork = 1L << 20;

    /// <summary>
    /// Cost of packing one float of X, in multiply-adds of the products (a copy at about one float
    /// a cycle against 16 fused multiply-adds a cycle): weighs the duplicated packing of a split
    /// by output channels against the padded panels of a split by columns.
    /// </summary>
    private const int PackCost = 16;

    /// <summary>
    /// <see cref="PackCost"/> of a strided convolution: its runs are output rows (7 positions at
    /// 7×7), too short for the shuffles, so mostly a scalar gather (measured, 1024 → 512 at stride 2
    /// from 14×14, batch 16: 8.0 ms with every core packing all columns against 6.3 on the old path;
    /// 512 → 256 at stride 2 from 28×28, batch 1: split by columns 0.50 ms, by rows 0.58).
    /// </summary>
    private const int StridedPackCost = 96;

    /// <summary>Cost of reading one float of the packed weights from L3 or memory, in multiply-adds (each core reads its rows' share).</summary>
    private const int ReadCost = 4;

    /// <summary>
    /// Output positions of an image from which a stride-1 1×1 convolution of more images than cores
    /// stays on the im2col driver's in-place GEMM (one image per core at batch 16, the weights packed
    /// per call; at batch 1 this path reads the image rows in place, 0.29 against 0.39 ms for
    /// 256 → 64 at 56×56 and 512 → 128 at 28×28 in the same rounds, see <see cref="WideImageRows"/>): it
    /// measured as fast or faster there, in the same rounds (ms, batch 16 / batch 1, load average
    /// 5-7): 64 → 64 at 56×56 3.31 against 4.59 here / even; 128 → 512 at 28×28 8.54 against 9.85 /
    /// 0.53 against 0.55; 256 → 64 at 56×56 19.9 against 22.9 / 0.65 against 0.69.
    /// </summary>
    private const int InPlaceColumns = 256;

    /// <summary>
    /// True when <paramref name="g"/> is a 1-D or 2-D ungrouped 1×1 convolution without padding,
    /// with at least <see cref="MinChannels"/> channels a side, strided, with fewer than
    /// <see cref="InPlaceColumns"/> output positions, or of fewer images than cores.
    /// </summary>
    public static bool Applies(in ConvGeometry g) =>
        Enabled && !ChannelTilesServe(g) && g.G == 1 && g.K == 1 && g.ID == 1 && g.OD == 1 && g.PH == 0 && g.PW == 0 && g.PD == 0
        && g.Ci >= MinChannels && g.Co >= MinChannels && g.N > 0 && g.ColSpatial > 0
        && (g.SH * g.SW > 1 || g.ColSpatial < InPlaceColumns || (WideImageRows && PointwiseJob.ImageRows && g.N < CpuParallel.Degree))
        && g.OH == (g.IH - 1) / g.SH + 1 && g.OW == (g.IW - 1) / g.SW + 1;

    /// <summary>
    /// True takes stride-1 images of <see cref="InPlaceColumns"/> positions and more at batch 1 too
    /// (their column panels read in place from the image rows, nothing packed per call); false leaves
    /// them on the driver's in-place GEMM (the benchmarks' switch).
    /// </summary>
    internal static bool WideImageRows { get; set; } = true;

    /// <summary>False keeps the problems of <see cref="ChannelTilesServe"/> on this path (the benchmarks' switch).</summary>
    internal static bool ChannelTiles { get; set; } = true;

    /// <summary>Most output positions of an image that <see cref="ChannelTilesServe"/> leaves to <see cref="DirectConvChannels"/>.</summary>
    private const int ChannelTilePositions = 64;

    /// <summary>
    /// True for the 1×1 convolutions that <see cref="DirectConvChannels"/> serves instead (when its
    /// weights are cached): fewer images than cores and at most <see cref="ChannelTilePositions"/>
    /// output positions (7×7). Its tiles run vectors over output channels and broadcast each pixel,
    /// so 49 positions cost 49, where this path's 32-wide column panels compute 64 (measured at
    /// batch 1, 1024 → 1024 at 7×7: 0.645 against 0.822 ms; at 14×14 and from batch 2 on this path is
    /// as fast or faster, e.g. 256 → 512 at 14×14 batch 1 0.325 against 0.369 ms).
    /// </summary>
    internal static bool ChannelTilesServe(in ConvGeometry g) =>
        Enabled && ChannelTiles && g.K == 1 && g.N < CpuParallel.Degree && g.ColSpatial <= ChannelTilePositions && FmaIsaSelect.Current == FmaIsa.Avx512;

    /// <summary>Depth of the k blocks of the packed weights of <paramref name="ci"/> input channels (equal blocks of at most <see cref="KcMax"/>).</summary>
    internal static int Kc(int ci) => Sgemm.Balanced(ci, KcMax, 1);

    /// <summary>Output channels rounded up to whole MR-row panels.</summary>
    private static int CoPadded(int co) => (co + Sgemm.MR - 1) / Sgemm.MR * Sgemm.MR;

    /// <summary>Floats of the packed weights of <paramref name="g"/>.</summary>
    public static long PackedFloats(in ConvGeometry g) => (long)CoPadded(g.Co) * g.Ci;

    /// <summary>The <see cref="WeightCache"/> layout code of the packed weights of <paramref name="g"/>.</summary>
    internal static long Layout(in ConvGeometry g) => (0x50L << 56) | ((long)Sgemm.MR << 48) | ((long)g.Ci << 24) | (uint)g.Co;

    /// <summary>
    /// True when the packed weights named by <paramref name="key"/> are cached for their current
    /// version or will be by the next call (<see cref="WeightCache.Holds"/>); the first call with
    /// a version records it and leaves the call to the other paths.
    /// </summary>
    public static bool Cached(in ConvGeometry g, in WeightKey key) => WeightCache.Holds(key, Layout(g), PackedFloats(g));

    /// <summary>
    /// out (N, Co, OH, OW) = W (Co, Ci) · image (N, Ci, IH, IW) at stride (SH, SW) + bias (null for
    /// none), the weights packed in the cache entry of <paramref name="key"/> (packed into it when not
    /// ready). False, computing nothing, when the cache has no room for them after all.
    /// </summary>
    public static bool Forward(float* image, float* weight, float* output, in ConvGeometry g, float* bias, in WeightKey key)
    {
        using var cached = WeightCache.Get(key, Layout(g), PackedFloats(g));
        if (cached.Data == null) return false;
        if (!cached.Ready)
        {
            PackWeights(weight, g, cached.Data);
            cached.MarkReady();
        }
        PointwiseJob.Run(image, cached.Data, output, g, bias);
        return true;
    }

    [ThreadStatic] private static float[]? t_subsampled;

    /// <summary>
    /// A strided problem of <see cref="ChannelTilesServe"/>: the pixels at the strides copied
    /// densely by the cores together (N × Ci × OH × OW, a thread-static buffer: <see cref="DirectConvChannels"/> uses the
    /// workspace slots), then the stride-1 problem on them by <see cref="DirectConvChannels"/>, whose
    /// 7-position runs cost no padded lanes (its own stride-2 reads over a copy of the whole image
    /// measured 0.68 against 0.59 ms on this path for 1024 → 512 from 14×14 at batch 1).
    /// </summary>
    public static void ForwardSubsampled(float* image, float* weight, float* output, in ConvGeometry g, float* bias, in WeightKey key)
    {
        long count = (long)g.N * g.Ci * g.ColSpatial;
        if (t_subsampled is null || t_subsampled.Length < count + 16) t_subsampled = GC.AllocateUninitializedArray<float>((int)(count + 16), pinned: true);
        fixed (float* buf = t_subsampled)
        {
            float* dense = (float*)(((nint)buf + 63) & ~(nint)63);
            PointwiseJob.Subsample(image, g, dense);
            DirectConvChannels.Forward(dense, weight, output, g.Subsampled(), bias, key);
        }
    }

    /// <summary>
    /// The weights (Co, Ci) as MR-row panels per k block: block p (input channels p … p + kc, kc =
    /// <see cref="Kc"/>) starts at packed + CoPadded·p and holds panel r (rows r·MR …) at r·MR·kc, kc
    /// steps of MR values (rows past Co zero). Such a block of rows is what <see cref="Sgemm.Tiles"/> reads.
    /// </summary>
    public static void PackWeights(float* weight, in ConvGeometry g, float* packed)
    {
        int ci = g.Ci, kc = Kc(ci), coPad = CoPadded(g.Co);
        for (int p = 0; p < ci; p += kc)
            Sgemm.PackA(weight, ci, false, 1f, 0, g.Co, p, Math.Min(kc, ci - p), packed + (long)coPad * p);
    }

    /// <summary>
    /// The work split of a call: <paramref name="chunks"/> column chunks, each cut into
    /// <paramref name="rowParts"/> ranges of output-channel panels (1 or the core count).
    /// </summary>
    internal static void Plan(in ConvGeometry g, int degree, out int chunks, out int rowParts)
    {
        int nr = Sgemm.NR, mr = Sgemm.MR;
        long cols = (long)g.N * g.ColSpatial;
        int panels = (int)((cols + nr - 1) / nr), rowPanels = (g.Co + mr - 1) / mr;
        int maxPanels = Math.Max(1, ChunkColumns / nr);
        chunks = (panels + maxPanels - 1) / maxPanels;
        rowParts = 1;
        if (degree <= 1 || (long)g.Co * g.Ci * cols < ParallelWork) return;
        // Whole chunks per core where there are enough (a multiple of the core count, so none waits).
        if (chunks >= 2 * degree) { chunks = (chunks + degree - 1) / degree * degree; return; }
        // Few chunks: split the columns (panels padded to whole cores) or the rows (X packed by every core).
        int colPanelsPerCore = (panels + degree - 1) / degree;
        long weights = (long)rowPanels * mr * g.Ci, pack = g.SH * g.SW > 1 ? StridedPackCost : PackCost;
        long byCols = weights * (colPanelsPerCore * nr + ReadCost) + pack * g.Ci * Math.Min(cols, (long)colPanelsPerCore * nr);
        long byRows = weights / degree * (panels * nr + ReadCost) + pack * g.Ci * cols;
        if (byRows < byCols) rowParts = Math.Min(degree, rowPanels);
        else chunks = Math.Max(chunks, Math.Min(panels, degree));
    }
}
