using System.Runtime.CompilerServices;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// One <see cref="Winograd"/> convolution at one vector width: the problem, the block plan and
/// worker delegates bound once, so a call allocates nothing after warm-up (one job per calling
/// thread, taken out of its slot while in use in case of a nested call).
/// Scratch: U in <see cref="Workspace{T}"/> slot 1 of the calling thread; a block's V and M in
/// slot 0 and the 6-row staging strips in slot 2 of the thread that runs it.
/// </summary>
internal sealed unsafe class WinogradJob<TV, TIsa> where TV : struct where TIsa : struct, IWinogradLanes<TV>
{
    [ThreadStatic] private static WinogradJob<TV, TIsa>? t_job;

    private readonly Action<int, int> _weightBody, _inputBody, _gemmBody, _outputBody, _blockBody;
    private float* _src, _dst, _w, _bias, _up;
    private int _ci, _co, _ih, _iw, _oh, _ow, _ph, _pw, _tilesX, _tilesY, _sw, _rowsPerBlock, _totalRows;
    /// <summary>
    /// Floats between the 36 planes of the packed U (MR-row panels, the whole Ci deep): an odd
    /// number of cache lines, so the planes do not share cache sets (at 512 channels they would be exactly 1 MiB apart).
    /// </summary>
    private long _upPlane;
    /// <summary>
    /// Most input channels one weight-transform step takes (its 36 × MR × chunk staging floats, 590 KiB
    /// at most, stay in L2): whole rows up to 512 channels, so each filter row costs one call.
    /// </summary>
    private const int WeightChunkMax = 512;
    private int _weightChunk;
    /// <summary>Depth of one k block of the products (Ci in equal blocks of at most <see cref="KcMax"/>).</summary>
    private int _kc;
    /// <summary>A k block of V's NR-wide column panel (KcMax rows of 128 bytes at 8×32) stays in L1 while every Co panel passes it.</summary>
    private const int KcMax = 256;
    private long _wo, _wi;
    private bool _flip;
    /// <summary>The block the split steps work on (when blocks run in turn).</summary>
    private Block _cur;

    /// <summary>A range of tile rows (over images and rows of tiles) with its V and M.</summary>
    private struct Block
    {
        public int Row0, Rows, Tiles, LdT;
        /// <summary>Floats between the 36 planes of V and of M.</summary>
        public long PV, PM;
        public float* V, M;
    }

    private WinogradJob()
    {
        _weightBody = WeightPanels;
        _inputBody = (c0, c1) => Input(_cur, c0, c1);
        _gemmBody = (x0, x1) => Products(_cur, x0, x1);
        _outputBody = (o0, o1) => Output(_cur, o0, o1);
        _blockBody = Blocks;
    }

    /// <summary>See <see cref="Winograd"/>: dst = w ⋆ src + bias.</summary>
    public static void Run(float* src, int n, int ci, int ih, int iw, int ph, int pw, float* dst, int co, int oh, int ow,
        float* w, long wo, long wi, bool flip, float* bias, in WeightKey key)
    {
        var job = t_job ?? new WinogradJob<TV, TIsa>();
        t_job = null;
        try
        {
            job.Execute(src, n, ci, ih, iw, ph, pw, dst, co, oh, ow, w, wo, wi, flip, bias, key);
        }
        finally
        {
            job._src = job._dst = job._w = job._bias = job._up = null;
            job._cur = default;
            t_job = job;
        }
    }

