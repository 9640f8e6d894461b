using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Packed, cache-blocked float GEMM (the Goto/BLIS scheme): C = alpha·op(A)·op(B) + beta·C,
/// row-major. op(B) is packed into NR-wide panels, KC rows deep, alpha·op(A) into MR-tall panels
/// (a block of them kept in L2), and NR × MR register tiles run over them: a KC×NR panel of B stays
/// in L1 while every MR panel of the block passes it. Many rows on two cores: the workers take blocks
/// of rows and share one packed op(B), each piece packed by whichever worker needs it first
/// (<see cref="SharedB"/>). Otherwise each
/// worker takes chunks of rows or columns and packs both operands for its chunk (<see cref="Chunked"/>).
/// The packing reads any transpose and stride, so one micro-kernel per ISA serves all four cases.
/// </summary>
internal static unsafe class Sgemm
{
    private static readonly FmaIsa Kind = FmaIsaSelect.Current;

    /// <summary>Rows of the register tile of the chosen micro-kernel (values per k in a packed A panel).</summary>
    internal static readonly int MR = Kind switch { FmaIsa.Avx512 => 8, FmaIsa.Avx2 => 6, _ => 4 };

    /// <summary>Columns of the register tile of the chosen micro-kernel (values per k in a packed B panel).</summary>
    internal static readonly int NR = Kind switch { FmaIsa.Avx512 => 32, FmaIsa.Avx2 => 16, _ => 8 };

    // k block: a KC×NR panel of B (32 KiB for 8×32) plus an MR panel of A stay inside the 48 KiB L1.
    private const int KC = 256;

    // Rows of A packed at a time: MC·KC·4 = 384 KiB of packed A sits inside the L2 next to the streaming C tiles.
    internal static readonly int MC = 384 / MR * MR;

    /// <summary>
    /// From this many rows on (two cores) the workers share one packed op(B) and split the rows: each
    /// row chunk packing B for itself would repack all of it several times (measured 1.05-1.35× faster
    /// from 256 rows up; fewer rows keep the per-chunk packing, whose B block is still in L2 when used).
    /// </summary>
    private const int SharedBRows = 256;

    /// <summary>Rows of B ahead of the one being packed that <see cref="PackBRows"/> prefetches.</summary>
    private const int PrefetchRows = 4;

    /// <summary>
    /// Column panels of op(B) in one piece of the shared packing (long contiguous reads of B's rows;
    /// 256 KiB for a 256-deep k block, which stays in the packer's L2 for its first use).
    /// </summary>
    private const int PackGroup = 8;

    /// <summary>Row blocks per worker at least, so a worker slowed by another process leaves work to the other.</summary>
    private const int BlocksPerWorker = 2;

    // Columns of op(B) packed at a time by a worker that packs its own operands.
    private const int NC = 4096;

    /// <summary>
    /// Most floats of packed op(B) held at once (32 MiB: all of a 2048² B); wider products go in
    /// column chunks. Settable so tests can force chunks on small products.
    /// </summary>
    internal static long PackedBMax = 8L << 20;

    /// <summary>Below this many multiply-adds (about 100³) the hand-off to a second core costs more than it saves (measured: 64³ ran at 116 GFLOP/s on one core, 54 on two).</summary>
    private const long ParallelWork = 1L << 20;

    /// <summary>
    /// Up to this many rows skip packing: packing op(B) (k·n) would cost as much as the product
    /// itself, and a padded MR tile would mostly compute zeros (1×256×784: 44 µs packed, 14 µs here; at 4 rows both ~50 µs).
    /// </summary>
    private const int SmallM = 3;

    /// <summary>Floats of op(B) from which a few-row product splits its columns over the cores.</summary>
    private const long FewRowsParallelFloats = 1L << 17;

    /// <summary>Fewest columns of a core's share of a few-row product (whole vectors per row segment).</summary>
    private const int FewRowsMinColumns = 128;

    [ThreadStatic] private static float[]? t_packA, t_packB, t_edge, t_row;
    [ThreadStatic] private static int[]? t_waiting;
    [ThreadStatic] private static Job? t_job;

