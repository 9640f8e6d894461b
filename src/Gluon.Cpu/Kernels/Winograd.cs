using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// 3×3, stride 1, dilation 1, ungrouped float convolutions by Winograd's F(4×4, 3×3): each 4×4
/// block of outputs ("tile") costs 36 multiplications per channel pair instead of 144.
/// <list type="number">
/// <item>weights: U[ξ][o][i] = (G g Gᵀ)[ξ] for the 36 coefficients ξ, written as the sgemm
/// micro-kernel's packed MR-row panels: per call, or once into <see cref="WeightCache"/> while the
/// forward's weights are unchanged;</item>
/// <item>input: V[ξ][i][t] = (Bᵀ d B)[ξ] for every input channel i and tile t of a block of tile rows;</item>
/// <item>36 GEMMs M[ξ] (Co × tiles) = U[ξ] (Co × Ci) · V[ξ] (Ci × tiles) by <see cref="Sgemm.Kernel(int, float*, float*, nint, float*, nint, float)"/>
/// on the packed U and on V's rows in place (nothing repacked per block);</item>
/// <item>output: Y = Aᵀ M A + bias, written straight into the (N, Co, OH, OW) result.</item>
/// </list>
/// Blocks of tile rows bound V and M (a few MiB) so a block's transforms and products stay in
/// cache. Many blocks: one contiguous range of blocks per core, each core with its own V and M.
/// Few (batch 1): blocks run in turn and each of the three steps splits over the cores
/// (input by channel, GEMMs by ξ, output by channel).
/// </summary>
internal static unsafe class Winograd
{
    /// <summary>
    /// Bytes of V and M of one block (36·(Ci + Co)·4 per tile) where U is small (up to
    /// <see cref="BigU"/>): a block's V and M then stay in the 2 MiB L2 between the steps, and
    /// re-reading U for every block costs little. Measured, batch 16 forward, in-process alternation
    /// (two runs, medians, ms): 128ch 28×28 5.54 / 5.72 against 6.31 / 6.50 with 3 MiB blocks;
    /// 64ch 56×56 6.35 / 6.48 against 6.33 / 6.59.
    /// </summary>
    private const int BlockBytes = 3 << 19;
    /// <summary>
    /// Bytes of V and M of one block where U is large (256 channels and up: 9.4 MiB at 256): fewer,
    /// larger blocks read U fewer times (256ch 14×14 batch 16: 8.29 / 8.07 ms against 9.23 / 9.19 with 1.5 MiB).
    /// </summary>
    private const int BigUBlockBytes = 3 << 20;
    /// <summary>Bytes of U (36·Ci·Co·4) above which <see cref="BigUBlockBytes"/> applies.</summary>
    private const long BigU = 4L << 20;
    /// <summary>
    /// <see cref="BlockBytes"/> when blocks run in turn (batch 1): one block per call saves a round
    /// of three cross-core hand-offs and a repacking of U, and fills the GEMM's 32-wide column panels
    /// better (64ch 56×56: one block of 196 tiles, 7 panels 87.5% used, instead of two of 98 at 77%).
    /// Measured 64ch 56×56 batch 1 forward, in-process alternation against 3 MiB, load average 5-6:
    /// medians 0.88×, 0.94× (two cores) and 0.96× (one core).
    /// </summary>
    private const int InTurnBlockBytes = 4 << 20;
    /// <summary>Fewest tiles of a block: one NR-wide column panel of the products.</summary>
    private const int MinBlockTiles = 32;
    /// <summary>Fewest tiles of a block of a large U or of blocks that run in turn: U is read once per block.</summary>
    private const int MinBigBlockTiles = 96;
    private const int MaxBlockTiles = 784;
    /// <summary>Fewest tiles per core for one block range per core (otherwise the steps split instead).</summary>
    private const int OuterMinTiles = 128;