    private void Execute(float* src, int n, int ci, int ih, int iw, int ph, int pw, float* dst, int co, int oh, int ow,
        float* w, long wo, long wi, bool flip, float* bias, in WeightKey key)
    {
        _src = src;
        _dst = dst;
        _w = w;
        _bias = bias;
        (_ci, _co, _ih, _iw, _oh, _ow, _ph, _pw, _wo, _wi, _flip) = (ci, co, ih, iw, oh, ow, ph, pw, wo, wi, flip);
        int vc = TIsa.Count;
        _tilesX = (ow + 3) / 4;
        _tilesY = (oh + 3) / 4;
        _totalRows = n * _tilesY;
        // The horizontal passes read 4·Count + 4 floats from a group's first tile.
        _sw = 4 * ((_tilesX + vc - 1) / vc * vc) + 4;

        int mr = Sgemm.MR, coPanels = (co + mr - 1) / mr;
        _upPlane = Winograd.UPlane(ci, co);
        // U of unchanged weights comes from the cache (batch 1: the transform cost 0.2 ms of a
        // 0.55 ms 128-channel 28×28 layer); otherwise it is transformed into this thread's scratch.
        using var cached = WeightCache.Get(key, Winograd.ULayout(ci, co, flip), 36L * _upPlane);
        _up = cached.Data != null ? cached.Data : Workspace<float>.Get(1, 36L * _upPlane);
        if (!cached.Ready)
        {
            _weightChunk = Math.Min(WeightChunkMax, (ci + vc - 1) / vc * vc);
            CpuParallel.For(coPanels, Math.Max(1, 256 / ci), _weightBody);
            cached.MarkReady();
        }
        int kBlocks = (ci + KcMax - 1) / KcMax;
        _kc = (ci + kBlocks - 1) / kBlocks;

        long tiles = (long)_totalRows * _tilesX;
        int blockTiles = Winograd.BlockTiles(ci, co);
        if (Winograd.SplitsBlocks(tiles))
        {
            int degree = CpuParallel.Degree;
            long perCore = Math.Max(1, (tiles + (long)degree * blockTiles / 2) / ((long)degree * blockTiles));
            int blocks = (int)Math.Min(_totalRows, degree * perCore);
            _rowsPerBlock = (_totalRows + blocks - 1) / blocks;
            CpuParallel.For((_totalRows + _rowsPerBlock - 1) / _rowsPerBlock, 1, _blockBody);
            return;
        }
        // Equal blocks: 14 rows of 56×56 at up to 12 rows a block run as 7 + 7, not 12 + 2.
        int perBlock = Math.Clamp(Winograd.BlockTiles(ci, co, inTurn: true) / _tilesX, 1, _totalRows), count = (_totalRows + perBlock - 1) / perBlock;
        _rowsPerBlock = (_totalRows + count - 1) / count;
        for (int r0 = 0; r0 < _totalRows; r0 += _rowsPerBlock)
        {
            _cur = NewBlock(r0);
            long inWork = (long)ci * _cur.Tiles * 36, outWork = (long)co * _cur.Tiles * 36;
            CpuParallel.For(ci, Math.Max(1, (int)((1L << 16) * ci / Math.Max(1, inWork))), _inputBody);
            CpuParallel.For(36, (long)ci * co * _cur.Tiles >= (1L << 16) ? 1 : 36, _gemmBody);
            CpuParallel.For(co, Math.Max(1, (int)((1L << 16) * co / Math.Max(1, outWork))), _outputBody);
        }
    }

    /// <summary>The block of tile rows starting at <paramref name="row0"/>, V and M from this thread's slot 0.</summary>
    private Block NewBlock(int row0)
    {
        var b = new Block { Row0 = row0, Rows = Math.Min(_rowsPerBlock, _totalRows - row0) };
        b.Tiles = b.Rows * _tilesX;
        // Room for the whole vectors stored past the last tile and for the last NR-wide column
        // panel the products read in place; an odd number of cache lines so V's rows, read down a
        // column panel, spread over the L1 sets.
        int nr = Sgemm.NR, mr = Sgemm.MR;
        b.LdT = (int)Winograd.OddLines(Math.Max(b.Tiles + TIsa.Count, (b.Tiles + nr - 1) / nr * nr));
        // The transforms touch all 36 planes for every group of tiles, so the plane stride itself
        // must be an odd number of cache lines: channels × LdT alone is a multiple of 4 KiB at 64
        // channels, and then the 36 stores of a group fall in one L1 set (12 ways). Measured, 64ch
        // 56×56 batch 16 forward: input transform 6.0 → 3.2 ms, products 8.1 → 7.1 ms (CPU time), call 9.4 → 6.9 ms.
        b.PV = Winograd.OddLines((long)_ci * b.LdT);
        b.PM = Winograd.OddLines((long)(_co + mr - 1) / mr * mr * b.LdT);
        long v = 36L * b.PV;
        b.V = Workspace<float>.Get(0, v + 36L * b.PM);
        b.M = b.V + v;
        return b;
    }

    private void Blocks(int b0, int b1)
    {
        for (int b = b0; b < b1; b++)
        {
            var blk = NewBlock(b * _rowsPerBlock);
            Input(blk, 0, _ci);
            Products(blk, 0, 36);
            Output(blk, 0, _co);
        }
    }

