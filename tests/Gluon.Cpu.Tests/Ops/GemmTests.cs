using Gluon.Cpu.Kernels;

namespace Gluon.Tests.Ops;

/// <summary>
/// Gemm.Run called directly against a double-precision triple loop: every transpose case,
/// alpha/beta variants, strided leading dimensions and edge-tile sizes of every micro-kernel.
/// </summary>
public unsafe class GemmTests
{
    private static readonly int[] Sizes = [0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 64, 65, 100, 129, 257];

    /// <summary>(alpha, beta) pairs; beta = 0 runs with NaN in C, which must not leak into the result.</summary>
    private static readonly (float Alpha, float Beta)[] Scalars = [(1f, 0f), (1f, 1f), (2.5f, 0.5f), (-1f, 0f), (0.75f, 1f)];

    public static TheoryData<int, int, int> Shapes()
    {
        var d = new TheoryData<int, int, int>();
        foreach (int s in Sizes)
        {
            d.Add(s, s, s);
            d.Add(s, 17, 33);
            d.Add(33, s, 7);
            d.Add(7, 31, s);
        }
        // Skinny shapes: one row, one column, one reduction step.
        d.Add(1, 300, 129);
        d.Add(300, 1, 129);
        d.Add(129, 257, 1);
        d.Add(1, 1, 700);
        d.Add(1, 1000, 1);
        d.Add(1000, 1, 1);
        // Last column panel of at most 16 columns (the half-width AVX-512 tile): exactly 16, fewer,
        // and 17 (full tile), with full and partial row tiles; n of batch-1 convolution images.
        d.Add(40, 48, 70);
        d.Add(41, 45, 33);
        d.Add(24, 49, 300);
        d.Add(19, 196, 37);
        d.Add(16, 784, 20);
        return d;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesReferenceAllTransposes(int m, int n, int k)
    {
        int v = 0;
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                var (alpha, beta) = Scalars[(m + n + k + v++) % Scalars.Length];
                Verify(ta, tb, m, n, k, alpha, beta, pad: 0, seed: m * 7 + n * 3 + k);
                Verify(ta, tb, m, n, k, alpha, beta, pad: 3, seed: m + n + k);
            }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void LargeMatchesReference(bool ta, bool tb)
    {
        Verify(ta, tb, 512, 300, 700, 1f, 0f, pad: 0, seed: 1);
        Verify(ta, tb, 300, 512, 700, 0.5f, 0.5f, pad: 5, seed: 2);
    }

    /// <summary>
    /// Many rows (≥ 256, and not far fewer than columns) on two cores take the path where the workers pack op(B) once into a shared
    /// buffer and split the rows: odd sizes around the register tile and the k block, every transpose.
    /// </summary>
    [Theory]
    [InlineData(512, 32, 256)]
    [InlineData(517, 77, 300)]
    [InlineData(523, 33, 257)]
    [InlineData(520, 1, 129)]
    [InlineData(1031, 65, 17)]
    [InlineData(530, 48, 100)]
    [InlineData(600, 355, 50)]
    public void ManyRowsSharedPackedB(int m, int n, int k) => EveryTranspose(m, n, k);

    /// <summary>Verify in all four transpose cases, alpha/beta, padding and seed varying with the case.</summary>
    private static void EveryTranspose(int m, int n, int k)
    {
        int v = 0;
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                var (alpha, beta) = Scalars[(m + n + k + v++) % Scalars.Length];
                Verify(ta, tb, m, n, k, alpha, beta, pad: (m + v) % 4, seed: m + n * 3 + k * 7 + v);
            }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void SharedPackedBManyPiecesPackedByWhicheverWorkerComesFirst(bool ta, bool tb)
    {
        // Five groups of column panels (the last one partial) in three k blocks: the pieces of the
        // shared packed op(B) are packed by both workers as they reach them, and used by both.
        Verify(ta, tb, 700, 37 * Sgemm.NR + 3, 600, 1f, 0.5f, pad: 1, seed: 13);
    }

    /// <summary>
    /// At most three rows with a large op(B) (FullyConnected at batch 1): the cores take halves of
    /// the columns, each running the unpacked few-row loops on its share; every transpose.
    /// </summary>
    [Theory]
    [InlineData(1, 1000, 512)]
    [InlineData(3, 700, 300)]
    [InlineData(2, 257, 1024)]
    public void FewRowsLargeBSplitOverCores(int m, int n, int k) => EveryTranspose(m, n, k);

    [Fact]
    public void SharedPackedBInColumnChunks()
    {
        // A packed op(B) larger than the limit is packed and consumed a column chunk at a time;
        // a small limit forces several chunks (two or three NR panels each) on a testable size.
        long saved = Sgemm.PackedBMax;
        try
        {
            foreach (long limit in new[] { 2L * Sgemm.NR * 300, 3L * Sgemm.NR * 300 })
            {
                Sgemm.PackedBMax = limit;
                Verify(false, false, 530, 7 * Sgemm.NR + 5, 300, 1f, 0f, pad: 1, seed: 11);
                Verify(true, true, 530, 4 * Sgemm.NR, 300, 0.5f, 1f, pad: 2, seed: 12);
            }
        }
        finally
        {
            Sgemm.PackedBMax = saved;
        }
    }

    [Fact]
    public void ConcurrentLargeCallsFromManyThreads()
    {
        // Calls from several threads at once: one owns the worker pool, the others run their
        // shared-B jobs inline; per-thread packed buffers must not mix.
        Parallel.For(0, 4, i => Verify(i % 2 == 1, i % 3 == 0, 512 + 9 * i, 40 + 11 * i, 100 + 7 * i, 1f, 0.5f, pad: i, seed: 20 + i));
    }

    [Theory]
    [InlineData(8, 40, 30)]
    [InlineData(600, 70, 300)]
    public void NaNAndInfinityPropagate(int m, int n, int k)
    {
        // One NaN in A poisons its row of C, one infinity in B times a zero of A gives NaN in its
        // column: no skipped zeros and no clamping, on the packed paths of small and many rows.
        var a = RandF(m * k, 30);
        var b = RandF(k * n, 31);
        a[3 * k + 5] = float.NaN;
        for (int i = 0; i < m; i++) a[i * k + 7] = 0f;
        b[7 * n + 9] = float.PositiveInfinity;
        var c = new float[m * n];
        fixed (float* pa = a, pb = b, pc = c)
            Gemm.Run(false, false, m, n, k, 1f, pa, k, pb, n, 0f, pc, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                bool nan = i == 3 || j == 9;
                Assert.True(float.IsNaN(c[i * n + j]) == nan, $"m={m} n={n} k={k}: C[{i},{j}] = {c[i * n + j]}");
            }
    }

    [Fact]
    public void EveryScalarPairOnOneShape()
    {
        foreach (var (alpha, beta) in Scalars)
            Verify(true, false, 65, 100, 129, alpha, beta, pad: 2, seed: 3);
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(0f, 0.5f)]
    [InlineData(2f, 0.5f)]
    public void ZeroAlphaOrZeroKOnlyScalesC(float alpha, float beta)
    {
        // k = 0 (with any alpha) and alpha = 0 (with any k) both leave C = beta·C.
        Verify(false, false, 9, 35, alpha == 0f ? 20 : 0, alpha, beta, pad: 1, seed: 4);
    }

    [Fact]
    public void DoublePathMatchesReference()
    {
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                foreach (var (m, n, k) in new[] { (1, 1, 1), (7, 33, 17), (65, 31, 100) })
                    VerifyDouble(ta, tb, m, n, k, 1.5, 0.5);
    }

    [Fact]
    public void ConcurrentCallsFromManyThreads()
    {
        // batch_dot and convolution call Gemm from inside parallel loops: per-thread buffers must not mix.
        Parallel.For(0, 16, i => Verify(i % 2 == 1, i % 3 == 0, 40 + i, 50 + 2 * i, 30 + 3 * i, 1f, 0f, pad: 1, seed: i));
    }

    [Fact]
    public void SmallCallsDoNotAllocateAfterWarmUp()
    {
        const int m = 20, n = 40, k = 30;
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        fixed (float* pa = a, pb = b, pc = c)
        {
            for (int i = 0; i < 3; i++) Gemm.Run(false, true, m, n, k, 1f, pa, k, pb, k, 0f, pc, n);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) Gemm.Run(false, true, m, n, k, 1f, pa, k, pb, k, 0f, pc, n);
            long after = GC.GetAllocatedBytesForCurrentThread();
            Assert.Equal(0, after - before);
        }
    }

