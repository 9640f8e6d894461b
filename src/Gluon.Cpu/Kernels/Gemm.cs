using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The one GEMM entry point every matrix product goes through (dot, batch_dot, FullyConnected,
/// convolution): C = alpha·op(A)·op(B) + beta·C on row-major matrices with leading dimensions.
/// float runs the packed, cache-blocked <see cref="Sgemm"/> (AVX-512 / AVX2 / 128-bit micro-kernels);
/// double keeps a simpler path: transposed operands are packed and a row-panel AXPY kernel runs over both cores.
/// </summary>
public static unsafe class Gemm
{
    /// <summary>
    /// C[m×n] = alpha·op(A)·op(B) + beta·C, where op(A) is m×k (A stored k×m when
    /// <paramref name="transA"/>) and op(B) is k×n (B stored n×k when <paramref name="transB"/>).
    /// beta = 0 ignores C's previous contents (NaN included).
    /// </summary>
    public static void Run<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == T.Zero)
        {
            for (int i = 0; i < m; i++) Scale(new Span<T>(c + (long)i * ldc, n), beta);
            return;
        }
        if (typeof(T) == typeof(float))
        {
            Sgemm.Run(transA, transB, m, n, k, Unsafe.As<T, float>(ref alpha), (float*)a, lda, (float*)b, ldb,
                Unsafe.As<T, float>(ref beta), (float*)c, ldc);
            return;
        }
        RowPanels(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// The double path: pack op(A) and op(B) when transposed, then AXPY rows over both cores.
    /// Its own method because the lambda's captured parameters would allocate a closure on every call of Run.
    /// </summary>
    private static void RowPanels<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Pack op(A) as m×k row-major and op(B) as k×n row-major when they are transposed or strided.
        T[]? packA = null, packB = null;
        if (transA)
        {
            packA = new T[(long)m * k];
            for (int p = 0; p < k; p++) for (int i = 0; i < m; i++) packA[(long)i * k + p] = a[(long)p * lda + i];
        }
        if (transB)
        {
            packB = new T[(long)k * n];
            for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) packB[(long)p * n + j] = b[(long)j * ldb + p];
        }
        fixed (T* pa0 = packA)
        fixed (T* pb0 = packB)
        {
            IntPtr pa = (IntPtr)(transA ? pa0 : a), pb = (IntPtr)(transB ? pb0 : b), pc = (IntPtr)c;
            int sa = transA ? k : lda, sb = transB ? n : ldb;
            long work = (long)m * n * k;
            CpuParallel.For(m, work < (1 << 18) ? m : Math.Max(1, m / CpuParallel.Degree), (r0, r1) =>
            {
                for (int i = r0; i < r1; i++)
                    Row((T*)pa + (long)i * sa, (T*)pb, sb, (T*)pc + (long)i * ldc, n, k, alpha, beta);
            });
        }
    }

    private static void Scale<T>(Span<T> row, T beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == T.Zero) row.Clear();
        else if (beta != T.One) TensorPrimitives.Multiply(row, beta, row);
    }

    /// <summary>One row of C: c = beta·c + alpha·Σ_p a[p]·B[p,:], vectorized along the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Row<T>(T* a, T* b, int ldb, T* c, int n, int k, T alpha, T beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var crow = new Span<T>(c, n);
        Scale(crow, beta);
        for (int p = 0; p < k; p++)
        {
            T s = alpha * a[p];
            if (s == T.Zero) continue;
            T* brow = b + (long)p * ldb;
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var vs = Vector512.Create(s);
                for (; j <= n - Vector512<T>.Count; j += Vector512<T>.Count)
                    (vs * Vector512.Load(brow + j) + Vector512.Load(c + j)).Store(c + j);
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var vs = Vector256.Create(s);
                for (; j <= n - Vector256<T>.Count; j += Vector256<T>.Count)
                    (vs * Vector256.Load(brow + j) + Vector256.Load(c + j)).Store(c + j);
            }
            if (Vector128.IsHardwareAccelerated)
            {
                var vs = Vector128.Create(s);
                for (; j <= n - Vector128<T>.Count; j += Vector128<T>.Count)
                    (vs * Vector128.Load(brow + j) + Vector128.Load(c + j)).Store(c + j);
            }
            for (; j < n; j++) c[j] += s * brow[j];
        }
    }
}
