using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>A compile-time distance between the pixels of consecutive output positions (the JIT folds it into each load's displacement).</summary>
internal interface IPixelStep
{
    /// <summary>Floats from one position's pixel to the next one's.</summary>
    static abstract int Value { get; }
}

/// <summary>Consecutive pixels (stride 1, or a phase plane of a strided copy).</summary>
internal readonly struct PixelStep1 : IPixelStep
{
    /// <inheritdoc/>
    public static int Value => 1;
}

/// <summary>Every other pixel (stride 2 over a plain padded copy).</summary>
internal readonly struct PixelStep2 : IPixelStep
{
    /// <inheritdoc/>
    public static int Value => 2;
}

/// <summary>
/// Register tiles of <see cref="DirectConvChannels"/>: vectors run over output channels and each
/// pixel is broadcast, c[p, j] = Σ_t w[t, j] · image[off[t] + p·step] for 32 channels j and runs of
/// 7 consecutive output positions p of one output row. The weights are packed [tap][32 channels],
/// so a tap costs two vector loads and one broadcast per position; each tap also prefetches
/// 32 bytes at <c>pf</c> into L2 (the caller's next weights). Each kernel sits alone in its
/// method with no calls so the JIT keeps its accumulators in registers (see SgemmKernels); the
/// step is a type argument so each position's load has a constant displacement.
/// </summary>
internal static unsafe class DirectConvChannelKernels
{
    /// <summary>Two runs of 7 positions (pixels from <paramref name="xa"/> and <paramref name="xb"/>, TStep apart) × 32 channels, 28 zmm accumulators; c[p·32 + j] for p &lt; 14 (run a first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Pair512<TStep>(int taps, float* w, float* xa, float* xb, int* off, float* c, byte* pf) where TStep : struct, IPixelStep
    {
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default, a60 = default, a61 = default, b00 = default, b01 = default, b10 = default, b11 = default, b20 = default, b21 = default, b30 = default, b31 = default, b40 = default, b41 = default, b50 = default, b51 = default, b60 = default, b61 = default;
        for (int t = 0; t < taps; t++, w += 32, pf += 32)
        {
            Sse.Prefetch1(pf);
            int o = off[t];
            var w0 = Vector512.Load(w);
            var w1 = Vector512.Load(w + 16);
            float* pa = xa + o;
            float* pb = xb + o;
            var va0 = Vector512.Create(pa[0]); a00 = Vector512.FusedMultiplyAdd(w0, va0, a00); a01 = Vector512.FusedMultiplyAdd(w1, va0, a01);
            var va1 = Vector512.Create(pa[TStep.Value]); a10 = Vector512.FusedMultiplyAdd(w0, va1, a10); a11 = Vector512.FusedMultiplyAdd(w1, va1, a11);
            var va2 = Vector512.Create(pa[2 * TStep.Value]); a20 = Vector512.FusedMultiplyAdd(w0, va2, a20); a21 = Vector512.FusedMultiplyAdd(w1, va2, a21);
            var va3 = Vector512.Create(pa[3 * TStep.Value]); a30 = Vector512.FusedMultiplyAdd(w0, va3, a30); a31 = Vector512.FusedMultiplyAdd(w1, va3, a31);
            var va4 = Vector512.Create(pa[4 * TStep.Value]); a40 = Vector512.FusedMultiplyAdd(w0, va4, a40); a41 = Vector512.FusedMultiplyAdd(w1, va4, a41);
            var va5 = Vector512.Create(pa[5 * TStep.Value]); a50 = Vector512.FusedMultiplyAdd(w0, va5, a50); a51 = Vector512.FusedMultiplyAdd(w1, va5, a51);
            var va6 = Vector512.Create(pa[6 * TStep.Value]); a60 = Vector512.FusedMultiplyAdd(w0, va6, a60); a61 = Vector512.FusedMultiplyAdd(w1, va6, a61);
            var vb0 = Vector512.Create(pb[0]); b00 = Vector512.FusedMultiplyAdd(w0, vb0, b00); b01 = Vector512.FusedMultiplyAdd(w1, vb0, b01);
            var vb1 = Vector512.Create(pb[TStep.Value]); b10 = Vector512.FusedMultiplyAdd(w0, vb1, b10); b11 = Vector512.FusedMultiplyAdd(w1, vb1, b11);
            var vb2 = Vector512.Create(pb[2 * TStep.Value]); b20 = Vector512.FusedMultiplyAdd(w0, vb2, b20); b21 = Vector512.FusedMultiplyAdd(w1, vb2, b21);
            var vb3 = Vector512.Create(pb[3 * TStep.Value]); b30 = Vector512.FusedMultiplyAdd(w0, vb3, b30); b31 = Vector512.FusedMultiplyAdd(w1, vb3, b31);
            var vb4 = Vector512.Create(pb[4 * TStep.Value]); b40 = Vector512.FusedMultiplyAdd(w0, vb4, b40); b41 = Vector512.FusedMultiplyAdd(w1, vb4, b41);
            var vb5 = Vector512.Create(pb[5 * TStep.Value]); b50 = Vector512.FusedMultiplyAdd(w0, vb5, b50); b51 = Vector512.FusedMultiplyAdd(w1, vb5, b51);
            var vb6 = Vector512.Create(pb[6 * TStep.Value]); b60 = Vector512.FusedMultiplyAdd(w0, vb6, b60); b61 = Vector512.FusedMultiplyAdd(w1, vb6, b61);
        }
        a00.Store(c + 0); a01.Store(c + 16);
        a10.Store(c + 32); a11.Store(c + 48);
        a20.Store(c + 64); a21.Store(c + 80);
        a30.Store(c + 96); a31.Store(c + 112);
        a40.Store(c + 128); a41.Store(c + 144);
        a50.Store(c + 160); a51.Store(c + 176);
        a60.Store(c + 192); a61.Store(c + 208);
        b00.Store(c + 224); b01.Store(c + 240);
        b10.Store(c + 256); b11.Store(c + 272);
        b20.Store(c + 288); b21.Store(c + 304);
        b30.Store(c + 320); b31.Store(c + 336);
        b40.Store(c + 352); b41.Store(c + 368);
        b50.Store(c + 384); b51.Store(c + 400);
        b60.Store(c + 416); b61.Store(c + 432);
    }

    /// <summary>One run of 7 positions × 32 channels (14 accumulators: still twice the FMA latency × pipes), for a layer's odd last run; c[p·32 + j] for p &lt; 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Single512<TStep>(int taps, float* w, float* xa, int* off, float* c, byte* pf) where TStep : struct, IPixelStep
    {
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default, a60 = default, a61 = default;
        for (int t = 0; t < taps; t++, w += 32, pf += 32)
        {
            Sse.Prefetch1(pf);
            int o = off[t];
            var w0 = Vector512.Load(w);
            var w1 = Vector512.Load(w + 16);
            float* pa = xa + o;
            var va0 = Vector512.Create(pa[0]); a00 = Vector512.FusedMultiplyAdd(w0, va0, a00); a01 = Vector512.FusedMultiplyAdd(w1, va0, a01);
            var va1 = Vector512.Create(pa[TStep.Value]); a10 = Vector512.FusedMultiplyAdd(w0, va1, a10); a11 = Vector512.FusedMultiplyAdd(w1, va1, a11);
            var va2 = Vector512.Create(pa[2 * TStep.Value]); a20 = Vector512.FusedMultiplyAdd(w0, va2, a20); a21 = Vector512.FusedMultiplyAdd(w1, va2, a21);
            var va3 = Vector512.Create(pa[3 * TStep.Value]); a30 = Vector512.FusedMultiplyAdd(w0, va3, a30); a31 = Vector512.FusedMultiplyAdd(w1, va3, a31);
            var va4 = Vector512.Create(pa[4 * TStep.Value]); a40 = Vector512.FusedMultiplyAdd(w0, va4, a40); a41 = Vector512.FusedMultiplyAdd(w1, va4, a41);
            var va5 = Vector512.Create(pa[5 * TStep.Value]); a50 = Vector512.FusedMultiplyAdd(w0, va5, a50); a51 = Vector512.FusedMultiplyAdd(w1, va5, a51);
            var va6 = Vector512.Create(pa[6 * TStep.Value]); a60 = Vector512.FusedMultiplyAdd(w0, va6, a60); a61 = Vector512.FusedMultiplyAdd(w1, va6, a61);
        }
        a00.Store(c + 0); a01.Store(c + 16);
        a10.Store(c + 32); a11.Store(c + 48);
        a20.Store(c + 64); a21.Store(c + 80);
        a30.Store(c + 96); a31.Store(c + 112);
        a40.Store(c + 128); a41.Store(c + 144);
        a50.Store(c + 160); a51.Store(c + 176);
        a60.Store(c + 192); a61.Store(c + 208);
    }
}