    /// <summary>
    /// U[ξ] = G g Gᵀ for the output channels of MR-row panels <paramref name="p0"/> … <paramref name="p1"/> − 1,
    /// written straight as the GEMM's packed panels (row i of panel p: MR values, rows past Co zero).
    /// Where a vector holds whole panel rows (Count a multiple of MR: AVX-512, 128-bit) the taps of a
    /// panel are first transposed into [i group][tap][i][row] (sequential reads, 8×8 register
    /// transposes), so each tap of Count/MR panel rows is one load and each coefficient one store
    /// (<see cref="WinogradTransforms{TV, TIsa}.WeightPanel"/>); otherwise rows are transformed by
    /// <see cref="WinogradTransforms{TV, TIsa}.WeightRow"/> and transposed into the panels afterwards.
    /// </summary>
    private void WeightPanels(int p0, int p1)
    {
        int mr = Sgemm.MR, n = TIsa.Count;
        if (n % mr != 0)
        {
            WeightPanelsByRows(p0, p1);
            return;
        }
        int ci = _ci, per = n / mr, full = ci / per, tail = ci - full * per;
        float* stage = Stage(), tailOut = stage + ((long)full + 1) * 9 * n;
        for (int p = p0; p < p1; p++)
        {
            int o0 = p * mr, rows = Math.Min(mr, _co - o0);
            StageTaps(o0, rows, per, stage);
            float* dst = _up + (long)o0 * ci;
            WinogradTransforms<TV, TIsa>.WeightPanel(stage, full, _flip, dst, _upPlane);
            if (tail > 0)
            {
                // The last group is part padding: its whole vectors would run into the next panel
                // (another thread's), so they go to scratch and only the real rows are copied.
                WinogradTransforms<TV, TIsa>.WeightPanel(stage + (long)full * 9 * n, 1, _flip, tailOut, n);
                for (int xi = 0; xi < 36; xi++)
                    new Span<float>(tailOut + xi * n, tail * mr).CopyTo(new Span<float>(dst + (long)full * n + xi * _upPlane, tail * mr));
            }
        }
    }

    /// <summary>
    /// stage[((i / per · 9 + k) · per + i % per) · MR + r] = tap k of filter (o0 + r, i) for every
    /// input channel i (zeros for r ≥ <paramref name="rows"/> and for the padding channels of the last group).
    /// </summary>
    private void StageTaps(int o0, int rows, int per, float* stage)
    {
        int mr = Sgemm.MR, ci = _ci, groups = (ci + per - 1) / per;
        long ld = (long)per * mr;
        float* w0 = _w + o0 * _wo;
        if (rows == 8 && mr == 8 && System.Runtime.Intrinsics.X86.Avx.IsSupported)
        {
            for (int i = 0; i < ci; i++)
            {
                float* d = stage + ((long)(i / per) * 9 * per + i % per) * mr, src = w0 + i * _wi;
                Sgemm.Transpose8x8(src, (nint)_wo, d, (nint)ld, 1f);
                for (int r = 0; r < 8; r++) d[8 * ld + r] = src[r * _wo + 8];
            }
        }
        else
        {
            for (int i = 0; i < ci; i++)
            {
                float* d = stage + ((long)(i / per) * 9 * per + i % per) * mr, src = w0 + i * _wi;
                for (int k = 0; k < 9; k++)
                    for (int r = 0; r < mr; r++) d[k * ld + r] = r < rows ? src[r * _wo + k] : 0f;
            }
        }
        for (int i = ci; i < groups * per; i++)
        {
            float* d = stage + ((long)(i / per) * 9 * per + i % per) * mr;
            for (int k = 0; k < 9; k++) new Span<float>(d + k * ld, mr).Clear();
        }
    }

    /// <summary>
    /// <see cref="WeightPanels"/> where a vector does not hold whole panel rows (AVX2: 8 lanes, 6-row
    /// panels): each filter row is transformed over its input channels into a staging block
    /// [ξ][row][i], up to <see cref="WeightChunkMax"/> channels at a time, then each ξ's MR × chunk
    /// block is transposed into its panel.
    /// </summary>
    private void WeightPanelsByRows(int p0, int p1)
    {
        int mr = Sgemm.MR, ci = _ci;
        int chunk = _weightChunk;
        // An odd number of cache lines between the 36 planes: 8 rows of a power-of-two chunk would put
        // them 4 KiB apart, all 36 stores of a vector group in one L1 set.
        long plane = Winograd.OddLines((long)mr * chunk);
        float* stage = Stage();
        for (int p = p0; p < p1; p++)
        {
            int o0 = p * mr, rows = Math.Min(mr, _co - o0);
            for (int i0 = 0; i0 < ci; i0 += chunk)
            {
                int cnt = Math.Min(chunk, ci - i0);
                for (int r = 0; r < rows; r++)
                    WinogradTransforms<TV, TIsa>.WeightRow(_w + i0 * _wi, _wo, _wi, _flip, o0 + r, cnt, stage + r * chunk, plane);
                float* dst = _up + (long)o0 * ci + (long)i0 * mr;
                for (int xi = 0; xi < 36; xi++)
                    Sgemm.PackA(stage + xi * plane, chunk, false, 1f, 0, rows, 0, cnt, dst + xi * _upPlane);
            }
        }
    }

    /// <summary>This thread's staging strips: 6 rows of the transforms, or the weight transform's block.</summary>
    private float* Stage() => Workspace<float>.Get(2, Math.Max(6L * _sw + _iw + 16,
        Math.Max(36L * (Sgemm.MR * _weightChunk + 16), ((long)_ci + TIsa.Count) * 9 * Sgemm.MR + 37L * TIsa.Count)));