    /// <summary>
    /// True when <paramref name="g"/> is a 2-D 3×3 convolution this class computes (stride 1,
    /// dilation 1, one group, pads 0..2, output size IH + 2·PH − 2 by IW + 2·PW − 2) on x86.
    /// The data gradient is then again such a convolution (pad 2 − PH).
    /// </summary>
    public static bool Supports(in ConvGeometry g) =>
        Sse.IsSupported && g.G == 1 && g.KD == 1 && g.ID == 1 && g.OD == 1 && g.KH == 3 && g.KW == 3
        && g.SH == 1 && g.SW == 1 && g.DH == 1 && g.DW == 1 && g.PH <= 2 && g.PW <= 2
        && g.OH == g.IH + 2 * g.PH - 2 && g.OW == g.IW + 2 * g.PW - 2 && g.OH > 0 && g.OW > 0;

    /// <summary>
    /// The one place that decides, by measurement, whether Winograd beats im2col + GEMM for a
    /// supported shape: <paramref name="ci"/> input and <paramref name="co"/> output channels of the
    /// correlation actually computed, <paramref name="tiles"/> 4×4 output tiles over the batch.
    /// </summary>
    /// <remarks>
    /// The tiles are the GEMMs' n: below one 32-wide register tile of the GEMM most of each
    /// product is padding, and the transformed weights (36·Ci·Co floats, 4× the weights) are
    /// written and read for a few tiles only. Forward, minimum ms of 20 calls, machine under load
    /// (load average 16-23 on 2 cores), Winograd / im2col: 64ch 56×56 batch 1 (196 tiles)
    /// 0.90 / 1.82; 128ch 28×28 batch 1 (49) 1.26 / 1.71; 256ch 14×14 batch 1 (16) 3.31 / 2.06;
    /// 512ch 7×7 batch 1 (4) 25.6 / 2.6; 512ch 7×7 batch 16 (64) 26.6 / 33.1; 64ch 56×56 batch 16 16.5 / 58.9.
    /// Re-measured after the direct convolution took the shapes Winograd declines (in-process
    /// alternation, medians, load average 11 on 2 cores): with the tile threshold lowered to 4,
    /// Winograd / direct 256ch 14×14 batch 1 11.9 / 4.43 ms and 512ch 7×7 batch 1 20.5 / 2.97 ms,
    /// so those stay off Winograd.
    /// Fewer than 16 channels a side: the transforms cost more than the products they save.
    /// Transformed weights above 64 Mi floats (256 MiB) stay on im2col rather than claim that scratch.
    /// </remarks>
    public static bool Pays(int ci, int co, long tiles) => Enabled && ci >= 16 && co >= 16 && tiles >= 32 && 36L * ci * co <= 1L << 26;

    /// <summary>
    /// Whether Winograd beats the direct kernel for a supported forward whose transformed weights
    /// come from <see cref="WeightCache"/> (unchanged weights, inference): from 16 tiles on with
    /// 128 channels or more a side. Batch 1, 256ch 14×14: 0.85 against 1.14 ms direct (load 4;
    /// without the cache the transform alone cost 0.55 ms there); in the whole ResNet-18 at batch 1
    /// (in-process alternation under chrt) 11.7 ms against 12.9 with those three layers on the direct
    /// kernel (13.3 with nothing cached). Records the weights' version on the first call, so the
    /// second call with the same weights takes this path.
    /// </summary>
    public static bool PaysCached(int ci, int co, long tiles, in WeightKey key) =>
        Enabled && ci >= 128 && co >= 128 && tiles >= 16 && WeightCache.Holds(key, ULayout(ci, co, flip: false), 36L * UPlane(ci, co));

    /// <summary>The <see cref="WeightCache"/> layout code of U for a ci → co filter bank (rotated when <paramref name="flip"/>).</summary>
    internal static long ULayout(int ci, int co, bool flip) =>
        (0x57L << 56) | ((long)Sgemm.MR << 48) | ((long)ci << 24) | ((long)co << 1) | (flip ? 1L : 0L);

    /// <summary>Floats between the 36 planes of U: Co in whole MR-row panels, Ci deep, an odd number of cache lines.</summary>
    internal static long UPlane(int ci, int co) => OddLines((long)(co + Sgemm.MR - 1) / Sgemm.MR * Sgemm.MR * ci);