    /// <summary>C = alpha·op(A)·op(B) + beta·C for m, n, k ≥ 1 and alpha ≠ 0 (the caller handles the rest).</summary>
    // The blocking loops and packers are compiled fully optimized from the first call
    // (AggressiveOptimization): on the tiered path (tier 0 → instrumented → PGO tier 1) they were
    // measured at 35-110 GFLOP/s single-threaded against 120-178 with full optimization.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        if (m <= SmallM)
        {
            if ((long)n * k >= FewRowsParallelFloats && n >= 2 * FewRowsMinColumns && CpuParallel.Degree >= 2)
            {
                // A large op(B) (FullyConnected at batch 1: 1000×512, 2 MiB) is read once from
                // memory: the cores take halves of its columns.
                var fj = t_job ?? new Job();
                t_job = null;
                fj.Set(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                CpuParallel.For(n, FewRowsMinColumns, fj.FewRowsBody);
                fj.Clear();
                t_job = fj;
            }
            else FewRows(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        // One job object per calling thread, reused so a call allocates nothing after warm-up;
        // taken out of the slot while in use in case a nested call comes from the same thread.
        var job = t_job ?? new Job();
        t_job = null;
        job.Set(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        // k blocks of equal depth: no thin last block that would cost a full pass over C.
        job.Kc = Balanced(k, KC, 1);
        bool parallel = (long)m * n * k >= ParallelWork && CpuParallel.Degree >= 2;
        // Split the dimension whose duplicated packing is cheaper: a row chunk packs all of op(B)
        // (k·n, a plain copy unless transposed), a column chunk packs all of op(A) (k·m, strided).
        bool splitRows = (long)n * (transB ? 3 : 1) <= (long)m * (transA ? 2 : 3);
        // Sharing one packed B duplicates nothing, so it also beats a column split of a transposed
        // square product; it loses only where few rows meet a wide B (packing it all, then reading it back).
        if (parallel && m >= SharedBRows && (splitRows || 2L * m >= n)) SharedB(job);
        else Chunked(job, parallel, splitRows);
        job.Clear();
        t_job = job;
    }

    /// <summary>
    /// Each worker takes chunks of whole MR row panels (or NR column panels) from a shared counter
    /// and packs both operands for its chunk itself: the packed B block is consumed from L2 right
    /// after it is written. Used single-threaded, and where few row chunks would each repack op(B).
    /// </summary>
    private static void Chunked(Job job, bool parallel, bool splitRows)
    {
        job.SplitRows = splitRows;
        int panels = splitRows ? (job.M + MR - 1) / MR : (job.N + NR - 1) / NR;
        if (!parallel || panels < 2)
        {
            job.Execute(0, panels);
            return;
        }
        // Chunks from a shared counter rather than one fixed half each: the cores are shared with
        // other processes, and a static split waits for the slower one. Chunks stay large
        // (≥ 192 rows or 256 columns) so the repacked operand costs a few percent.
        int degree = CpuParallel.Degree;
        int minPanels = splitRows ? (192 + MR - 1) / MR : 256 / NR;
        job.Chunk = Math.Min(Math.Max(minPanels, panels / (4 * degree)), (panels + degree - 1) / degree);
        job.Items = panels;
        job.Next = 0;
        CpuParallel.For(degree, 1, job.ChunkBody);
    }

    /// <summary>
    /// Many rows: the workers take blocks of rows from a shared counter and share one packed op(B)
    /// (a column chunk of it at a time when it is very large). Each piece of it, a group of column
    /// panels of one k block, is packed by the first worker to reach it and used by that worker at
    /// once, from its L2; the other worker reads it from the shared buffer. Packing all of op(B) in
    /// a phase of its own first left the cores waiting on memory for 2.5-6% of a call (at 2048²
    /// measured 10% slower than this); row chunks packing B each for themselves cost 10-20% more.
    /// </summary>
    private static void SharedB(Job job)
    {
        int m = job.M, n = job.N, k = job.K, degree = CpuParallel.Degree;
        int nPanelsAll = (n + NR - 1) / NR;
        int chunkPanels = (int)Math.Clamp(PackedBMax / ((long)k * NR), 1, nPanelsAll);
        job.PackB = Buffer(ref t_packB, (long)chunkPanels * NR * k);
        job.MPanels = (m + MR - 1) / MR;
        // At most MC rows per block (a multiple of the worker count when there are several), and at
        // least BlocksPerWorker blocks per worker, taken from a shared counter.
        int rowBlocks = (m + MC - 1) / MC;
        job.RowBlocks = Math.Min(job.MPanels, Math.Max(BlocksPerWorker * degree, (rowBlocks + degree - 1) / degree * degree));
        job.KBlocks = (k + job.Kc - 1) / job.Kc;
        for (int jc = 0; jc < n; jc += chunkPanels * NR)
        {
            job.Jc = jc;
            job.Nc = Math.Min(chunkPanels * NR, n - jc);
            job.NPanels = (job.Nc + NR - 1) / NR;
            job.Groups = (job.NPanels + PackGroup - 1) / PackGroup;
            int pieces = job.KBlocks * job.Groups;
            if (job.Packed.Length < pieces) job.Packed = new int[pieces];
            Array.Clear(job.Packed, 0, pieces);
            job.Items = job.RowBlocks;
            job.Next = 0;
            CpuParallel.For(degree, 1, job.ComputeBody);
        }
    }

    /// <summary>The arguments of one call and worker delegates bound once, so a call allocates no closure.</summary>
    private sealed class Job
    {
        public readonly Action<int, int> ChunkBody, ComputeBody, FewRowsBody;
        public bool TransA, TransB, SplitRows;
        public int M, N, K, Lda, Ldb, Ldc, Kc, Chunk, Items, Next;
        public int Jc, Nc, NPanels, Groups, MPanels, KBlocks, RowBlocks;
        public float Alpha, Beta;
        public float* A, B, C, PackB;

        /// <summary>
        /// State of each piece (k block, group of column panels) of the shared packed op(B):
        /// <see cref="Unpacked"/>, <see cref="Packing"/> or <see cref="Ready"/>. Kept between calls.
        /// </summary>
        public int[] Packed = new int[64];

        public Job()
        {
            ChunkBody = (_, _) => Chunks();
            ComputeBody = (_, _) => RowBlocksOfShared();
            FewRowsBody = (j0, j1) => FewRows(TransA, TransB, M, j1 - j0, K, Alpha, A, Lda,
                TransB ? B + (long)j0 * Ldb : B + j0, Ldb, Beta, C + j0, Ldc);
        }

        public void Set(bool transA, bool transB, int m, int n, int k, float alpha,
            float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
        {
            (TransA, TransB, M, N, K, Alpha, Lda, Ldb, Beta, Ldc) = (transA, transB, m, n, k, alpha, lda, ldb, beta, ldc);
            A = a;
            B = b;
            C = c;
        }

        public void Clear()
        {
            A = null;
            B = null;
            C = null;
            PackB = null;
        }

        /// <summary>Takes chunks of <see cref="Chunk"/> panels until none are left.</summary>
        private void Chunks()
        {
            int p0;
            while ((p0 = Interlocked.Add(ref Next, Chunk) - Chunk) < Items)
                Execute(p0, Math.Min(Items, p0 + Chunk));
        }

        /// <summary>Computes the C block of panels [p0, p1) of the split dimension, packing both operands.</summary>
        public void Execute(int p0, int p1)
        {
            int r0 = 0, r1 = M, c0 = 0, c1 = N;
            if (SplitRows) { r0 = p0 * MR; r1 = Math.Min(M, p1 * MR); }
            else { c0 = p0 * NR; c1 = Math.Min(N, p1 * NR); }
            BlockOwn(this, r0, r1, c0, c1);
        }

        /// <summary>Computes row blocks of the current column chunk, sharing the packed B, until none are left.</summary>
        private void RowBlocksOfShared()
        {
            int rb;
            while ((rb = Interlocked.Increment(ref Next) - 1) < Items)
            {
                int r0 = (int)((long)rb * MPanels / RowBlocks) * MR;
                int r1 = Math.Min(M, (int)((long)(rb + 1) * MPanels / RowBlocks) * MR);
                if (r0 < r1) BlockShared(this, r0, r1);
            }
        }
    }

    /// <summary>
    /// C for a few rows without packing, row by row on the calling thread: AXPY over the rows of B
    /// (B not transposed) or one dot product per element of C (B transposed, its rows contiguous in k).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FewRows(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        // op(A)'s row i is strided when A is transposed: gather it (scaled by alpha) into a reused buffer.
        float* row = Buffer(ref t_row, k);
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++) row[p] = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
            var arow = new ReadOnlySpan<float>(row, k);
            var crow = new Span<float>(c + i * ldc, n);
            if (!transB)
            {
                if (beta == 0f) crow.Clear();
                else if (beta != 1f) TensorPrimitives.Multiply(crow, beta, crow);
                // No skip of zero a values: 0·NaN in B must stay NaN, as in the packed path.
                for (int p = 0; p < k; p++)
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(b + p * ldb, n), row[p], crow, crow);
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    float dot = TensorPrimitives.Dot(arow, new ReadOnlySpan<float>(b + j * ldb, k));
                    crow[j] = beta == 0f ? dot : dot + beta * crow[j];
                }
            }
        }
    }

    /// <summary>Splits <paramref name="total"/> into equal blocks of at most <paramref name="max"/>, rounded up to <paramref name="unit"/>.</summary>
    internal static int Balanced(int total, int max, int unit)
    {
        int blocks = (total + max - 1) / max;
        int size = (total + blocks - 1) / blocks;
        return Math.Min(max, (size + unit - 1) / unit * unit);
    }

    private static float* Buffer(ref float[]? cache, long floats)
    {
        // Pinned so the pointer stays valid; 16 spare floats let the start be 64-byte aligned.
        if (cache is null || cache.Length < floats + 16) cache = GC.AllocateUninitializedArray<float>((int)(floats + 16), pinned: true);
        fixed (float* p = cache) return (float*)(((nint)p + 63) & ~(nint)63);
    }

    private const int Unpacked = 0, Packing = 1, Ready = 2;

    /// <summary>
    /// C[r0..r1, Jc .. Jc + Nc] of the job on the calling thread, with the shared packed op(B) of
    /// the current column chunk: per k block, pack this block's rows of A, then run its tiles one
    /// group of column panels at a time: a group nobody packed yet is packed here and used at once,
    /// a ready one is used as it is, and one the other worker is packing is left for last.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockShared(Job j, int r0, int r1)
    {
        int rows = r1 - r0, groups = j.Groups;
        float* packA = Buffer(ref t_packA, (long)((rows + MR - 1) / MR * MR) * j.Kc);
        float* edge = Buffer(ref t_edge, MR * NR);
        float* c = j.C + (long)r0 * j.Ldc + j.Jc;
        int[] waiting = t_waiting is { } w && w.Length >= groups ? w : (t_waiting = new int[groups]);
        for (int pc = 0; pc < j.K; pc += j.Kc)
        {
            int kc = Math.Min(j.Kc, j.K - pc);
            // Later k blocks add onto what the first one stored.
            float beta = pc == 0 ? j.Beta : 1f;
            PackA(j.A, j.Lda, j.TransA, j.Alpha, r0, rows, pc, kc, packA);
            // Block pc starts after pc/Kc full blocks of all panels; its panels are NR·kc floats apart.
            float* packB = j.PackB + (long)pc * j.NPanels * NR;
            int first = pc / j.Kc * groups, waits = 0;
            for (int g = 0; g < groups; g++)
            {
                ref int state = ref j.Packed[first + g];
                int s = Volatile.Read(ref state);
                if (s == Unpacked && Interlocked.CompareExchange(ref state, Packing, Unpacked) == Unpacked)
                {
                    var (j0, cols) = GroupSpan(j, g);
                    PackB(j.B, j.Ldb, j.TransB, pc, kc, j.Jc + j0, cols, packB + (long)j0 * kc);
                    // Release: the packed values are visible to whoever reads Ready.
                    Volatile.Write(ref state, Ready);
                    s = Ready;
                }
                if (s == Ready) GroupTiles(j, g, packA, packB, rows, kc, c, beta, edge);
                else waiting[waits++] = g;
            }
            for (int q = 0; q < waits; q++)
            {
                // Being packed by the other worker (tens of microseconds): wait for it without sleeping.
                var spin = new SpinWait();
                while (Volatile.Read(ref j.Packed[first + waiting[q]]) != Ready) spin.SpinOnce(sleep1Threshold: -1);
                GroupTiles(j, waiting[q], packA, packB, rows, kc, c, beta, edge);
            }
        }
    }

    /// <summary>The tiles of one group of column panels of <see cref="BlockShared"/>'s rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GroupTiles(Job j, int g, float* packA, float* packB, int rows, int kc, float* c, float beta, float* edge)
    {
        var (j0, cols) = GroupSpan(j, g);
        Tiles(packA, packB + (long)j0 * kc, rows, cols, kc, c + j0, j.Ldc, beta, edge);
    }

    /// <summary>First column (within the current column chunk) and column count of group <paramref name="g"/> of column panels.</summary>
    private static (int J0, int Cols) GroupSpan(Job j, int g)
    {
        int j0 = g * PackGroup * NR;
        return (j0, Math.Min(PackGroup * NR, j.Nc - j0));
    }

    /// <summary>C[r0..r1, c0..c1] of the job on the calling thread, packing blocks of both operands.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockOwn(Job j, int r0, int r1, int c0, int c1)
    {
        int rows = r1 - r0, cols = c1 - c0;
        if (rows <= 0 || cols <= 0) return;
        int mcMax = Balanced(rows, MC, MR);
        int ncMax = Balanced(cols, NC, NR);
        float* packA = Buffer(ref t_packA, (long)mcMax * j.Kc);
        float* packB = Buffer(ref t_packB, (long)ncMax * j.Kc);
        float* edge = Buffer(ref t_edge, MR * NR);
        for (int jc = c0; jc < c1; jc += ncMax)
        {
            int nc = Math.Min(ncMax, c1 - jc);
            for (int pc = 0; pc < j.K; pc += j.Kc)
            {
                int kc = Math.Min(j.Kc, j.K - pc);
                // Later k blocks add onto what the first one stored.
                float beta = pc == 0 ? j.Beta : 1f;
                PackB(j.B, j.Ldb, j.TransB, pc, kc, jc, nc, packB);
                for (int ic = r0; ic < r1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, r1 - ic);
                    PackA(j.A, j.Lda, j.TransA, j.Alpha, ic, mc, pc, kc, packA);
                    Tiles(packA, packB, mc, nc, kc, j.C + (long)ic * j.Ldc + jc, j.Ldc, beta, edge);
                }
            }
        }
    }

    /// <summary>
    /// Runs the micro-kernel over every MR×NR tile of an mc×nc block of C (packed A panels MR·kc
    /// floats apart, packed B panels NR·kc apart); edge tiles go through <paramref name="edge"/> (MR·NR
    /// floats) so only C's valid corner is written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tiles(float* packA, float* packB, int mc, int nc, int kc, float* c, nint ldc, float beta, float* edge)
    {
        int tilesPerPanel = (mc + MR - 1) / MR, panelLines = kc * NR / 16;
        for (int jr = 0; jr < nc; jr += NR)
        {
            int nr = Math.Min(NR, nc - jr);
            float* bp = packB + (long)jr * kc;
            // The next panel of B, a few lines per tile, so that it is in L1 or L2 by its first tile
            // rather than in L3 or the other core's cache (2048², paired with OpenBLAS: 1.03-1.04 of its
            // time against 1.04-1.07 without; 1024² even).
            byte* next = (byte*)(bp + (long)NR * kc), nextEnd = jr + NR < nc ? next + (long)panelLines * 64 : next;
            int linesPerTile = (panelLines + tilesPerPanel - 1) / tilesPerPanel;
            for (int ir = 0; ir < mc; ir += MR)
            {
                int mr = Math.Min(MR, mc - ir);
                float* ap = packA + (long)ir * kc;
                float* ct = c + ir * ldc + jr;
                if (Sse.IsSupported)
                {
                    for (int q = 0; q < linesPerTile && next < nextEnd; q++, next += 64) Sse.Prefetch0(next);
                    // Prefetch the C tile of the next call (rows below this one, or the top of the next
                    // column panel): its loads and stores at the end of the kernel otherwise wait on L3
                    // or memory (measured +3% at 1024², +15% at 2048² on two cores).
                    float* nt = ir + MR < mc ? ct + MR * ldc : c + jr + NR;
                    for (int i = 0; i < MR; i++)
                    {
                        Sse.Prefetch0(nt + i * ldc);
                        if (NR > 16) Sse.Prefetch0(nt + i * ldc + 16);
                    }
                }
                if (mr == MR && nr == KernelWidth(nr))
                {
                    Kernel(kc, ap, bp, NR, ct, ldc, beta, nr);
                    continue;
                }
                // Edge tile: the padded panels give a full tile; only its valid corner reaches C.
                Kernel(kc, ap, bp, NR, edge, NR, 0f, nr);
                for (int i = 0; i < mr; i++)
                {
                    float* src = edge + i * NR, dst = ct + i * ldc;
                    if (beta == 0f) for (int x = 0; x < nr; x++) dst[x] = src[x];
                    else for (int x = 0; x < nr; x++) dst[x] = src[x] + beta * dst[x];
                }
            }
        }
    }

    /// <summary>
    /// The micro-kernel of the chosen ISA: C[MR×NR] (row stride <paramref name="ldc"/>) =
    /// Σ_p a-panel[p]·b-panel[p] + beta·C over kc steps of packed panels (MR values of A, NR of B per
    /// step); beta = 0 never reads C. Other packers (convolution) call it on panels of their own.
    /// </summary>
    internal static void Kernel(int kc, float* a, float* b, float* c, nint ldc, float beta) => Kernel(kc, a, b, NR, c, ldc, beta);

    /// <summary>
    /// <see cref="Kernel(int, float*, float*, float*, nint, float)"/> over B rows <paramref name="ldb"/>
    /// floats apart: a row-major B (NR valid-or-padding columns from <paramref name="b"/>) read in place, unpacked.
    /// </summary>
    internal static void Kernel(int kc, float* a, float* b, nint ldb, float* c, nint ldc, float beta)
    {
        switch (Kind)
        {
            case FmaIsa.Avx512: SgemmKernels.Avx512Mr8Nr32(kc, a, b, ldb, c, ldc, beta); break;
            case FmaIsa.Avx2: SgemmKernels.Avx2Mr6Nr16(kc, a, b, ldb, c, ldc, beta); break;
            default: SgemmKernels.V128Mr4Nr8(kc, a, b, ldb, c, ldc, beta); break;
        }
    }

    /// <summary>
    /// The micro-kernel for a panel whose first <paramref name="cols"/> columns are wanted: a
    /// panel of at most 16 (n = 196, 784: the 14² and 28² images of a batch-1 convolution; a
    /// Winograd block's last tiles) runs the half-width AVX-512 tile, writing
    /// <see cref="KernelWidth"/> columns of C; otherwise the full NR-wide one.
    /// </summary>
    internal static void Kernel(int kc, float* a, float* b, nint ldb, float* c, nint ldc, float beta, int cols)
    {
        if (KernelWidth(cols) < NR) SgemmKernels.Avx512Mr8Nr16(kc, a, b, ldb, c, ldc, beta);
        else Kernel(kc, a, b, ldb, c, ldc, beta);
    }

    /// <summary>Columns of C that <see cref="Kernel(int, float*, float*, nint, float*, nint, float, int)"/> writes for <paramref name="cols"/> wanted.</summary>
    internal static int KernelWidth(int cols) => Kind == FmaIsa.Avx512 && cols <= 16 ? 16 : NR;

    /// <summary>
    /// Packs alpha·op(A)[i0..i0+mc, p0..p0+kc] as MR-row panels, each kc columns of MR values;
    /// rows past mc are zero so edge tiles run the full kernel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackA(float* a, nint lda, bool trans, float alpha, int i0, int mc, int p0, int kc, float* dst)
    {
        if (trans)
        {
            PackATransposed(a, lda, alpha, i0, mc, p0, kc, dst);
            return;
        }
        int mr0 = MR;
        for (int ir = 0; ir < mc; ir += mr0)
        {
            int mr = Math.Min(mr0, mc - ir);
            float* d = dst + (long)ir * kc;
            if (!trans)
            {
                // op(A)[i, p] = a[i·lda + p]: a full 8-row panel goes through 8×8 register
                // transposes; the rest reads rows and writes with stride MR.
                int pDone = 0;
                if (mr == 8 && mr0 == 8 && Avx.IsSupported)
                {
                    float* s = a + (i0 + ir) * lda + p0;
                    for (; pDone + 8 <= kc; pDone += 8)
                    {
                        // Each of the 8 rows is a stream of its own: fetch 64 floats ahead of the
                        // transposes (measured 15-20% less packing time at 1024² and 2048²).
                        if ((pDone & 15) == 0 && pDone + 64 < kc)
                            for (int i = 0; i < 8; i++) Sse.Prefetch0(s + i * lda + pDone + 64);
                        Transpose8x8(s + pDone, lda, d + pDone * 8, 8, alpha);
                    }
                }
                for (int i = 0; i < mr; i++)
                {
                    float* s = a + (i0 + ir + i) * lda + p0;
                    for (int p = pDone; p < kc; p++) d[p * mr0 + i] = alpha * s[p];
                }
                for (int i = mr; i < mr0; i++)
                    for (int p = 0; p < kc; p++) d[p * mr0 + i] = 0f;
            }
        }
    }

    /// <summary>
    /// <see cref="PackA"/> for a transposed A (op(A)[i, p] = a[p·lda + i]): stored row p holds
    /// every panel's MR values for that p, so it is read once, contiguously, and scattered to the
    /// panels (reading panel by panel touched a new page for every 32 bytes: 10× slower at 2048²).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackATransposed(float* a, nint lda, float alpha, int i0, int mc, int p0, int kc, float* dst)
    {
        int mr0 = MR, full = mc / mr0 * mr0;
        var va8 = Vector256.Create(alpha);
        var va4 = Vector128.Create(alpha);
        for (int p = 0; p < kc; p++)
        {
            float* s = a + (p0 + p) * lda + i0;
            float* dp = dst + p * mr0;
            int ir = 0;
            if (mr0 == 8 && Vector256.IsHardwareAccelerated)
                for (; ir < full; ir += 8) Vector256.Store(Vector256.Load(s + ir) * va8, dp + (long)ir * kc);
            else if (mr0 == 4 && Vector128.IsHardwareAccelerated)
                for (; ir < full; ir += 4) Vector128.Store(Vector128.Load(s + ir) * va4, dp + (long)ir * kc);
            for (; ir < mc; ir += mr0)
            {
                float* d = dp + (long)ir * kc;
                int mr = Math.Min(mr0, mc - ir), i = 0;
                for (; i < mr; i++) d[i] = alpha * s[ir + i];
                for (; i < mr0; i++) d[i] = 0f;
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0..p0+kc, j0..j0+nc] as NR-column panels, each kc rows of NR values;
    /// columns past nc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackB(float* b, nint ldb, bool trans, int p0, int kc, int j0, int nc, float* dst)
    {
        if (!trans)
        {
            PackBRows(b, ldb, p0, kc, j0, nc, dst);
            return;
        }
        int nr0 = NR;
        for (int jr = 0; jr < nc; jr += nr0)
        {
            int nr = Math.Min(nr0, nc - jr);
            float* d = dst + (long)jr * kc;
            // op(B)[p, j] = b[j·ldb + p]: 8×8 register transposes over whole groups of 8
            // columns and 8 rows; the rest reads stored rows and writes with stride NR.
            int xDone = 0, pDone = 0;
            if (Avx.IsSupported && kc >= 8)
            {
                pDone = kc & ~7;
                for (; xDone + 8 <= nr; xDone += 8)
                {
                    float* s = b + (j0 + jr + xDone) * ldb + p0;
                    for (int p = 0; p < pDone; p += 8) Transpose8x8(s + p, ldb, d + p * nr0 + xDone, nr0, 1f);
                }
            }
            for (int x = 0; x < nr; x++)
            {
                float* s = b + (j0 + jr + x) * ldb + p0;
                for (int p = x < xDone ? pDone : 0; p < kc; p++) d[p * nr0 + x] = s[p];
            }
            for (int x = nr; x < nr0; x++)
                for (int p = 0; p < kc; p++) d[p * nr0 + x] = 0f;
        }
    }

    /// <summary>
    /// <see cref="PackB"/> for op(B)[p, j] = b[p·ldb + j]: each stored row p is read once,
    /// contiguously, and its NR-column runs copied to the panels (reading panel by panel touched a
    /// new page for every 128 bytes: 2× slower at 2048²).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackBRows(float* b, nint ldb, int p0, int kc, int j0, int nc, float* dst)
    {
        int nr0 = NR, full = nc / nr0 * nr0;
        for (int p = 0; p < kc; p++)
        {
            float* s = b + (p0 + p) * ldb + j0;
            float* dp = dst + p * nr0;
            // The row PrefetchRows ahead: each row's run is a new page, where the hardware
            // prefetcher starts over (measured 2048²: 1.4 → 0.9 ms per pack of all of B on one core).
            if (Sse.IsSupported && p + PrefetchRows < kc)
                for (int x = 0; x < nc; x += 16) Sse.Prefetch0(s + PrefetchRows * ldb + x);
            for (int jr = 0; jr < full; jr += nr0)
            {
                float* d = dp + (long)jr * kc;
                int x = 0;
                if (Vector512.IsHardwareAccelerated)
                    for (; x + 16 <= nr0; x += 16) Vector512.Store(Vector512.Load(s + jr + x), d + x);
                for (; x + 4 <= nr0; x += 4) Vector128.Store(Vector128.Load(s + jr + x), d + x);
            }
            if (full < nc)
            {
                float* d = dp + (long)full * kc;
                int x = 0;
                for (; x < nc - full; x++) d[x] = s[full + x];
                for (; x < nr0; x++) d[x] = 0f;
            }
        }
    }

    /// <summary>dst[c·ldd + r] = alpha·src[r·lds + c] for an 8×8 block, in registers (unpack, shuffle, lane swap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Transpose8x8(float* src, nint lds, float* dst, nint ldd, float alpha)
    {
        var va = Vector256.Create(alpha);
        var r0 = Avx.LoadVector256(src) * va;
        var r1 = Avx.LoadVector256(src + lds) * va;
        var r2 = Avx.LoadVector256(src + 2 * lds) * va;
        var r3 = Avx.LoadVector256(src + 3 * lds) * va;
        var r4 = Avx.LoadVector256(src + 4 * lds) * va;
        var r5 = Avx.LoadVector256(src + 5 * lds) * va;
        var r6 = Avx.LoadVector256(src + 6 * lds) * va;
        var r7 = Avx.LoadVector256(src + 7 * lds) * va;
        // Pairs of rows interleaved: t0 = [a00 a10 a01 a11 | a04 a14 a05 a15], ...
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        // Four rows per column within each 128-bit lane: s0 = [a00 a10 a20 a30 | a04 a14 a24 a34], ...
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE), s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE), s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        // Low lanes give columns 0-3, high lanes columns 4-7.
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(s3, s7, 0x31));
    }
}