    private static float[] RandF(int count, int seed)
    {
        var r = new Random(seed);
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float)(r.NextDouble() * 2 - 1);
        return v;
    }

    /// <summary>
    /// Runs one float GEMM with leading dimensions <paramref name="pad"/> wider than needed and
    /// checks C against a double reference; padding columns of C must stay untouched.
    /// </summary>
    private static void Verify(bool ta, bool tb, int m, int n, int k, float alpha, float beta, int pad, int seed)
    {
        // Stored shapes: A is m×k (k×m when transposed), B is k×n (n×k when transposed).
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        var a = RandF(Math.Max(1, aRows * lda), seed);
        var b = RandF(Math.Max(1, bRows * ldb), seed + 1000);
        var c = RandF(Math.Max(1, m * ldc), seed + 2000);
        if (beta == 0f) Array.Fill(c, float.NaN);
        var c0 = (float[])c.Clone();
        fixed (float* pa = a, pb = b, pc = c)
            Gemm.Run(ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        string what = $"ta={ta} tb={tb} m={m} n={n} k={k} alpha={alpha} beta={beta} pad={pad}";
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = ta ? a[p * lda + i] : a[i * lda + p];
                    double y = tb ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                    abs += Math.Abs(x * y);
                }
                double old = beta == 0f ? 0 : beta * (double)c0[i * ldc + j];
                double expected = alpha * sum + old;
                // float32 accumulation: error grows with k times the magnitude of the terms.
                double tol = 1e-7 * (k + 2) * (Math.Abs(alpha) * abs + Math.Abs(old)) + 1e-6;
                double got = c[i * ldc + j];
                Assert.False(double.IsNaN(got), $"{what}: C[{i},{j}] is NaN");
                Assert.True(Math.Abs(got - expected) <= tol, $"{what}: C[{i},{j}] expected {expected}, got {got} (tol {tol})");
            }
            for (int j = n; j < ldc && i * ldc + j < c.Length; j++)
                Assert.True(c[i * ldc + j].Equals(c0[i * ldc + j]), $"{what}: padding C[{i},{j}] was written");
        }
    }

    private static void VerifyDouble(bool ta, bool tb, int m, int n, int k, double alpha, double beta)
    {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        var a = Check.Rand(aRows * aCols, 5);
        var b = Check.Rand(bRows * bCols, 6);
        var c = Check.Rand(m * n, 7);
        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += (ta ? a[p * aCols + i] : a[i * aCols + p]) * (tb ? b[j * bCols + p] : b[p * bCols + j]);
                expected[i * n + j] = alpha * sum + beta * c[i * n + j];
            }
        fixed (double* pa = a, pb = b, pc = c)
            Gemm.Run(ta, tb, m, n, k, alpha, pa, aCols, pb, bCols, beta, pc, n);
        Check.Close(expected, c, 1e-12, 1e-12, $"double ta={ta} tb={tb} m={m} n={n} k={k}");
    }
}