    private void Input(Block b, int c0, int c1)
    {
        float* stage = Stage(), zero = stage + 6L * _sw;
        // The stage's margins (outside the image columns) and the zero row, once for all rows.
        new Span<float>(stage, 6 * _sw + _iw).Clear();
        long plane = (long)_ih * _iw, xiStride = b.PV;
        for (int c = c0; c < c1; c++)
            for (int r = 0; r < b.Rows; r++)
            {
                int row = b.Row0 + r, img = row / _tilesY, ty = row - img * _tilesY;
                WinogradTransforms<TV, TIsa>.InputRow(_src + ((long)img * _ci + c) * plane, _ih, _iw, _ph, _pw, ty, _tilesX,
                    stage, _sw, zero, b.V + (long)c * b.LdT + (long)r * _tilesX, xiStride);
            }
    }

    /// <summary>
    /// M[ξ] (Co × tiles) = U[ξ] · V[ξ] by the sgemm micro-kernel straight on the packed U and on
    /// V's rows in place (no packing of V: its rows are already NR-panel-readable, LdT apart).
    /// </summary>
    private void Products(Block b, int x0, int x1)
    {
        int nr = Sgemm.NR, mr = Sgemm.MR, ci = _ci, kc = _kc, tiles = b.Tiles;
        int tPanels = (tiles + nr - 1) / nr, oPanels = (_co + mr - 1) / mr, pad = tPanels * nr - tiles;
        int lastCols = tiles - (tPanels - 1) * nr;
        long ldt = b.LdT;
        for (int xi = x0; xi < x1; xi++)
        {
            float* v = b.V + xi * b.PV, m = b.M + xi * b.PM, u = _up + xi * _upPlane;
            // The last panel's columns past the tiles are read: make them zeros, not stale workspace.
            if (pad > 0)
                for (int c = 0; c < ci; c++) ZeroShort(v + c * ldt + tiles, pad);
            // The larger operand stays put: with more output channels than tiles an A panel (one k
            // block of U[ξ], 8 KiB) serves every tile panel from L1 while V[ξ] stays in L2, so U,
            // 4× the weights, streams from memory once (512ch 7×7 batch 16: 37.7 MB a call).
            // Otherwise a tile panel's k block of V stays in L1 while every A panel passes it.
            if (oPanels * mr >= tiles)
            {
                for (int ir = 0; ir < oPanels; ir++)
                    for (int k0 = 0; k0 < ci; k0 += kc)
                        for (int jr = 0; jr < tPanels; jr++)
                            Sgemm.Kernel(Math.Min(kc, ci - k0), u + ((long)ir * ci + k0) * mr, v + k0 * ldt + jr * nr, (nint)ldt,
                                m + ir * mr * ldt + jr * nr, (nint)ldt, k0 == 0 ? 0f : 1f, jr == tPanels - 1 ? lastCols : nr);
            }
            else
            {
                for (int jr = 0; jr < tPanels; jr++)
                    for (int k0 = 0; k0 < ci; k0 += kc)
                        for (int ir = 0; ir < oPanels; ir++)
                            Sgemm.Kernel(Math.Min(kc, ci - k0), u + ((long)ir * ci + k0) * mr, v + k0 * ldt + jr * nr, (nint)ldt,
                                m + ir * mr * ldt + jr * nr, (nint)ldt, k0 == 0 ? 0f : 1f, jr == tPanels - 1 ? lastCols : nr);
            }
        }
    }

    /// <summary>p[0 … count) = 0 for a count below 64, without the call of a span clear (once per row and coefficient).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ZeroShort(float* p, int count)
    {
        int i = 0;
        for (; i + 4 <= count; i += 4) System.Runtime.Intrinsics.Vector128.Store(System.Runtime.Intrinsics.Vector128<float>.Zero, p + i);
        for (; i < count; i++) p[i] = 0f;
    }

    private void Output(Block b, int o0, int o1)
    {
        float* stage = Stage();
        long plane = (long)_oh * _ow, xiStride = b.PM;
        for (int o = o0; o < o1; o++)
        {
            float bias = _bias == null ? 0f : _bias[o];
            for (int r = 0; r < b.Rows; r++)
            {
                int row = b.Row0 + r, img = row / _tilesY, ty = row - img * _tilesY;
                WinogradTransforms<TV, TIsa>.OutputRow(b.M + (long)o * b.LdT + (long)r * _tilesX, xiStride, _tilesX, stage, _sw,
                    _dst + ((long)img * _co + o) * plane, _oh, _ow, ty, bias);
            }
        }
    }
}
