using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Register-blocked sgemm micro-kernels: C[MR×NR] = Σ_p A[:,p]·B[p,:] (+ beta·C) over a packed
/// A panel (MR values per p) and B rows <c>ldb</c> floats apart (NR for a packed B panel; the
/// row stride of a row-major B that is read in place). Each keeps its whole C tile in registers and
/// sits alone in its own method with no calls, because the JIT spills the accumulators of a loop
/// that shares its method with a call (see PERFORMANCE.md). Written out by hand (generated once)
/// since C# cannot unroll over a register tile.
/// </summary>
internal static unsafe class SgemmKernels
{
    /// <summary>AVX-512 8×32 tile: 16 zmm accumulators, 2 B loads and 8 broadcasts per 16 FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Avx512Mr8Nr32(int kc, float* a, float* b, nint ldb, float* c, nint ldc, float beta)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
            b += ldb;
        }
        if (beta == 0f)
        {
            // beta = 0 never reads C, so NaN or garbage there does not leak in.
            c00.Store(c + 0);
            c01.Store(c + 16);
            c += ldc;
            c10.Store(c + 0);
            c11.Store(c + 16);
            c += ldc;
            c20.Store(c + 0);
            c21.Store(c + 16);
            c += ldc;
            c30.Store(c + 0);
            c31.Store(c + 16);
            c += ldc;
            c40.Store(c + 0);
            c41.Store(c + 16);
            c += ldc;
            c50.Store(c + 0);
            c51.Store(c + 16);
            c += ldc;
            c60.Store(c + 0);
            c61.Store(c + 16);
            c += ldc;
            c70.Store(c + 0);
            c71.Store(c + 16);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 0), c00).Store(c + 0);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 16), c01).Store(c + 16);
            c += ldc;
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 0), c10).Store(c + 0);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 16), c11).Store(c + 16);
            c += ldc;
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 0), c20).Store(c + 0);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 16), c21).Store(c + 16);
            c += ldc;
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 0), c30).Store(c + 0);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 16), c31).Store(c + 16);
            c += ldc;
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 0), c40).Store(c + 0);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 16), c41).Store(c + 16);
            c += ldc;
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 0), c50).Store(c + 0);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 16), c51).Store(c + 16);
            c += ldc;
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 0), c60).Store(c + 0);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 16), c61).Store(c + 16);
            c += ldc;
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 0), c70).Store(c + 0);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 16), c71).Store(c + 16);
        }
    }

    /// <summary>
    /// AVX-512 8×16 tile over the first 16 columns of 32-wide packed B panels (an edge panel with at
    /// most 16 valid columns): half the work of the 8×32 tile; 8 accumulators cover the FMA latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Avx512Mr8Nr16(int kc, float* a, float* b, nint ldb, float* c, nint ldc, float beta)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), b0, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[1]), b0, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), b0, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), b0, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), b0, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), b0, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), b0, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), b0, c7);
            a += 8;
            b += ldb;
        }
        if (beta == 0f)
        {
            // beta = 0 never reads C, so NaN or garbage there does not leak in.
            c0.Store(c + 0 * ldc);
            c1.Store(c + 1 * ldc);
            c2.Store(c + 2 * ldc);
            c3.Store(c + 3 * ldc);
            c4.Store(c + 4 * ldc);
            c5.Store(c + 5 * ldc);
            c6.Store(c + 6 * ldc);
            c7.Store(c + 7 * ldc);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 0 * ldc), c0).Store(c + 0 * ldc);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 1 * ldc), c1).Store(c + 1 * ldc);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 2 * ldc), c2).Store(c + 2 * ldc);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 3 * ldc), c3).Store(c + 3 * ldc);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 4 * ldc), c4).Store(c + 4 * ldc);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 5 * ldc), c5).Store(c + 5 * ldc);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 6 * ldc), c6).Store(c + 6 * ldc);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 7 * ldc), c7).Store(c + 7 * ldc);
        }
    }

    /// <summary>AVX2 6×16 tile: 12 ymm accumulators + 2 B + 1 broadcast fit the 16 ymm registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Avx2Mr6Nr16(int kc, float* a, float* b, nint ldb, float* c, nint ldc, float beta)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += ldb;
        }
        if (beta == 0f)
        {
            // beta = 0 never reads C, so NaN or garbage there does not leak in.
            c00.Store(c + 0);
            c01.Store(c + 8);
            c += ldc;
            c10.Store(c + 0);
            c11.Store(c + 8);
            c += ldc;
            c20.Store(c + 0);
            c21.Store(c + 8);
            c += ldc;
            c30.Store(c + 0);
            c31.Store(c + 8);
            c += ldc;
            c40.Store(c + 0);
            c41.Store(c + 8);
            c += ldc;
            c50.Store(c + 0);
            c51.Store(c + 8);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 0), c00).Store(c + 0);
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 8), c01).Store(c + 8);
            c += ldc;
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 0), c10).Store(c + 0);
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 8), c11).Store(c + 8);
            c += ldc;
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 0), c20).Store(c + 0);
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 8), c21).Store(c + 8);
            c += ldc;
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 0), c30).Store(c + 0);
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 8), c31).Store(c + 8);
            c += ldc;
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 0), c40).Store(c + 0);
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 8), c41).Store(c + 8);
            c += ldc;
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 0), c50).Store(c + 0);
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 8), c51).Store(c + 8);
        }
    }

    /// <summary>Portable 4×8 tile on 128-bit vectors: fused where the hardware has FMA, multiply + add otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void V128Mr4Nr8(int kc, float* a, float* b, nint ldb, float* c, nint ldc, float beta)
    {
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(b + 0);
            var b1 = Vector128.Load(b + 4);
            var a0 = Vector128.Create(a[0]);
            c00 = Vector128.MultiplyAddEstimate(a0, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(a0, b1, c01);
            var a1 = Vector128.Create(a[1]);
            c10 = Vector128.MultiplyAddEstimate(a1, b0, c10);
            c11 = Vector128.MultiplyAddEstimate(a1, b1, c11);
            var a2 = Vector128.Create(a[2]);
            c20 = Vector128.MultiplyAddEstimate(a2, b0, c20);
            c21 = Vector128.MultiplyAddEstimate(a2, b1, c21);
            var a3 = Vector128.Create(a[3]);
            c30 = Vector128.MultiplyAddEstimate(a3, b0, c30);
            c31 = Vector128.MultiplyAddEstimate(a3, b1, c31);
            a += 4;
            b += ldb;
        }
        if (beta == 0f)
        {
            // beta = 0 never reads C, so NaN or garbage there does not leak in.
            c00.Store(c + 0);
            c01.Store(c + 4);
            c += ldc;
            c10.Store(c + 0);
            c11.Store(c + 4);
            c += ldc;
            c20.Store(c + 0);
            c21.Store(c + 4);
            c += ldc;
            c30.Store(c + 0);
            c31.Store(c + 4);
        }
        else
        {
            var vb = Vector128.Create(beta);
            Vector128.MultiplyAddEstimate(vb, Vector128.Load(c + 0), c00).Store(c + 0);
            Vector128.MultiplyAddEstimate(vb, Vector128.Load(c + 4), c01).Store(c + 4);
            c += ldc;
            Vector128.MultiplyAddEstimate(vb, Vector128.Load(c + 0), c10).Store(c + 0);
            Vector128.MultiplyAddEstimate(vb, Vector128.Load(c + 4), c11).Store(c + 4);
            c += ldc;
            Vector128.MultiplyAddEstimate(vb, Vector128.Load(c + 0), c20).Store(c + 0);
            Vector128.MultiplyAddEstimate(vb, Vector128.Load(c + 4), c21).Store(c + 4);
            c += ldc;
            Vector128.MultiplyAddEstimate(vb, Vector128.Load(c + 0), c30).Store(c + 0);
            Vector128.MultiplyAddEstimate(vb, Vector128.Load(c + 4), c31).Store(c + 4);
        }
    }
}
