using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Register-tiled micro-kernels of <see cref="DirectConv"/>. Forward: a tile of MR output channels
/// × two vectors of output positions, C[i, x] = Σ_t a[i·lda + t] · image[off[t] + x], where a holds
/// the weight rows of the MR channels and off[t] the offset of tap t in the padded,
/// phase-split image: the GEMM micro-kernel with its B operand read straight from the image at a
/// per-tap offset instead of from a packed panel. Weight gradient: a 4 × 4 block of
/// (channel, tap) dot products over the positions. Each kernel sits alone in its method with no
/// calls so the JIT keeps the accumulators in registers (see SgemmKernels).
/// </summary>
internal static unsafe class DirectConvKernels
{
    /// <summary>AVX-512 forward tile: 8 channels × 32 positions, 16 zmm accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Forward512(int taps, float* a, nint lda, float* x, int* off, float* c, nint ldc)
    {
        float* a0 = a, a1 = a + 1 * lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda, a6 = a + 6 * lda, a7 = a + 7 * lda;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int t = 0; t < taps; t++)
        {
            float* xp = x + off[t];
            var b0 = Vector512.Load(xp);
            var b1 = Vector512.Load(xp + 16);
            var w0 = Vector512.Create(a0[t]);
            c00 = Vector512.FusedMultiplyAdd(w0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(w0, b1, c01);
            var w1 = Vector512.Create(a1[t]);
            c10 = Vector512.FusedMultiplyAdd(w1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(w1, b1, c11);
            var w2 = Vector512.Create(a2[t]);
            c20 = Vector512.FusedMultiplyAdd(w2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(w2, b1, c21);
            var w3 = Vector512.Create(a3[t]);
            c30 = Vector512.FusedMultiplyAdd(w3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(w3, b1, c31);
            var w4 = Vector512.Create(a4[t]);
            c40 = Vector512.FusedMultiplyAdd(w4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(w4, b1, c41);
            var w5 = Vector512.Create(a5[t]);
            c50 = Vector512.FusedMultiplyAdd(w5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(w5, b1, c51);
            var w6 = Vector512.Create(a6[t]);
            c60 = Vector512.FusedMultiplyAdd(w6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(w6, b1, c61);
            var w7 = Vector512.Create(a7[t]);
            c70 = Vector512.FusedMultiplyAdd(w7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(w7, b1, c71);
        }
        c00.Store(c); c01.Store(c + 16); c += ldc;
        c10.Store(c); c11.Store(c + 16); c += ldc;
        c20.Store(c); c21.Store(c + 16); c += ldc;
        c30.Store(c); c31.Store(c + 16); c += ldc;
        c40.Store(c); c41.Store(c + 16); c += ldc;
        c50.Store(c); c51.Store(c + 16); c += ldc;
        c60.Store(c); c61.Store(c + 16); c += ldc;
        c70.Store(c); c71.Store(c + 16);
    }

    /// <summary>AVX2 forward tile: 6 channels × 16 positions, 12 ymm accumulators (16 registers in all).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Forward256(int taps, float* a, nint lda, float* x, int* off, float* c, nint ldc)
    {
        float* a0 = a, a1 = a + 1 * lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int t = 0; t < taps; t++)
        {
            float* xp = x + off[t];
            var b0 = Vector256.Load(xp);
            var b1 = Vector256.Load(xp + 8);
            var w0 = Vector256.Create(a0[t]);
            c00 = Vector256.FusedMultiplyAdd(w0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(w0, b1, c01);
            var w1 = Vector256.Create(a1[t]);
            c10 = Vector256.FusedMultiplyAdd(w1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(w1, b1, c11);
            var w2 = Vector256.Create(a2[t]);
            c20 = Vector256.FusedMultiplyAdd(w2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(w2, b1, c21);
            var w3 = Vector256.Create(a3[t]);
            c30 = Vector256.FusedMultiplyAdd(w3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(w3, b1, c31);
            var w4 = Vector256.Create(a4[t]);
            c40 = Vector256.FusedMultiplyAdd(w4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(w4, b1, c41);
            var w5 = Vector256.Create(a5[t]);
            c50 = Vector256.FusedMultiplyAdd(w5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(w5, b1, c51);
        }
        c00.Store(c); c01.Store(c + 8); c += ldc;
        c10.Store(c); c11.Store(c + 8); c += ldc;
        c20.Store(c); c21.Store(c + 8); c += ldc;
        c30.Store(c); c31.Store(c + 8); c += ldc;
        c40.Store(c); c41.Store(c + 8); c += ldc;
        c50.Store(c); c51.Store(c + 8);
    }

    /// <summary>AVX-512 forward tile of 6 channels × 32 positions, for groups of 6 or 12 channels (LeNet) that would pad 8-channel tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Forward512Mr6(int taps, float* a, nint lda, float* x, int* off, float* c, nint ldc)
    {
        float* a0 = a, a1 = a + 1 * lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int t = 0; t < taps; t++)
        {
            float* xp = x + off[t];
            var b0 = Vector512.Load(xp);
            var b1 = Vector512.Load(xp + 16);
            var w0 = Vector512.Create(a0[t]);
            c00 = Vector512.FusedMultiplyAdd(w0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(w0, b1, c01);
            var w1 = Vector512.Create(a1[t]);
            c10 = Vector512.FusedMultiplyAdd(w1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(w1, b1, c11);
            var w2 = Vector512.Create(a2[t]);
            c20 = Vector512.FusedMultiplyAdd(w2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(w2, b1, c21);
            var w3 = Vector512.Create(a3[t]);
            c30 = Vector512.FusedMultiplyAdd(w3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(w3, b1, c31);
            var w4 = Vector512.Create(a4[t]);
            c40 = Vector512.FusedMultiplyAdd(w4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(w4, b1, c41);
            var w5 = Vector512.Create(a5[t]);
            c50 = Vector512.FusedMultiplyAdd(w5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(w5, b1, c51);
        }
        c00.Store(c); c01.Store(c + 16); c += ldc;
        c10.Store(c); c11.Store(c + 16); c += ldc;
        c20.Store(c); c21.Store(c + 16); c += ldc;
        c30.Store(c); c31.Store(c + 16); c += ldc;
        c40.Store(c); c41.Store(c + 16); c += ldc;
        c50.Store(c); c51.Store(c + 16);
    }

    /// <summary>Portable forward tile on 128-bit vectors: 4 channels × 8 positions (fused where the hardware has FMA).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Forward128(int taps, float* a, nint lda, float* x, int* off, float* c, nint ldc)
    {
        float* a0 = a, a1 = a + 1 * lda, a2 = a + 2 * lda, a3 = a + 3 * lda;
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        for (int t = 0; t < taps; t++)
        {
            float* xp = x + off[t];
            var b0 = Vector128.Load(xp);
            var b1 = Vector128.Load(xp + 4);
            var w0 = Vector128.Create(a0[t]);
            c00 = Vector128.MultiplyAddEstimate(w0, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(w0, b1, c01);
            var w1 = Vector128.Create(a1[t]);
            c10 = Vector128.MultiplyAddEstimate(w1, b0, c10);
            c11 = Vector128.MultiplyAddEstimate(w1, b1, c11);
            var w2 = Vector128.Create(a2[t]);
            c20 = Vector128.MultiplyAddEstimate(w2, b0, c20);
            c21 = Vector128.MultiplyAddEstimate(w2, b1, c21);
            var w3 = Vector128.Create(a3[t]);
            c30 = Vector128.MultiplyAddEstimate(w3, b0, c30);
            c31 = Vector128.MultiplyAddEstimate(w3, b1, c31);
        }
        c00.Store(c); c01.Store(c + 4); c += ldc;
        c10.Store(c); c11.Store(c + 4); c += ldc;
        c20.Store(c); c21.Store(c + 4); c += ldc;
        c30.Store(c); c31.Store(c + 4);
    }

    /// <summary>
    /// 8 channels × two vectors of positions read from <paramref name="xa"/> and <paramref name="xb"/> (two
    /// independent runs of 16 positions), stored straight to the output rows at <paramref name="ca"/> and
    /// <paramref name="cb"/> (channels <paramref name="ldc"/> apart) with bias[i] added when there is one: the
    /// forward of outputs stored row by row, with no wide block to copy out. A run of fewer
    /// positions (<paramref name="na"/>, <paramref name="nb"/>: the last of a row) stores only those, under a mask.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Forward512Rows(int taps, float* a, nint lda, float* xa, float* xb, int* off, float* ca, float* cb, nint ldc, float* bias, int na, int nb)
    {
        float* a0 = a, a1 = a + 1 * lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda, a6 = a + 6 * lda, a7 = a + 7 * lda;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int t = 0; t < taps; t++)
        {
            int o = off[t];
            var b0 = Vector512.Load(xa + o);
            var b1 = Vector512.Load(xb + o);
            var w0 = Vector512.Create(a0[t]);
            c00 = Vector512.FusedMultiplyAdd(w0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(w0, b1, c01);
            var w1 = Vector512.Create(a1[t]);
            c10 = Vector512.FusedMultiplyAdd(w1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(w1, b1, c11);
            var w2 = Vector512.Create(a2[t]);
            c20 = Vector512.FusedMultiplyAdd(w2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(w2, b1, c21);
            var w3 = Vector512.Create(a3[t]);
            c30 = Vector512.FusedMultiplyAdd(w3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(w3, b1, c31);
            var w4 = Vector512.Create(a4[t]);
            c40 = Vector512.FusedMultiplyAdd(w4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(w4, b1, c41);
            var w5 = Vector512.Create(a5[t]);
            c50 = Vector512.FusedMultiplyAdd(w5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(w5, b1, c51);
            var w6 = Vector512.Create(a6[t]);
            c60 = Vector512.FusedMultiplyAdd(w6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(w6, b1, c61);
            var w7 = Vector512.Create(a7[t]);
            c70 = Vector512.FusedMultiplyAdd(w7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(w7, b1, c71);
        }
        if (bias != null)
        {
            var v0 = Vector512.Create(bias[0]); c00 += v0; c01 += v0;
            var v1 = Vector512.Create(bias[1]); c10 += v1; c11 += v1;
            var v2 = Vector512.Create(bias[2]); c20 += v2; c21 += v2;
            var v3 = Vector512.Create(bias[3]); c30 += v3; c31 += v3;
            var v4 = Vector512.Create(bias[4]); c40 += v4; c41 += v4;
            var v5 = Vector512.Create(bias[5]); c50 += v5; c51 += v5;
            var v6 = Vector512.Create(bias[6]); c60 += v6; c61 += v6;
            var v7 = Vector512.Create(bias[7]); c70 += v7; c71 += v7;
        }
        if (na == 16 && nb == 16)
        {
            c00.Store(ca + 0 * ldc); c01.Store(cb + 0 * ldc);
            c10.Store(ca + 1 * ldc); c11.Store(cb + 1 * ldc);
            c20.Store(ca + 2 * ldc); c21.Store(cb + 2 * ldc);
            c30.Store(ca + 3 * ldc); c31.Store(cb + 3 * ldc);
            c40.Store(ca + 4 * ldc); c41.Store(cb + 4 * ldc);
            c50.Store(ca + 5 * ldc); c51.Store(cb + 5 * ldc);
            c60.Store(ca + 6 * ldc); c61.Store(cb + 6 * ldc);
            c70.Store(ca + 7 * ldc); c71.Store(cb + 7 * ldc);
            return;
        }
        var ma = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(na)).AsSingle();
        var mb = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(nb)).AsSingle();
        Avx512F.MaskStore(ca + 0 * ldc, ma, c00); Avx512F.MaskStore(cb + 0 * ldc, mb, c01);
        Avx512F.MaskStore(ca + 1 * ldc, ma, c10); Avx512F.MaskStore(cb + 1 * ldc, mb, c11);
        Avx512F.MaskStore(ca + 2 * ldc, ma, c20); Avx512F.MaskStore(cb + 2 * ldc, mb, c21);
        Avx512F.MaskStore(ca + 3 * ldc, ma, c30); Avx512F.MaskStore(cb + 3 * ldc, mb, c31);
        Avx512F.MaskStore(ca + 4 * ldc, ma, c40); Avx512F.MaskStore(cb + 4 * ldc, mb, c41);
        Avx512F.MaskStore(ca + 5 * ldc, ma, c50); Avx512F.MaskStore(cb + 5 * ldc, mb, c51);
        Avx512F.MaskStore(ca + 6 * ldc, ma, c60); Avx512F.MaskStore(cb + 6 * ldc, mb, c61);
        Avx512F.MaskStore(ca + 7 * ldc, ma, c70); Avx512F.MaskStore(cb + 7 * ldc, mb, c71);
    }
    /// <summary>
    /// 6 channels × two vectors of positions read from <paramref name="xa"/> and <paramref name="xb"/> (two
    /// independent runs of 8 positions), stored straight to the output rows at <paramref name="ca"/> and
    /// <paramref name="cb"/> (channels <paramref name="ldc"/> apart) with bias[i] added when there is one: the
    /// forward of outputs stored row by row, with no wide block to copy out. A run of fewer
    /// positions (<paramref name="na"/>, <paramref name="nb"/>: the last of a row) stores only those, under a mask.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Forward256Rows(int taps, float* a, nint lda, float* xa, float* xb, int* off, float* ca, float* cb, nint ldc, float* bias, int na, int nb)
    {
        float* a0 = a, a1 = a + 1 * lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int t = 0; t < taps; t++)
        {
            int o = off[t];
            var b0 = Vector256.Load(xa + o);
            var b1 = Vector256.Load(xb + o);
            var w0 = Vector256.Create(a0[t]);
            c00 = Vector256.FusedMultiplyAdd(w0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(w0, b1, c01);
            var w1 = Vector256.Create(a1[t]);
            c10 = Vector256.FusedMultiplyAdd(w1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(w1, b1, c11);
            var w2 = Vector256.Create(a2[t]);
            c20 = Vector256.FusedMultiplyAdd(w2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(w2, b1, c21);
            var w3 = Vector256.Create(a3[t]);
            c30 = Vector256.FusedMultiplyAdd(w3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(w3, b1, c31);
            var w4 = Vector256.Create(a4[t]);
            c40 = Vector256.FusedMultiplyAdd(w4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(w4, b1, c41);
            var w5 = Vector256.Create(a5[t]);
            c50 = Vector256.FusedMultiplyAdd(w5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(w5, b1, c51);
        }
        if (bias != null)
        {
            var v0 = Vector256.Create(bias[0]); c00 += v0; c01 += v0;
            var v1 = Vector256.Create(bias[1]); c10 += v1; c11 += v1;
            var v2 = Vector256.Create(bias[2]); c20 += v2; c21 += v2;
            var v3 = Vector256.Create(bias[3]); c30 += v3; c31 += v3;
            var v4 = Vector256.Create(bias[4]); c40 += v4; c41 += v4;
            var v5 = Vector256.Create(bias[5]); c50 += v5; c51 += v5;
        }
        if (na == 8 && nb == 8)
        {
            c00.Store(ca + 0 * ldc); c01.Store(cb + 0 * ldc);
            c10.Store(ca + 1 * ldc); c11.Store(cb + 1 * ldc);
            c20.Store(ca + 2 * ldc); c21.Store(cb + 2 * ldc);
            c30.Store(ca + 3 * ldc); c31.Store(cb + 3 * ldc);
            c40.Store(ca + 4 * ldc); c41.Store(cb + 4 * ldc);
            c50.Store(ca + 5 * ldc); c51.Store(cb + 5 * ldc);
            return;
        }
        var ma = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(na)).AsSingle();
        var mb = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(nb)).AsSingle();
        Avx.MaskStore(ca + 0 * ldc, ma, c00); Avx.MaskStore(cb + 0 * ldc, mb, c01);
        Avx.MaskStore(ca + 1 * ldc, ma, c10); Avx.MaskStore(cb + 1 * ldc, mb, c11);
        Avx.MaskStore(ca + 2 * ldc, ma, c20); Avx.MaskStore(cb + 2 * ldc, mb, c21);
        Avx.MaskStore(ca + 3 * ldc, ma, c30); Avx.MaskStore(cb + 3 * ldc, mb, c31);
        Avx.MaskStore(ca + 4 * ldc, ma, c40); Avx.MaskStore(cb + 4 * ldc, mb, c41);
        Avx.MaskStore(ca + 5 * ldc, ma, c50); Avx.MaskStore(cb + 5 * ldc, mb, c51);
    }
    /// <summary>
    /// 4 channels × two vectors of positions read from <paramref name="xa"/> and <paramref name="xb"/> (two
    /// independent runs of 4 positions), stored straight to the output rows at <paramref name="ca"/> and
    /// <paramref name="cb"/> (channels <paramref name="ldc"/> apart) with bias[i] added when there is one: the
    /// forward of outputs stored row by row, with no wide block to copy out. A run of fewer
    /// positions (<paramref name="na"/>, <paramref name="nb"/>: the last of a row) stores only those, under a mask.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Forward128Rows(int taps, float* a, nint lda, float* xa, float* xb, int* off, float* ca, float* cb, nint ldc, float* bias, int na, int nb)
    {
        float* a0 = a, a1 = a + 1 * lda, a2 = a + 2 * lda, a3 = a + 3 * lda;
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        for (int t = 0; t < taps; t++)
        {
            int o = off[t];
            var b0 = Vector128.Load(xa + o);
            var b1 = Vector128.Load(xb + o);
            var w0 = Vector128.Create(a0[t]);
            c00 = Vector128.MultiplyAddEstimate(w0, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(w0, b1, c01);
            var w1 = Vector128.Create(a1[t]);
            c10 = Vector128.MultiplyAddEstimate(w1, b0, c10);
            c11 = Vector128.MultiplyAddEstimate(w1, b1, c11);
            var w2 = Vector128.Create(a2[t]);
            c20 = Vector128.MultiplyAddEstimate(w2, b0, c20);
            c21 = Vector128.MultiplyAddEstimate(w2, b1, c21);
            var w3 = Vector128.Create(a3[t]);
            c30 = Vector128.MultiplyAddEstimate(w3, b0, c30);
            c31 = Vector128.MultiplyAddEstimate(w3, b1, c31);
        }
        if (bias != null)
        {
            var v0 = Vector128.Create(bias[0]); c00 += v0; c01 += v0;
            var v1 = Vector128.Create(bias[1]); c10 += v1; c11 += v1;
            var v2 = Vector128.Create(bias[2]); c20 += v2; c21 += v2;
            var v3 = Vector128.Create(bias[3]); c30 += v3; c31 += v3;
        }
        if (na == 4 && nb == 4)
        {
            c00.Store(ca + 0 * ldc); c01.Store(cb + 0 * ldc);
            c10.Store(ca + 1 * ldc); c11.Store(cb + 1 * ldc);
            c20.Store(ca + 2 * ldc); c21.Store(cb + 2 * ldc);
            c30.Store(ca + 3 * ldc); c31.Store(cb + 3 * ldc);
            return;
        }
        if (!Avx.IsSupported)
        {
            StorePartial(c00, ca + 0 * ldc, na); StorePartial(c01, cb + 0 * ldc, nb);
            StorePartial(c10, ca + 1 * ldc, na); StorePartial(c11, cb + 1 * ldc, nb);
            StorePartial(c20, ca + 2 * ldc, na); StorePartial(c21, cb + 2 * ldc, nb);
            StorePartial(c30, ca + 3 * ldc, na); StorePartial(c31, cb + 3 * ldc, nb);
            return;
        }
        var ma = Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(na)).AsSingle();
        var mb = Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(nb)).AsSingle();
        Avx.MaskStore(ca + 0 * ldc, ma, c00); Avx.MaskStore(cb + 0 * ldc, mb, c01);
        Avx.MaskStore(ca + 1 * ldc, ma, c10); Avx.MaskStore(cb + 1 * ldc, mb, c11);
        Avx.MaskStore(ca + 2 * ldc, ma, c20); Avx.MaskStore(cb + 2 * ldc, mb, c21);
        Avx.MaskStore(ca + 3 * ldc, ma, c30); Avx.MaskStore(cb + 3 * ldc, mb, c31);
    }
    /// <summary>dst[j] = v[j] for j &lt; <paramref name="count"/> (the masked store where 128-bit vectors have none).</summary>
    private static void StorePartial(Vector128<float> v, float* dst, int count)
    {
        for (int j = 0; j < count; j++) dst[j] = v.GetElement(j);
    }

    /// <summary>One-channel forward tile on Vector512 (2 vectors of positions): taps in fours on eight accumulators, so the FMA latency is hidden without more channels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void ForwardRow512(int taps, float* a, float* x, int* off, float* c)
    {
        Vector512<float> p0 = default, p1 = default, q0 = default, q1 = default, r0 = default, r1 = default, s0 = default, s1 = default;
        int t = 0;
        for (; t + 4 <= taps; t += 4)
        {
            float* x0 = x + off[t], x1 = x + off[t + 1], x2 = x + off[t + 2], x3 = x + off[t + 3];
            var w0 = Vector512.Create(a[t]);
            p0 = Vector512.FusedMultiplyAdd(w0, Vector512.Load(x0), p0);
            p1 = Vector512.FusedMultiplyAdd(w0, Vector512.Load(x0 + 16), p1);
            var w1 = Vector512.Create(a[t + 1]);
            q0 = Vector512.FusedMultiplyAdd(w1, Vector512.Load(x1), q0);
            q1 = Vector512.FusedMultiplyAdd(w1, Vector512.Load(x1 + 16), q1);
            var w2 = Vector512.Create(a[t + 2]);
            r0 = Vector512.FusedMultiplyAdd(w2, Vector512.Load(x2), r0);
            r1 = Vector512.FusedMultiplyAdd(w2, Vector512.Load(x2 + 16), r1);
            var w3 = Vector512.Create(a[t + 3]);
            s0 = Vector512.FusedMultiplyAdd(w3, Vector512.Load(x3), s0);
            s1 = Vector512.FusedMultiplyAdd(w3, Vector512.Load(x3 + 16), s1);
        }
        for (; t < taps; t++)
        {
            float* x0 = x + off[t];
            var w0 = Vector512.Create(a[t]);
            p0 = Vector512.FusedMultiplyAdd(w0, Vector512.Load(x0), p0);
            p1 = Vector512.FusedMultiplyAdd(w0, Vector512.Load(x0 + 16), p1);
        }
        ((p0 + q0) + (r0 + s0)).Store(c);
        ((p1 + q1) + (r1 + s1)).Store(c + 16);
    }

    /// <summary>One-channel forward tile on Vector256 (2 vectors of positions): taps in fours on eight accumulators, so the FMA latency is hidden without more channels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void ForwardRow256(int taps, float* a, float* x, int* off, float* c)
    {
        Vector256<float> p0 = default, p1 = default, q0 = default, q1 = default, r0 = default, r1 = default, s0 = default, s1 = default;
        int t = 0;
        for (; t + 4 <= taps; t += 4)
        {
            float* x0 = x + off[t], x1 = x + off[t + 1], x2 = x + off[t + 2], x3 = x + off[t + 3];
            var w0 = Vector256.Create(a[t]);
            p0 = Vector256.FusedMultiplyAdd(w0, Vector256.Load(x0), p0);
            p1 = Vector256.FusedMultiplyAdd(w0, Vector256.Load(x0 + 8), p1);
            var w1 = Vector256.Create(a[t + 1]);
            q0 = Vector256.FusedMultiplyAdd(w1, Vector256.Load(x1), q0);
            q1 = Vector256.FusedMultiplyAdd(w1, Vector256.Load(x1 + 8), q1);
            var w2 = Vector256.Create(a[t + 2]);
            r0 = Vector256.FusedMultiplyAdd(w2, Vector256.Load(x2), r0);
            r1 = Vector256.FusedMultiplyAdd(w2, Vector256.Load(x2 + 8), r1);
            var w3 = Vector256.Create(a[t + 3]);
            s0 = Vector256.FusedMultiplyAdd(w3, Vector256.Load(x3), s0);
            s1 = Vector256.FusedMultiplyAdd(w3, Vector256.Load(x3 + 8), s1);
        }
        for (; t < taps; t++)
        {
            float* x0 = x + off[t];
            var w0 = Vector256.Create(a[t]);
            p0 = Vector256.FusedMultiplyAdd(w0, Vector256.Load(x0), p0);
            p1 = Vector256.FusedMultiplyAdd(w0, Vector256.Load(x0 + 8), p1);
        }
        ((p0 + q0) + (r0 + s0)).Store(c);
        ((p1 + q1) + (r1 + s1)).Store(c + 8);
    }

    /// <summary>One-channel forward tile on Vector128 (2 vectors of positions): taps in fours on eight accumulators, so the FMA latency is hidden without more channels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void ForwardRow128(int taps, float* a, float* x, int* off, float* c)
    {
        Vector128<float> p0 = default, p1 = default, q0 = default, q1 = default, r0 = default, r1 = default, s0 = default, s1 = default;
        int t = 0;
        for (; t + 4 <= taps; t += 4)
        {
            float* x0 = x + off[t], x1 = x + off[t + 1], x2 = x + off[t + 2], x3 = x + off[t + 3];
            var w0 = Vector128.Create(a[t]);
            p0 = Vector128.MultiplyAddEstimate(w0, Vector128.Load(x0), p0);
            p1 = Vector128.MultiplyAddEstimate(w0, Vector128.Load(x0 + 4), p1);
            var w1 = Vector128.Create(a[t + 1]);
            q0 = Vector128.MultiplyAddEstimate(w1, Vector128.Load(x1), q0);
            q1 = Vector128.MultiplyAddEstimate(w1, Vector128.Load(x1 + 4), q1);
            var w2 = Vector128.Create(a[t + 2]);
            r0 = Vector128.MultiplyAddEstimate(w2, Vector128.Load(x2), r0);
            r1 = Vector128.MultiplyAddEstimate(w2, Vector128.Load(x2 + 4), r1);
            var w3 = Vector128.Create(a[t + 3]);
            s0 = Vector128.MultiplyAddEstimate(w3, Vector128.Load(x3), s0);
            s1 = Vector128.MultiplyAddEstimate(w3, Vector128.Load(x3 + 4), s1);
        }
        for (; t < taps; t++)
        {
            float* x0 = x + off[t];
            var w0 = Vector128.Create(a[t]);
            p0 = Vector128.MultiplyAddEstimate(w0, Vector128.Load(x0), p0);
            p1 = Vector128.MultiplyAddEstimate(w0, Vector128.Load(x0 + 4), p1);
        }
        ((p0 + q0) + (r0 + s0)).Store(c);
        ((p1 + q1) + (r1 + s1)).Store(c + 4);
    }

    /// <summary>
    /// Weight-gradient block, AVX-512: s[i·4 + j] += Σ_v d_i[v] · x[off_j + v] for 4 gradient rows
    /// d_i (<paramref name="ldd"/> apart) and 4 taps, over <paramref name="length"/> positions (a
    /// multiple of 16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Dots512(int length, float* d, nint ldd, float* x, int* off, float* s)
    {
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default, s10 = default, s11 = default, s12 = default, s13 = default, s20 = default, s21 = default, s22 = default, s23 = default, s30 = default, s31 = default, s32 = default, s33 = default;
        float* x0 = x + off[0], x1 = x + off[1], x2 = x + off[2], x3 = x + off[3];
        for (int v = 0; v < length; v += 16)
        {
            var b0 = Vector512.Load(x0 + v);
            var b1 = Vector512.Load(x1 + v);
            var b2 = Vector512.Load(x2 + v);
            var b3 = Vector512.Load(x3 + v);
            var a = Vector512.Load(d + v);
            s00 = Vector512.FusedMultiplyAdd(a, b0, s00); s01 = Vector512.FusedMultiplyAdd(a, b1, s01); s02 = Vector512.FusedMultiplyAdd(a, b2, s02); s03 = Vector512.FusedMultiplyAdd(a, b3, s03);
            a = Vector512.Load(d + ldd + v);
            s10 = Vector512.FusedMultiplyAdd(a, b0, s10); s11 = Vector512.FusedMultiplyAdd(a, b1, s11); s12 = Vector512.FusedMultiplyAdd(a, b2, s12); s13 = Vector512.FusedMultiplyAdd(a, b3, s13);
            a = Vector512.Load(d + 2 * ldd + v);
            s20 = Vector512.FusedMultiplyAdd(a, b0, s20); s21 = Vector512.FusedMultiplyAdd(a, b1, s21); s22 = Vector512.FusedMultiplyAdd(a, b2, s22); s23 = Vector512.FusedMultiplyAdd(a, b3, s23);
            a = Vector512.Load(d + 3 * ldd + v);
            s30 = Vector512.FusedMultiplyAdd(a, b0, s30); s31 = Vector512.FusedMultiplyAdd(a, b1, s31); s32 = Vector512.FusedMultiplyAdd(a, b2, s32); s33 = Vector512.FusedMultiplyAdd(a, b3, s33);
        }
        s[0] += Vector512.Sum(s00); s[1] += Vector512.Sum(s01); s[2] += Vector512.Sum(s02); s[3] += Vector512.Sum(s03);
        s[4] += Vector512.Sum(s10); s[5] += Vector512.Sum(s11); s[6] += Vector512.Sum(s12); s[7] += Vector512.Sum(s13);
        s[8] += Vector512.Sum(s20); s[9] += Vector512.Sum(s21); s[10] += Vector512.Sum(s22); s[11] += Vector512.Sum(s23);
        s[12] += Vector512.Sum(s30); s[13] += Vector512.Sum(s31); s[14] += Vector512.Sum(s32); s[15] += Vector512.Sum(s33);
    }

    /// <summary>Weight-gradient block on 256-bit vectors (<paramref name="length"/> a multiple of 8); see <see cref="Dots512"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Dots256(int length, float* d, nint ldd, float* x, int* off, float* s)
    {
        Vector256<float> s00 = default, s01 = default, s02 = default, s03 = default, s10 = default, s11 = default, s12 = default, s13 = default, s20 = default, s21 = default, s22 = default, s23 = default;
        Vector256<float> s30 = default, s31 = default, s32 = default, s33 = default;
        float* x0 = x + off[0], x1 = x + off[1], x2 = x + off[2], x3 = x + off[3];
        for (int v = 0; v < length; v += 8)
        {
            var b0 = Vector256.Load(x0 + v);
            var b1 = Vector256.Load(x1 + v);
            var b2 = Vector256.Load(x2 + v);
            var b3 = Vector256.Load(x3 + v);
            var a = Vector256.Load(d + v);
            s00 = Vector256.FusedMultiplyAdd(a, b0, s00); s01 = Vector256.FusedMultiplyAdd(a, b1, s01); s02 = Vector256.FusedMultiplyAdd(a, b2, s02); s03 = Vector256.FusedMultiplyAdd(a, b3, s03);
            a = Vector256.Load(d + ldd + v);
            s10 = Vector256.FusedMultiplyAdd(a, b0, s10); s11 = Vector256.FusedMultiplyAdd(a, b1, s11); s12 = Vector256.FusedMultiplyAdd(a, b2, s12); s13 = Vector256.FusedMultiplyAdd(a, b3, s13);
            a = Vector256.Load(d + 2 * ldd + v);
            s20 = Vector256.FusedMultiplyAdd(a, b0, s20); s21 = Vector256.FusedMultiplyAdd(a, b1, s21); s22 = Vector256.FusedMultiplyAdd(a, b2, s22); s23 = Vector256.FusedMultiplyAdd(a, b3, s23);
            a = Vector256.Load(d + 3 * ldd + v);
            s30 = Vector256.FusedMultiplyAdd(a, b0, s30); s31 = Vector256.FusedMultiplyAdd(a, b1, s31); s32 = Vector256.FusedMultiplyAdd(a, b2, s32); s33 = Vector256.FusedMultiplyAdd(a, b3, s33);
        }
        s[0] += Vector256.Sum(s00); s[1] += Vector256.Sum(s01); s[2] += Vector256.Sum(s02); s[3] += Vector256.Sum(s03);
        s[4] += Vector256.Sum(s10); s[5] += Vector256.Sum(s11); s[6] += Vector256.Sum(s12); s[7] += Vector256.Sum(s13);
        s[8] += Vector256.Sum(s20); s[9] += Vector256.Sum(s21); s[10] += Vector256.Sum(s22); s[11] += Vector256.Sum(s23);
        s[12] += Vector256.Sum(s30); s[13] += Vector256.Sum(s31); s[14] += Vector256.Sum(s32); s[15] += Vector256.Sum(s33);
    }

    /// <summary>Weight-gradient block on 128-bit vectors (<paramref name="length"/> a multiple of 4); see <see cref="Dots512"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Dots128(int length, float* d, nint ldd, float* x, int* off, float* s)
    {
        Vector128<float> s00 = default, s01 = default, s02 = default, s03 = default, s10 = default, s11 = default, s12 = default, s13 = default, s20 = default, s21 = default, s22 = default, s23 = default;
        Vector128<float> s30 = default, s31 = default, s32 = default, s33 = default;
        float* x0 = x + off[0], x1 = x + off[1], x2 = x + off[2], x3 = x + off[3];
        for (int v = 0; v < length; v += 4)
        {
            var b0 = Vector128.Load(x0 + v);
            var b1 = Vector128.Load(x1 + v);
            var b2 = Vector128.Load(x2 + v);
            var b3 = Vector128.Load(x3 + v);
            var a = Vector128.Load(d + v);
            s00 = Vector128.MultiplyAddEstimate(a, b0, s00); s01 = Vector128.MultiplyAddEstimate(a, b1, s01); s02 = Vector128.MultiplyAddEstimate(a, b2, s02); s03 = Vector128.MultiplyAddEstimate(a, b3, s03);
            a = Vector128.Load(d + ldd + v);
            s10 = Vector128.MultiplyAddEstimate(a, b0, s10); s11 = Vector128.MultiplyAddEstimate(a, b1, s11); s12 = Vector128.MultiplyAddEstimate(a, b2, s12); s13 = Vector128.MultiplyAddEstimate(a, b3, s13);
            a = Vector128.Load(d + 2 * ldd + v);
            s20 = Vector128.MultiplyAddEstimate(a, b0, s20); s21 = Vector128.MultiplyAddEstimate(a, b1, s21); s22 = Vector128.MultiplyAddEstimate(a, b2, s22); s23 = Vector128.MultiplyAddEstimate(a, b3, s23);
            a = Vector128.Load(d + 3 * ldd + v);
            s30 = Vector128.MultiplyAddEstimate(a, b0, s30); s31 = Vector128.MultiplyAddEstimate(a, b1, s31); s32 = Vector128.MultiplyAddEstimate(a, b2, s32); s33 = Vector128.MultiplyAddEstimate(a, b3, s33);
        }
        s[0] += Vector128.Sum(s00); s[1] += Vector128.Sum(s01); s[2] += Vector128.Sum(s02); s[3] += Vector128.Sum(s03);
        s[4] += Vector128.Sum(s10); s[5] += Vector128.Sum(s11); s[6] += Vector128.Sum(s12); s[7] += Vector128.Sum(s13);
        s[8] += Vector128.Sum(s20); s[9] += Vector128.Sum(s21); s[10] += Vector128.Sum(s22); s[11] += Vector128.Sum(s23);
        s[12] += Vector128.Sum(s30); s[13] += Vector128.Sum(s31); s[14] += Vector128.Sum(s32); s[15] += Vector128.Sum(s33);
    }
}