    /// <summary>
    /// <paramref name="floats"/> rounded up to whole 64-byte cache lines, an odd number of them: a
    /// stride that steps through the L1 sets instead of landing 4 KiB apart on a few of them.
    /// </summary>
    internal static long OddLines(long floats) => ((floats + 15) / 16 | 1) * 16;

    /// <summary>False sends every convolution to im2col + GEMM (the benchmark's before/after switch in one process).</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>
    /// cols (n, co, ih + 2ph − 2, iw + 2pw − 2) = W (co, ci, 3, 3) ⋆ image (n, ci, ih, iw) + bias (co; null for none).
    /// </summary>
    /// <paramref name="key"/> names the weight array so that its transform is reused while it is unchanged (default: transformed per call).
    public static void Forward(float* image, float* weight, float* cols, float* bias, int n, int ci, int ih, int iw, int co, int ph, int pw, in WeightKey key = default) =>
        Run(image, n, ci, ih, iw, ph, pw, cols, co, ih + 2 * ph - 2, iw + 2 * pw - 2, weight, ci * 9L, 9, flip: false, bias, key);

    /// <summary>
    /// The data gradient of <see cref="Forward"/>: image (n, ci, ih, iw) = Wᵀ ⋆ cols, i.e. cols
    /// (n, co, ih + 2ph − 2, iw + 2pw − 2) correlated with the 180°-rotated, channel-swapped
    /// weights at pad 2 − ph, 2 − pw (overwrites image).
    /// </summary>
    public static void DataGradient(float* cols, float* weight, float* image, int n, int ci, int ih, int iw, int co, int ph, int pw) =>
        Run(cols, n, co, ih + 2 * ph - 2, iw + 2 * pw - 2, 2 - ph, 2 - pw, image, ci, ih, iw, weight, 9, ci * 9L, flip: true, null, default);

    /// <summary>dst (n, co, oh, ow) = w ⋆ src (n, ci, ih, iw) + bias, filter (o, i) at w + o·wo + i·wi (rotated when <paramref name="flip"/>).</summary>
    private static void Run(float* src, int n, int ci, int ih, int iw, int ph, int pw, float* dst, int co, int oh, int ow,
        float* w, long wo, long wi, bool flip, float* bias, in WeightKey key)
    {
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
            WinogradJob<Vector512<float>, Winograd512>.Run(src, n, ci, ih, iw, ph, pw, dst, co, oh, ow, w, wo, wi, flip, bias, key);
        else if (Avx2.IsSupported)
            WinogradJob<Vector256<float>, Winograd256>.Run(src, n, ci, ih, iw, ph, pw, dst, co, oh, ow, w, wo, wi, flip, bias, key);
        else
            WinogradJob<Vector128<float>, Winograd128>.Run(src, n, ci, ih, iw, ph, pw, dst, co, oh, ow, w, wo, wi, flip, bias, key);
    }

    /// <summary>Tiles per block for <paramref name="ci"/> + <paramref name="co"/> channels: <see cref="BlockBytes"/>, <see cref="BigUBlockBytes"/> for a large U, <see cref="InTurnBlockBytes"/> when <paramref name="inTurn"/>.</summary>
    internal static int BlockTiles(int ci, int co, bool inTurn = false)
    {
        bool big = inTurn || 36L * 4 * ci * co > BigU;
        int bytes = inTurn ? InTurnBlockBytes : big ? BigUBlockBytes : BlockBytes;
        return Math.Clamp(bytes / (36 * 4 * (ci + co)), big ? MinBigBlockTiles : MinBlockTiles, MaxBlockTiles);
    }

    /// <summary>Whether <paramref name="tiles"/> tiles in all are enough to give each core its own blocks.</summary>
    internal static bool SplitsBlocks(long tiles) => CpuParallel.Degree > 1 && tiles >= (long)CpuParallel.Degree * OuterMinTiles;
}
