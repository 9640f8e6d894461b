using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Float convolution without a column matrix (an implicit GEMM that packs nothing on the image
/// side). Each image is copied once, zero-padded and split into its stride phases (plane (r, q)
/// holds the padded pixels at rows ≡ r mod SH and columns ≡ q mod SW), so every tap of every
/// stride becomes a constant offset into the copy, and output positions are laid out "wide":
/// position y = oh·Wph + ow, with Wph the phase-plane width, so that a vector of consecutive
/// positions reads a vector of consecutive pixels for each tap. Positions with ow ≥ OW are
/// computed and dropped. Then
/// <list type="bullet">
/// <item>forward: out[co, y] = Σ_t W[co, t] · plane[off[t] + y], in MR-channel × 2-vector register
/// tiles (<see cref="DirectConvKernels"/>) over weights packed once per call; where output rows
/// split into vectors with no more waste than the wide tiles (ResNet's 112- and 14-wide rows),
/// each vector of a tile is instead a run of one output row, stored straight into the output
/// (masked at the row's end) with no wide block to copy out;</item>
/// <item>the data gradient of a stride-1 convolution is the same forward over out_grad with the
/// kernel flipped and transposed and padding dil·(K − 1) − pad (no col2im scatter);</item>
/// <item>the weight gradient, for small kernels (LeNet), is dW[co, t] = Σ_y dy[co, y] · plane[off[t] + y]
/// over zero-filled wide gradient rows, in 4 × 4 blocks of dot products.</item>
/// </list>
/// 2-D and 1-D only. Threads take whole images when the batch has at least one per core,
/// otherwise chunks of position tiles of one image.
/// </summary>
internal static unsafe class DirectConv
{
    private static readonly FmaIsa Kind = FmaIsaSelect.Current;

    /// <summary>Output channels of a register tile.</summary>
    internal static readonly int MR = Kind switch { FmaIsa.Avx512 => 8, FmaIsa.Avx2 => 6, _ => 4 };

    /// <summary>Floats per vector.</summary>
    private static readonly int VL = Kind switch { FmaIsa.Avx512 => 16, FmaIsa.Avx2 => 8, _ => 4 };

    /// <summary>Output positions of a register tile (two vectors).</summary>
    private static int PT => 2 * VL;

    /// <summary>Bytes of the per-thread wide output block of one work item.</summary>
    private const int WideBytes = 64 << 10;

    /// <summary>Bytes of weight rows an item keeps in L2 across its tiles.</summary>
    private const int WeightBytesInL2 = 512 << 10;

    /// <summary>Multiply-adds below which a convolution stays on the calling thread.</summary>
    private const long ParallelWork = 1L << 18;

    /// <summary>Largest Co·Ci/G·K handled by the direct weight gradient (its 4 × 4 dot blocks read each plane once per 4 channels).</summary>
    private const int MaxWeightGradientSize = 4096;

    /// <summary>
    /// True when the direct forward handles <paramref name="g"/>: 2-D or 1-D, stride up to 16, a
    /// kernel of more than one tap, or a strided 1×1 kernel whose register tile reads at most
    /// <see cref="PointwiseTileBytes"/> of pixels (a 1×1 kernel reads one channel plane per tap,
    /// nothing shared between taps: with many channels, and at stride 1 where no subsampled copy
    /// is saved, the packed GEMM's panels were measured faster).
    /// </summary>
    public static bool Applies(in ConvGeometry g) =>
        g.KD == 1 && g.ID == 1 && g.OD == 1 && g.SH <= 16 && g.SW <= 16 && g.N > 0 && g.ColSpatial > 0
        && (g.K > 1 || (g.SH * g.SW > 1 && (long)g.RowsG * PT * sizeof(float) <= PointwiseTileBytes));

    /// <summary>
    /// Most pixel bytes one register tile of a strided 1×1 convolution may read (taps × positions):
    /// a quarter of L1, so the tile's pixels and weight rows stay there. Measured (2-core AVX-512,
    /// ResNet-18 downsamples): 64 channels 0.8× the im2col path's time, 128 about even, 256 1.25×.
    /// </summary>
    private const int PointwiseTileBytes = 8 << 10;

    /// <summary>True when the data gradient of <paramref name="g"/> runs as a direct forward (stride 1, padding at most the dilated kernel extent).</summary>
    public static bool AppliesDataGradient(in ConvGeometry g) =>
        g.SH == 1 && g.SW == 1 && g.PH <= g.DH * (g.KH - 1) && g.PW <= g.DW * (g.KW - 1) && Applies(g.DataGradientAsCorrelation());

    /// <summary>True when the direct weight gradient handles <paramref name="g"/> (small kernels, see <see cref="MaxWeightGradientSize"/>).</summary>
    public static bool AppliesWeightGradient(in ConvGeometry g) => Applies(g) && (long)g.Co * g.RowsG <= MaxWeightGradientSize;

    /// <summary>
    /// The layout of one image's padded, phase-split copy: per channel <see cref="Planes"/> planes of
    /// Hph × Wph; the row residues used by some tap are the set bits of <see cref="RowMask"/>, the
    /// column residues those of <see cref="ColMask"/>.
    /// </summary>
    internal readonly struct Plan
    {
        public readonly int Hph, Wph, RowMask, ColMask, Planes, PlaneSize, ChannelStride, Wide, Tiles;
        /// <summary>The strides the copy is split by: the convolution's, or 1 and 1 for a plain padded copy.</summary>
        public readonly int SH, SW;
        public readonly long ImageFloats;

        /// <param name="g">The convolution.</param>
        /// <param name="split">False for one padded plane per channel whatever the stride (callers that step over it themselves).</param>
        public Plan(in ConvGeometry g, bool split = true)
        {
            SH = split ? g.SH : 1;
            SW = split ? g.SW : 1;
            Hph = (g.IH + 2 * g.PH + SH - 1) / SH;
            Wph = (g.IW + 2 * g.PW + SW - 1) / SW;
            int rm = 0, cm = 0;
            for (int kh = 0; kh < g.KH; kh++) rm |= 1 << (kh * g.DH % SH);
            for (int kw = 0; kw < g.KW; kw++) cm |= 1 << (kw * g.DW % SW);
            RowMask = rm;
            ColMask = cm;
            Planes = BitOperations.PopCount((uint)rm) * BitOperations.PopCount((uint)cm);
            PlaneSize = Hph * Wph;
            ChannelStride = Planes * PlaneSize;
            Wide = g.OH * Wph;
            Tiles = (Wide + PT - 1) / PT;
            // Tiles read up to a tile past the last plane row of the last channel.
            ImageFloats = (long)g.Ci * ChannelStride + Wph + 2 * PT;
        }

        /// <summary>Index of the plane of row residue <paramref name="r"/> and column residue <paramref name="q"/>.</summary>
        public int PlaneOf(int r, int q) =>
            BitOperations.PopCount((uint)(RowMask & ((1 << r) - 1))) * BitOperations.PopCount((uint)ColMask) + BitOperations.PopCount((uint)(ColMask & ((1 << q) - 1)));
    }

    /// <summary>
    /// out (N, Co, OH, OW) = W ⋆ image + bias (bias null for none). With <paramref name="flipped"/>,
    /// <paramref name="weight"/> is the original convolution's weight (Ci, Co/G, KH, KW in the
    /// geometry's terms, transposed per group and flipped), for the data gradient.
    /// </summary>
    public static void Forward(float* image, float* weight, float* output, ConvGeometry g, float* bias, bool flipped)
    {
        var plan = new Plan(g);
        // Few channels take one-channel tiles (no padded rows); otherwise MR-channel tiles.
        int rt = RowTile(g.CoG), taps = g.RowsG, coPad = (g.CoG + rt - 1) / rt * rt, blocks = coPad / rt;
        int* off = Workspace<int>.Get(0, taps);
        Offsets(g, plan, off, taps);
        // Units: register tiles of the wide layout, or pairs of whole-vector row runs stored in place.
        bool rows = StoresRows(g, plan, rt);
        int units = rows ? RunPairs(g) : plan.Tiles;
        long work = (long)g.N * g.G * coPad * taps * units * PT;
        int degree = work < ParallelWork ? 1 : CpuParallel.Degree;
        // The kernels read weight rows in place; a copy only pads the channels to whole tiles or
        // flips the kernel for the data gradient.
        float* a = weight;
        if (flipped || coPad != g.CoG)
        {
            a = Workspace<float>.Get(0, (long)g.G * coPad * taps);
            for (int p = 0; p < g.G * blocks; p++) PackWeights(weight, g, a, coPad, rt, flipped, p);
        }
        nint pi = (nint)image, po = (nint)output, pa = (nint)a, pb = (nint)bias, poff = (nint)off;
        var geo = g;
        int wideFloats = WideBytes / sizeof(float);
        int tileChunk = Math.Max(1, Math.Min(units, wideFloats / (coPad * PT)));
        if (g.N >= degree)
        {
            // One image at a time per core, each copied into that core's scratch.
            int next = 0;
            CpuParallel.For(degree, 1, (_, _) =>
            {
                float* scratch = Workspace<float>.Get(1, plan.ImageFloats);
                float* wide = Workspace<float>.Get(2, (long)coPad * tileChunk * PT);
                int n;
                while ((n = Interlocked.Increment(ref next) - 1) < geo.N)
                {
                    Prepare((float*)pi + (long)n * geo.Ci * geo.ImageSpatial, geo, plan, scratch);
                    for (int grp = 0; grp < geo.G; grp++)
                        for (int t = 0; t < units; t += tileChunk)
                            Tiles(scratch, (float*)pa, (int*)poff, wide, (float*)po, (float*)pb, geo, plan, coPad, rt, n, grp, 0, blocks, t, Math.Min(units, t + tileChunk), rows);
                }
            });
            return;
        }
        // Fewer images than cores: the cores take items of (group, channel blocks, tiles) of each
        // image, each from its own copy of the image, made when it claims its first item. A copy
        // written by one core and read by the other cost more than copying twice: measured at batch 1
        // (2-core Zen 5, in-process alternation) 0.65 against 0.80 ms for the 7×7 stem, 0.43 against
        // 0.57 for 64→128 3×3 s2, 0.38/0.48 128→256, 0.44/0.48 256→512, 0.09/0.11 1×1 s2; in the
        // whole ResNet-18 forward 9.62-9.70 against 9.85-10.11 ms. When the weights outweigh the
        // image copy (deep layers) the items split the channel blocks only, in near-equal parts sized for L2, and each
        // runs all the tiles: every weight row then comes from L3 once, to one core. Otherwise
        // an item's blocks are sized so that their weight rows stay in L2 while its tiles pass,
        // and split further only when there are too few items to go round.
        int want = 4 * degree, tChunks, coChunks, coChunk;
        long blockBytes = (long)rt * taps * sizeof(float);
        bool splitChannels = degree > 1 && units >= want / 2 && g.G * blockBytes * blocks > plan.ImageFloats * sizeof(float) && g.G * blocks >= want;
        if (splitChannels)
        {
            coChunks = (int)Math.Min(blocks, Math.Max((want + g.G - 1) / g.G, (blocks * blockBytes + WeightBytesInL2 - 1) / WeightBytesInL2));
            coChunk = (blocks + coChunks - 1) / coChunks;
            tileChunk = Math.Max(1, Math.Min(units, wideFloats / (coChunk * rt * PT)));
            tChunks = (units + tileChunk - 1) / tileChunk;
        }
        else
        {
            tileChunk = Math.Max(1, Math.Min(tileChunk, (units + want - 1) / want));
            tChunks = (units + tileChunk - 1) / tileChunk;
            coChunk = (int)Math.Clamp(WeightBytesInL2 / blockBytes, 1, blocks);
            coChunks = (blocks + coChunk - 1) / coChunk;
            if (g.G * coChunks * tChunks < want)
            {
                coChunks = Math.Min(blocks, (want + g.G * tChunks - 1) / (g.G * tChunks));
                coChunk = (blocks + coChunks - 1) / coChunks;
                coChunks = (blocks + coChunk - 1) / coChunk;
            }
        }
        int items = g.G * coChunks * tChunks;
        for (int n = 0; n < g.N; n++)
        {
            float* img = image + (long)n * g.Ci * g.ImageSpatial;
            nint pimg = (nint)img;
            int next = 0, image1 = n;
            CpuParallel.For(degree, 1, (_, _) =>
            {
                float* wide = Workspace<float>.Get(2, (long)coChunk * rt * tileChunk * PT);
                float* x = null;
                int item;
                while ((item = Interlocked.Increment(ref next) - 1) < items)
                {
                    if (x == null)
                    {
                        x = Workspace<float>.Get(1, plan.ImageFloats);
                        Prepare((float*)pimg, geo, plan, x);
                    }
                    // Split channels: chunk cc holds blocks [blocks·cc/coChunks, blocks·(cc + 1)/coChunks) (sizes differ by at most one).
                    int tc = item % tChunks, rest = item / tChunks, cc = rest % coChunks, grp = rest / coChunks;
                    int t0 = tc * tileChunk, b0 = splitChannels ? blocks * cc / coChunks : cc * coChunk;
                    int b1 = splitChannels ? blocks * (cc + 1) / coChunks : Math.Min(blocks, b0 + coChunk);
                    Tiles(x, (float*)pa, (int*)poff, wide, (float*)po, (float*)pb, geo, plan, coPad, rt, image1, grp,
                        b0, b1, t0, Math.Min(units, t0 + tileChunk), rows);
                }
            });
        }
    }

    /// <summary>
    /// True when the output is computed in runs of a vector along each output row, stored straight
    /// into the output (the last run of a row under a mask), instead of in the wide layout and
    /// copied out: full MR-row channel tiles that divide the group's channels, and no more
    /// positions computed than the wide layout's tiles compute (ResNet's 112- and 14-wide rows:
    /// the stem's copy-out cost a fifth of its time).
    /// </summary>
    private static bool StoresRows(in ConvGeometry g, in Plan plan, int rt) =>
        rt == MR && g.CoG % MR == 0 && (long)RunPairs(g) * 2 * VL <= (long)plan.Tiles * PT;

    /// <summary>Pairs of row runs (OH · ⌈OW / VL⌉ runs; an odd last run is paired with itself).</summary>
    private static int RunPairs(in ConvGeometry g) => (g.OH * ((g.OW + VL - 1) / VL) + 1) / 2;

    /// <summary>
    /// Output units [t0, t1) of channel blocks [b0, b1) of group <paramref name="grp"/> of image
    /// <paramref name="n"/>. Wide layout: every register tile into the wide block, then the valid
    /// positions (ow &lt; OW) to the output, bias added. <paramref name="rows"/>: unit u is the pair of
    /// row runs 2u and 2u + 1 (run r = vector r mod ⌈OW/VL⌉ of output row r div ⌈OW/VL⌉; an odd last
    /// run is paired with itself), computed and stored in place with the bias.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiles(float* scratch, float* a, int* off, float* wide, float* output, float* bias, in ConvGeometry g, in Plan plan,
        int coPad, int mr, int n, int grp, int b0, int b1, int t0, int t1, bool rows)
    {
        int taps = g.RowsG, pt = PT;
        if (rows)
        {
            RowRuns(scratch, a, off, output, bias, g, plan, coPad, mr, n, grp, b0, b1, t0, t1);
            return;
        }
        nint ldw = (t1 - t0) * pt;
        float* x = scratch + (long)grp * g.CiG * plan.ChannelStride;
        float* ag = a + (long)grp * coPad * taps;
        // Tiles outside keep a tile's pixels in L1 while every channel block passes; when the
        // blocks' weight rows outgrow L2 they go outside instead, read once per item.
        if ((long)(b1 - b0) * mr * taps * sizeof(float) <= WeightBytesInL2)
        {
            for (int t = t0; t < t1; t++)
                for (int b = b0; b < b1; b++)
                    Kernel(mr, taps, ag + (long)b * mr * taps, taps, x + t * pt, off, wide + (b - b0) * mr * ldw + (t - t0) * pt, ldw);
        }
        else
        {
            for (int b = b0; b < b1; b++)
                for (int t = t0; t < t1; t++)
                    Kernel(mr, taps, ag + (long)b * mr * taps, taps, x + t * pt, off, wide + (b - b0) * mr * ldw + (t - t0) * pt, ldw);
        }
        int y0 = t0 * pt, y1 = Math.Min(t1 * pt, plan.Wide);
        for (int oc = b0 * mr, ocEnd = Math.Min(b1 * mr, g.CoG); oc < ocEnd; oc++)
        {
            int co = grp * g.CoG + oc;
            float* src = wide + (oc - b0 * mr) * ldw - y0;
            float* dst = output + ((long)n * g.Co + co) * g.OH * g.OW;
            float bv = bias == null ? 0f : bias[co];
            for (int oh = y0 / plan.Wph, y = oh * plan.Wph; y < y1; oh++, y += plan.Wph)
            {
                int lo = Math.Max(y0, y), hi = Math.Min(y1, y + g.OW);
                if (hi > lo) CopyRow(src + lo, dst + oh * g.OW + (lo - y), hi - lo, bias, bv);
            }
        }
    }

    /// <summary>The row-run units of <see cref="Tiles"/>: tiles outside, channel blocks inside (a run pair's pixels stay in L1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowRuns(float* scratch, float* a, int* off, float* output, float* bias, in ConvGeometry g, in Plan plan,
        int coPad, int mr, int n, int grp, int b0, int b1, int t0, int t1)
    {
        int taps = g.RowsG, perRow = (g.OW + VL - 1) / VL, runs = g.OH * perRow;
        nint plane = (nint)g.OH * g.OW;
        float* x = scratch + (long)grp * g.CiG * plan.ChannelStride;
        float* ag = a + (long)grp * coPad * taps;
        float* og = output + ((long)n * g.Co + grp * g.CoG) * plane;
        float* bg = bias == null ? null : bias + grp * g.CoG;
        for (int t = t0; t < t1; t++)
        {
            int ra = 2 * t, rb = Math.Min(ra + 1, runs - 1);
            int oha = ra / perRow, owa = ra % perRow * VL, ohb = rb / perRow, owb = rb % perRow * VL;
            float* xa = x + oha * plan.Wph + owa, xb = x + ohb * plan.Wph + owb;
            for (int b = b0; b < b1; b++)
            {
                float* ob = og + b * mr * plane;
                RowKernel(taps, ag + (long)b * mr * taps, taps, xa, xb, off, ob + oha * g.OW + owa, ob + ohb * g.OW + owb, plane, bg == null ? null : bg + b * mr,
                    Math.Min(VL, g.OW - owa), Math.Min(VL, g.OW - owb));
            }
        }
    }

    /// <summary>The row-run register tile of the current ISA (MR channels × two runs of VL positions).</summary>
    private static void RowKernel(int taps, float* a, nint lda, float* xa, float* xb, int* off, float* ca, float* cb, nint ldc, float* bias, int na, int nb)
    {
        switch (Kind)
        {
            case FmaIsa.Avx512: DirectConvKernels.Forward512Rows(taps, a, lda, xa, xb, off, ca, cb, ldc, bias, na, nb); break;
            case FmaIsa.Avx2: DirectConvKernels.Forward256Rows(taps, a, lda, xa, xb, off, ca, cb, ldc, bias, na, nb); break;
            default: DirectConvKernels.Forward128Rows(taps, a, lda, xa, xb, off, ca, cb, ldc, bias, na, nb); break;
        }
    }

    /// <summary>
    /// dst[j] = src[j] (+ <paramref name="bv"/> when there is a bias) for j &lt; count: rows are short
    /// (LeNet's are 10 wide), so an inline loop rather than a library call per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRow(float* src, float* dst, int count, float* bias, float bv)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int vc = Vector<float>.Count;
            if (bias == null)
                for (; j + vc <= count; j += vc) Vector.Load(src + j).Store(dst + j);
            else
            {
                var vb = new Vector<float>(bv);
                for (; j + vc <= count; j += vc) (Vector.Load(src + j) + vb).Store(dst + j);
            }
        }
        if (bias == null) for (; j < count; j++) dst[j] = src[j];
        else for (; j < count; j++) dst[j] = src[j] + bv;
    }

    /// <summary>
    /// Channels per register tile for a group of <paramref name="channels"/>: 1 up to MR/2 (the
    /// padded MR tile would waste half or more); with AVX-512, 6 where that pads fewer rows than 8
    /// (6 and 12 channels, LeNet's conv1 and conv2 data gradient); else MR.
    /// </summary>
    private static int RowTile(int channels)
    {
        if (channels <= MR / 2) return 1;
        if (Kind == FmaIsa.Avx512 && (channels + 5) / 6 * 6 < (channels + 7) / 8 * 8) return 6;
        return MR;
    }

    private static void Kernel(int rows, int taps, float* a, nint lda, float* x, int* off, float* c, nint ldc)
    {
        if (rows == 1)
        {
            switch (Kind)
            {
                case FmaIsa.Avx512: DirectConvKernels.ForwardRow512(taps, a, x, off, c); break;
                case FmaIsa.Avx2: DirectConvKernels.ForwardRow256(taps, a, x, off, c); break;
                default: DirectConvKernels.ForwardRow128(taps, a, x, off, c); break;
            }
            return;
        }
        switch (Kind)
        {
            case FmaIsa.Avx512 when rows == 6: DirectConvKernels.Forward512Mr6(taps, a, lda, x, off, c, ldc); break;
            case FmaIsa.Avx512: DirectConvKernels.Forward512(taps, a, lda, x, off, c, ldc); break;
            case FmaIsa.Avx2: DirectConvKernels.Forward256(taps, a, lda, x, off, c, ldc); break;
            default: DirectConvKernels.Forward128(taps, a, lda, x, off, c, ldc); break;
        }
    }

    /// <summary>
    /// Copies the <paramref name="mr"/> weight rows (taps each) of panel <paramref name="p"/> (counted over all groups)
    /// to <paramref name="a"/>, zero past the group's channels. Flipped: row c, tap (o, kh, kw) is
    /// the original W[o, c, KH − 1 − kh, KW − 1 − kw] of the group.
    /// </summary>
    private static void PackWeights(float* w, in ConvGeometry g, float* a, int coPad, int mr, bool flipped, int p)
    {
        int taps = g.RowsG, k = g.K, blocks = coPad / mr;
        int grp = p / blocks, b = p % blocks * mr;
        for (int i = 0; i < mr; i++)
        {
            float* d = a + ((long)p * mr + i) * taps;
            int oc = b + i;
            if (oc >= g.CoG) new Span<float>(d, taps).Clear();
            else if (!flipped) new ReadOnlySpan<float>(w + ((long)grp * g.CoG + oc) * taps, taps).CopyTo(new Span<float>(d, taps));
            else
                for (int o = 0; o < g.CiG; o++, d += k)
                {
                    // Tap (o, kh, kw) of the data-gradient problem, o a channel of the original output.
                    float* s = w + (((long)grp * g.CiG + o) * g.CoG + oc) * k + k - 1;
                    for (int j = 0; j < k; j++) d[j] = s[-j];
                }
        }
    }

    /// <summary>off[t] for each tap t = (c, kh, kw) of a group: its plane and shift in the image copy.</summary>
    internal static void Offsets(in ConvGeometry g, in Plan plan, int* off, int taps)
    {
        int t = 0;
        for (int c = 0; c < g.CiG; c++)
            for (int kh = 0; kh < g.KH; kh++)
                for (int kw = 0; kw < g.KW; kw++, t++)
                {
                    int dh = kh * g.DH, dw = kw * g.DW;
                    off[t] = c * plan.ChannelStride + plan.PlaneOf(dh % plan.SH, dw % plan.SW) * plan.PlaneSize + dh / plan.SH * plan.Wph + dw / plan.SW;
                }
    }

    /// <summary>
    /// The padded, phase-split copy of one image (plane (r, q), row i, column j = padded pixel
    /// (i·SH + r, j·SW + q)), and the slack after the last channel zeroed. Each plane row is
    /// written once: its padding zeroed, its pixels gathered from the input row of its phase (no
    /// zeroing pass over the whole copy first).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Prepare(float* image, in ConvGeometry g, in Plan plan, float* scratch) =>
        Prepare(image, g, plan, scratch, 0, plan.Hph);

    /// <summary>
    /// <see cref="Prepare(float*, in ConvGeometry, in Plan, float*)"/> for plane rows
    /// [<paramref name="i0"/>, <paramref name="i1"/>) of every plane only (a core's share of the
    /// output rows reads only those); the slack after the last channel is zeroed as there.
    /// </summary>
    internal static void Prepare(float* image, in ConvGeometry g, in Plan plan, float* scratch, int i0, int i1)
    {
        if (Kind == FmaIsa.Avx512 && plan.SW <= 2) Prepare512(image, g, plan, scratch, i0, i1);
        else PrepareRows(image, g, plan, scratch, i0, i1);
        long used = (long)g.Ci * plan.ChannelStride;
        new Span<float>(scratch + used, (int)(plan.ImageFloats - used)).Clear();
    }

    /// <summary>
    /// The image copy (Prepare) on AVX-512 for column strides 1 and 2: each plane row written in
    /// vectors of 16 columns, pixels loaded under the mask of the columns that fall inside the
    /// input row (zero elsewhere: the padding), at stride 2 two loads deinterleaved by one permute.
    /// No call per row: ResNet's plane rows are 7 to 58 floats, and the per-row copy calls and
    /// scalar tails made the copy a sixth of a deep layer's time at batch 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Prepare512(float* image, in ConvGeometry g, in Plan plan, float* scratch, int i0, int i1)
    {
        int sw = plan.SW, wph = plan.Wph, iw = g.IW;
        var lanes = Vector512<int>.Indices;
        var idx = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var width = Vector512.Create(iw);
        for (int c = 0; c < g.Ci; c++)
        {
            float* src = image + (long)c * g.IH * iw;
            float* dst = scratch + (long)c * plan.ChannelStride;
            for (int r = 0; r < plan.SH; r++)
            {
                if ((plan.RowMask >> r & 1) == 0) continue;
                for (int i = i0; i < i1; i++)
                {
                    int ih = i * plan.SH + r - g.PH;
                    float* row = src + (long)ih * iw;
                    bool inside = ih >= 0 && ih < g.IH;
                    for (int q = 0; q < sw; q++)
                    {
                        if ((plan.ColMask >> q & 1) == 0) continue;
                        float* d = dst + plan.PlaneOf(r, q) * plan.PlaneSize + i * wph;
                        // Plane column j holds input column j·sw + q − PW.
                        int first = q - g.PW;
                        for (int j0 = 0; j0 < wph; j0 += 16)
                        {
                            Vector512<float> v = default;
                            if (inside)
                            {
                                int col = j0 * sw + first;
                                var ca = lanes + Vector512.Create(col);
                                var ma = (Vector512.GreaterThanOrEqual(ca, Vector512<int>.Zero) & Vector512.LessThan(ca, width)).AsSingle();
                                v = Avx512F.MaskLoad(row + col, ma, Vector512<float>.Zero);
                                if (sw == 2)
                                {
                                    var cb = ca + Vector512.Create(16);
                                    var mb = (Vector512.GreaterThanOrEqual(cb, Vector512<int>.Zero) & Vector512.LessThan(cb, width)).AsSingle();
                                    v = Avx512F.PermuteVar16x32x2(v, idx, Avx512F.MaskLoad(row + col + 16, mb, Vector512<float>.Zero));
                                }
                            }
                            if (j0 + 16 <= wph) v.Store(d + j0);
                            else Avx512F.MaskStore(d + j0, Vector512.LessThan(lanes, Vector512.Create(wph - j0)).AsSingle(), v);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The image copy (Prepare) row by row: padding zeroed, pixels gathered from the input row of the row's phase.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PrepareRows(float* image, in ConvGeometry g, in Plan plan, float* scratch, int i0, int i1)
    {
        int sw = plan.SW;
        int* lo = stackalloc int[sw], hi = stackalloc int[sw], plane = stackalloc int[plan.SH * sw];
        for (int q = 0; q < sw; q++) Im2Col.WidthRange(q - g.PW, sw, g.IW, 0, plan.Wph, out lo[q], out hi[q]);
        for (int r = 0; r < plan.SH; r++)
            for (int q = 0; q < sw; q++)
                plane[r * sw + q] = (plan.RowMask >> r & 1) != 0 && (plan.ColMask >> q & 1) != 0 ? plan.PlaneOf(r, q) * plan.PlaneSize : -1;
        for (int c = 0; c < g.Ci; c++)
        {
            float* src = image + (long)c * g.IH * g.IW;
            float* dst = scratch + (long)c * plan.ChannelStride;
            for (int r = 0; r < plan.SH; r++)
            {
                if ((plan.RowMask >> r & 1) == 0) continue;
                for (int i = i0; i < i1; i++)
                {
                    int ih = i * plan.SH + r - g.PH;
                    float* row = src + (long)ih * g.IW;
                    for (int q = 0; q < sw; q++)
                    {
                        int pl = plane[r * sw + q];
                        if (pl < 0) continue;
                        float* d = dst + pl + i * plan.Wph;
                        if (ih < 0 || ih >= g.IH || hi[q] <= lo[q])
                        {
                            Zero(d, plan.Wph);
                            continue;
                        }
                        int start = lo[q] * sw + q - g.PW;
                        Zero(d, lo[q]);
                        Gather(d + lo[q], row + start, hi[q] - lo[q], sw, g.IW - start);
                        Zero(d + hi[q], plan.Wph - hi[q]);
                    }
                }
            }
        }
    }

    /// <summary>Zeroes <paramref name="count"/> floats (padding runs are mostly a float or two: no call for those).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Zero(float* d, int count)
    {
        if (count > 8) new Span<float>(d, count).Clear();
        else for (int j = 0; j < count; j++) d[j] = 0f;
    }

    /// <summary>dst[j] = src[j·stride] for j &lt; count; <paramref name="avail"/> floats of src's row are readable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather(float* dst, float* src, int count, int stride, int avail)
    {
        if (Kind == FmaIsa.Avx512 && stride <= 2)
        {
            Gather512(dst, src, count, stride, avail);
            return;
        }
        if (stride == 1)
        {
            new ReadOnlySpan<float>(src, count).CopyTo(new Span<float>(dst, count));
            return;
        }
        int j = 0;
        if (stride == 2)
        {
            // Two loads of 2·VL floats hold VL even elements; only while the whole pair lies in the row.
            if (Kind == FmaIsa.Avx512)
            {
                var idx = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
                for (; j + 16 <= count && 2 * j + 32 <= avail; j += 16)
                    Avx512F.PermuteVar16x32x2(Vector512.Load(src + 2 * j), idx, Vector512.Load(src + 2 * j + 16)).Store(dst + j);
            }
            else if (Kind == FmaIsa.Avx2)
            {
                for (; j + 8 <= count && 2 * j + 16 <= avail; j += 8)
                {
                    var e = Avx.Shuffle(Vector256.Load(src + 2 * j), Vector256.Load(src + 2 * j + 8), 0x88);
                    Avx2.Permute4x64(e.AsDouble(), 0xD8).AsSingle().Store(dst + j);
                }
            }
        }
        for (; j < count; j++) dst[j] = src[(long)j * stride];
    }

    /// <summary>
    /// <see cref="Gather"/> at stride 1 or 2 on AVX-512, whole vectors and a masked last one: plane
    /// rows are short (7 to 58 floats in ResNet-18), so a library copy's call and the scalar tail of
    /// the 2-vector deinterleave cost more than the copy itself (the image copy was a sixth of a
    /// deep layer at batch 1). The masked loads read nothing past <paramref name="avail"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather512(float* dst, float* src, int count, int stride, int avail)
    {
        var lanes = Vector512<int>.Indices;
        if (stride == 1)
        {
            int j = 0;
            for (; j + 16 <= count; j += 16) Vector512.Load(src + j).Store(dst + j);
            if (j < count)
            {
                var m = Vector512.LessThan(lanes, Vector512.Create(count - j)).AsSingle();
                Avx512F.MaskStore(dst + j, m, Avx512F.MaskLoad(src + j, m, Vector512<float>.Zero));
            }
            return;
        }
        var idx = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        for (int j = 0; j < count; j += 16)
        {
            int r = avail - 2 * j;
            var lo = Avx512F.MaskLoad(src + 2 * j, Vector512.LessThan(lanes, Vector512.Create(r)).AsSingle(), Vector512<float>.Zero);
            var hi = Avx512F.MaskLoad(src + 2 * j + 16, Vector512.LessThan(lanes, Vector512.Create(r - 16)).AsSingle(), Vector512<float>.Zero);
            var e = Avx512F.PermuteVar16x32x2(lo, idx, hi);
            if (j + 16 <= count) e.Store(dst + j);
            else Avx512F.MaskStore(dst + j, Vector512.LessThan(lanes, Vector512.Create(count - j)).AsSingle(), e);
        }
    }

    /// <summary>
    /// dW (Co, Ci/G, KH, KW) = Σₙ Σ_y dy[n, co, y] · plane[off[t] + y] (overwrites dW): per image, the
    /// image copy as in the forward and out_grad widened to Wph with zeros at ow ≥ OW; threads take
    /// whole images and add their partial sums at the end.
    /// </summary>
    public static void WeightGradient(float* image, float* dy, float* dweight, ConvGeometry g)
    {
        var plan = new Plan(g);
        int taps = g.RowsG, taps4 = (taps + 3) & ~3, co4 = (g.CoG + 3) & ~3;
        int len = (plan.Wide + VL - 1) / VL * VL;
        int* off = Workspace<int>.Get(0, taps4);
        Offsets(g, plan, off, taps);
        for (int t = taps; t < taps4; t++) off[t] = 0;
        long accSize = (long)g.G * co4 * taps4;
        new Span<float>(dweight, g.Co * taps).Clear();
        long work = (long)g.N * g.Co * taps * plan.Wide;
        int degree = (int)Math.Min(Math.Min(CpuParallel.Degree, g.N), Math.Max(1, work / ParallelWork));
        nint pi = (nint)image, pd = (nint)dy, pw = (nint)dweight, poff = (nint)off;
        object gate = new();
        int next = 0;
        CpuParallel.For(degree, 1, (_, _) =>
        {
            float* scratch = Workspace<float>.Get(1, plan.ImageFloats);
            float* wideDy = Workspace<float>.Get(2, (long)g.G * co4 * len);
            float* sums = Workspace<float>.Get(0, accSize);
            new Span<float>(sums, (int)accSize).Clear();
            new Span<float>(wideDy, g.G * co4 * len).Clear();
            int n;
            while ((n = Interlocked.Increment(ref next) - 1) < g.N)
            {
                Prepare((float*)pi + (long)n * g.Ci * g.ImageSpatial, g, plan, scratch);
                WidenGradient((float*)pd + (long)n * g.Co * g.ColSpatial, g, plan, co4, len, wideDy);
                for (int grp = 0; grp < g.G; grp++)
                {
                    float* x = scratch + (long)grp * g.CiG * plan.ChannelStride;
                    for (int cb = 0; cb < co4; cb += 4)
                        for (int tb = 0; tb < taps4; tb += 4)
                            Dots(len, wideDy + (long)(grp * co4 + cb) * len, len, x, (int*)poff + tb, sums + ((long)(grp * co4 + cb) * taps4 + tb * 4));
                }
            }
            lock (gate)
            {
                float* dw = (float*)pw;
                for (int grp = 0; grp < g.G; grp++)
                    for (int cb = 0; cb < co4; cb += 4)
                        for (int tb = 0; tb < taps4; tb += 4)
                        {
                            float* s = sums + ((long)(grp * co4 + cb) * taps4 + tb * 4);
                            for (int i = 0; i < 4 && cb + i < g.CoG; i++)
                                for (int j = 0; j < 4 && tb + j < taps; j++)
                                    dw[(long)(grp * g.CoG + cb + i) * taps + tb + j] += s[i * 4 + j];
                        }
            }
        });
    }

    /// <summary>
    /// Copies out_grad rows (OH × OW) of one image to rows of <paramref name="len"/> at stride Wph
    /// (the columns past OW and the padding rows were zeroed once and stay zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WidenGradient(float* dy, in ConvGeometry g, in Plan plan, int co4, int len, float* wide)
    {
        for (int grp = 0; grp < g.G; grp++)
            for (int oc = 0; oc < g.CoG; oc++)
            {
                float* s = dy + (long)(grp * g.CoG + oc) * g.ColSpatial;
                float* d = wide + (long)(grp * co4 + oc) * len;
                for (int oh = 0; oh < g.OH; oh++)
                    new ReadOnlySpan<float>(s + oh * g.OW, g.OW).CopyTo(new Span<float>(d + oh * plan.Wph, g.OW));
            }
    }

    private static void Dots(int length, float* d, nint ldd, float* x, int* off, float* s)
    {
        switch (Kind)
        {
            case FmaIsa.Avx512: DirectConvKernels.Dots512(length, d, ldd, x, off, s); break;
            case FmaIsa.Avx2: DirectConvKernels.Dots256(length, d, ldd, x, off, s); break;
            default: DirectConvKernels.Dots128(length, d, ldd, x, off, s); break;
        }
    }
}
