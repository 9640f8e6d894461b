using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Float depthwise 3×3 convolution (MobileNet's layers: one input channel per group, dilation 1,
/// stride 1 or 2, any padding), vectorized along the output row. Each (image, channel) plane is
/// first laid out so that every kernel tap is a contiguous run at a fixed offset
/// (<see cref="DepthwisePlanes"/>): stride 1 a zero-padded copy of the plane, stride 2 the four
/// (row, column) parity planes of the padded plane; then an output row (or, for rows narrower
/// than a vector, the whole plane flattened over the padded pitch with the pad columns computed
/// and dropped) is 9 broadcast-weight multiply-adds of whole vectors. The weight gradient is 9
/// dot products over the same layout; the stride-1 data gradient is the forward with the
/// rotated kernel, the stride-2 one <see cref="DepthwiseGradient2"/>. Small planes with padding 1
/// take <see cref="DepthwiseCompact"/> (no padded pitch). Shapes this does not cover stay on <see cref="DepthwiseConv"/>.
/// </summary>
internal static unsafe class DepthwiseConv3x3
{
    /// <summary>Whether float depthwise 3×3 problems take this path (on by default; tests and benchmarks switch it off for the reference).</summary>
    internal static bool Enabled = true;

    /// <summary>True for a float-sized 2-D depthwise 3×3 problem with dilation 1, equal strides of 1 or 2 and padding ≤ 2.</summary>
    public static bool Applies(in ConvGeometry g) =>
        Enabled && DepthwiseConv.Applies(g) && g.KH == 3 && g.KW == 3 && g.DH == 1 && g.DW == 1
        && g.SH == g.SW && (g.SH == 1 || g.SH == 2) && (uint)g.PH <= 2 && (uint)g.PW <= 2 && g.OH > 0 && g.OW > 0;

    /// <summary>True when the data gradient can run as a forward with the rotated kernel (stride 1, depth multiplier 1).</summary>
    public static bool AppliesDataGradient(in ConvGeometry g) => Applies(g) && g.SH == 1 && g.CoG == 1;

    /// <summary>Planes per thread chunk so that a chunk carries at least ~32K multiply-adds (also <see cref="DepthwiseGradient2"/>'s).</summary>
    internal static int MinPlanes(in ConvGeometry g) => Math.Max(1, (1 << 15) / Math.Max(1, g.ColSpatial * 9));

    /// <summary>y (N, Co, OH, OW) = depthwise correlation of x (N, Ci, IH, IW) with w (Co, 1, 3, 3) + bias (null: none).</summary>
    public static void Forward(float* x, float* w, float* y, in ConvGeometry g, float* bias) => Correlate(x, w, y, g, bias, rotate: false);

    /// <summary>
    /// dx (N, C, IH, IW) = the adjoint of <see cref="Forward"/> applied to dy (overwrites dx), for
    /// <see cref="AppliesDataGradient"/> shapes: the correlation of dy padded by 2 − pad with the
    /// kernel rotated by 180°.
    /// </summary>
    public static void DataGradient(float* dy, float* w, float* dx, in ConvGeometry g) =>
        Correlate(dy, w, dx, g.DataGradientAsCorrelation(), null, rotate: true);

    /// <summary>The forward (the kernel rotated by 180° when <paramref name="rotate"/>) at the widest vector the hardware has.</summary>
    private static void Correlate(float* x, float* w, float* y, in ConvGeometry g, float* bias, bool rotate)
    {
        if (Vector512.IsHardwareAccelerated) Forward<Winograd512, Vector512<float>>(x, w, y, g, bias, rotate);
        else if (Vector256.IsHardwareAccelerated) Forward<Winograd256, Vector256<float>>(x, w, y, g, bias, rotate);
        else if (Vector128.IsHardwareAccelerated) Forward<Winograd128, Vector128<float>>(x, w, y, g, bias, rotate);
        else Forward<WinogradScalar, float>(x, w, y, g, bias, rotate);
    }

    /// <summary>Channel <paramref name="co"/>'s 9 weights, or (<paramref name="rotate"/>) them rotated by 180° into <paramref name="scratch"/>.</summary>
    internal static float* ChannelWeights(float* w, int co, bool rotate, float* scratch)
    {
        float* wc = w + (long)co * 9;
        if (!rotate) return wc;
        for (int k = 0; k < 9; k++) scratch[k] = wc[8 - k];
        return scratch;
    }

    /// <summary>dw (Co, 1, 3, 3) = Σₙ correlation of dy with x per channel (overwrites dw).</summary>
    public static void WeightGradient(float* x, float* dy, float* dw, in ConvGeometry g)
    {
        if (Vector512.IsHardwareAccelerated) WeightGradient<Winograd512, Vector512<float>>(x, dy, dw, g);
        else if (Vector256.IsHardwareAccelerated) WeightGradient<Winograd256, Vector256<float>>(x, dy, dw, g);
        else if (Vector128.IsHardwareAccelerated) WeightGradient<Winograd128, Vector128<float>>(x, dy, dw, g);
        else WeightGradient<WinogradScalar, float>(x, dy, dw, g);
    }

    private static void Forward<TO, TV>(float* x, float* w, float* y, ConvGeometry g, float* bias, bool rotate)
        where TO : struct, IWinogradVec<TV> where TV : struct
    {
        if (DepthwiseCompact.Applies(g, TO.Count))
        {
            DepthwiseCompact.Forward<TO, TV>(x, w, y, g, bias, rotate, MinPlanes(g));
            return;
        }
        nint px = (nint)x, pw = (nint)w, py = (nint)y, pb = (nint)bias;
        var layout = new DepthwisePlanes(g, TO.Count);
        CpuParallel.For(g.N * g.Co, MinPlanes(g), (p0, p1) =>
        {
            float* planes = Workspace<float>.Get(0, layout.PlanesLength);
            float* flat = Workspace<float>.Get(1, layout.FlatLength);
            layout.Clear(planes);
            float* rotated = stackalloc float[9];
            for (int p = p0; p < p1; p++)
            {
                int n = p / g.Co, co = p - n * g.Co;
                float* wc = ChannelWeights((float*)pw, co, rotate, rotated);
                layout.Fill((float*)px + ((long)n * g.Ci + co / g.CoG) * g.ImageSpatial, planes);
                ForwardPlane<TO, TV>(layout, planes, flat, wc, pb == 0 ? 0f : ((float*)pb)[co], (float*)py + (long)p * g.ColSpatial);
            }
        });
    }

    /// <summary>One output plane from its laid-out input planes: row by row into y, or flattened into <paramref name="flat"/> and copied out.</summary>
    private static void ForwardPlane<TO, TV>(in DepthwisePlanes l, float* planes, float* flat, float* w, float bias, float* y)
        where TO : struct, IWinogradVec<TV> where TV : struct
    {
        if (l.Flattened)
        {
            Taps(l, planes, 0, out var a0, out var b0, out var a1, out var b1, out var a2, out var b2);
            if (l.Stride2) Stencil<Stride2, TO, TV>(flat, a0, b0, a1, b1, a2, b2, l.FlatCount, w, bias);
            else Stencil<Stride1, TO, TV>(flat, a0, b0, a1, b1, a2, b2, l.FlatCount, w, bias);
            DepthwisePlanes.CopyRows(y, l.OW, flat, l.Pitch, l.OH, l.OW);
            return;
        }
        for (int oh = 0; oh < l.OH; oh++)
        {
            Taps(l, planes, oh, out var a0, out var b0, out var a1, out var b1, out var a2, out var b2);
            if (l.Stride2) Stencil<Stride2, TO, TV>(y + (long)oh * l.OW, a0, b0, a1, b1, a2, b2, l.OW, w, bias);
            else Stencil<Stride1, TO, TV>(y + (long)oh * l.OW, a0, b0, a1, b1, a2, b2, l.OW, w, bias);
        }
    }

    /// <summary>
    /// The row pointers of output row <paramref name="oh"/>: kernel row k reads aₖ[i], bₖ[i] and
    /// (stride 1) bₖ[i + 1] or (stride 2) aₖ[i + 1]. Stride 1: aₖ is padded row oh + k and bₖ = aₖ + 1;
    /// stride 2: aₖ/bₖ are the even/odd columns of padded row 2·oh + k.
    /// </summary>
    private static void Taps(in DepthwisePlanes l, float* planes, int oh, out float* a0, out float* b0, out float* a1, out float* b1, out float* a2, out float* b2)
    {
        if (l.Stride2)
        {
            long s = l.PhaseLength, r = (long)oh * l.Pitch;
            a0 = planes + r; b0 = planes + s + r;
            a1 = planes + 2 * s + r; b1 = planes + 3 * s + r;
            a2 = a0 + l.Pitch; b2 = b0 + l.Pitch;
        }
        else
        {
            a0 = planes + (long)oh * l.Pitch; a1 = a0 + l.Pitch; a2 = a1 + l.Pitch;
            b0 = a0 + 1; b1 = a1 + 1; b2 = a2 + 1;
        }
    }

    /// <summary>A stencil's stride as a type argument (also <see cref="DepthwiseCompact"/>'s): here whether the third tap of a kernel row reads aₖ[i + 1] (stride 2) or bₖ[i + 1] (stride 1).</summary>
    internal interface IStride { static abstract bool Two { get; } }
    internal readonly struct Stride1 : IStride { public static bool Two => false; }
    internal readonly struct Stride2 : IStride { public static bool Two => true; }

    /// <summary>
    /// dst[i] = bias + Σₖ w[k,0]·aₖ[i] + w[k,1]·bₖ[i] + w[k,2]·(stride 2 ? aₖ : bₖ)[i + 1] for i in
    /// [0, count), count ≥ one vector: whole vectors, the last one overlapping the one before (the
    /// stores are plain writes, so recomputing a few outputs is harmless).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Stencil<TS, TO, TV>(float* dst, float* a0, float* b0, float* a1, float* b1, float* a2, float* b2, int count, float* w, float bias)
        where TS : struct, IStride where TO : struct, IWinogradVec<TV> where TV : struct
    {
        int n = TO.Count, last = count - n;
        TV w00 = TO.Splat(w[0]), w01 = TO.Splat(w[1]), w02 = TO.Splat(w[2]);
        TV w10 = TO.Splat(w[3]), w11 = TO.Splat(w[4]), w12 = TO.Splat(w[5]);
        TV w20 = TO.Splat(w[6]), w21 = TO.Splat(w[7]), w22 = TO.Splat(w[8]);
        TV vb = TO.Splat(bias);
        float* c0 = TS.Two ? a0 : b0, c1 = TS.Two ? a1 : b1, c2 = TS.Two ? a2 : b2;
        for (int i = 0; ; i += n)
        {
            if (i > last) i = last;
            TV s0 = TO.MulAdd(w00, TO.Load(a0 + i), vb);
            TV s1 = TO.Mul(w10, TO.Load(a1 + i));
            TV s2 = TO.Mul(w20, TO.Load(a2 + i));
            s0 = TO.MulAdd(w01, TO.Load(b0 + i), s0);
            s1 = TO.MulAdd(w11, TO.Load(b1 + i), s1);
            s2 = TO.MulAdd(w21, TO.Load(b2 + i), s2);
            s0 = TO.MulAdd(w02, TO.Load(c0 + i + 1), s0);
            s1 = TO.MulAdd(w12, TO.Load(c1 + i + 1), s1);
            s2 = TO.MulAdd(w22, TO.Load(c2 + i + 1), s2);
            TO.Store(dst + i, TO.Add(TO.Add(s0, s1), s2));
            if (i == last) break;
        }
    }

    private static void WeightGradient<TO, TV>(float* x, float* dy, float* dw, ConvGeometry g)
        where TO : struct, IWinogradVec<TV> where TV : struct
    {
        if (DepthwiseCompact.Applies(g, TO.Count))
        {
            DepthwiseCompact.WeightGradient<TO, TV>(x, dy, dw, g, Math.Max(1, MinPlanes(g) / Math.Max(1, g.N)));
            return;
        }
        nint px = (nint)x, pdy = (nint)dy, pdw = (nint)dw;
        // The flattened layout for every plane width: the dropped columns of dy are zeros there, so
        // whole-vector dot products need no tail.
        var layout = new DepthwisePlanes(g, TO.Count, flattened: true);
        CpuParallel.For(g.Co, Math.Max(1, MinPlanes(g) / Math.Max(1, g.N)), (c0, c1) =>
        {
            float* planes = Workspace<float>.Get(0, layout.PlanesLength);
            float* flat = Workspace<float>.Get(1, layout.FlatLength);
            layout.Clear(planes);
            new Span<float>(flat, layout.FlatLength).Clear();
            float* sums = stackalloc float[9];
            for (int co = c0; co < c1; co++)
            {
                new Span<float>(sums, 9).Clear();
                for (int n = 0; n < g.N; n++)
                {
                    layout.Fill((float*)px + ((long)n * g.Ci + co / g.CoG) * g.ImageSpatial, planes);
                    layout.FillFlat((float*)pdy + ((long)n * g.Co + co) * g.ColSpatial, flat);
                    Taps(layout, planes, 0, out var a0, out var b0, out var a1, out var b1, out var a2, out var b2);
                    if (layout.Stride2) Dots<Stride2, TO, TV>(flat, a0, b0, a1, b1, a2, b2, layout.FlatCount, sums);
                    else Dots<Stride1, TO, TV>(flat, a0, b0, a1, b1, a2, b2, layout.FlatCount, sums);
                }
                for (int k = 0; k < 9; k++) ((float*)pdw)[(long)co * 9 + k] = sums[k];
            }
        });
    }

    /// <summary>
    /// sums[3k + j] += Σᵢ d[i]·tapₖⱼ[i] over i in [0, count) (count a whole number of vectors), the
    /// taps those of <see cref="Stencil{TS, TO, TV}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Dots<TS, TO, TV>(float* d, float* a0, float* b0, float* a1, float* b1, float* a2, float* b2, int count, float* sums)
        where TS : struct, IStride where TO : struct, IWinogradVec<TV> where TV : struct
    {
        int n = TO.Count;
        TV zero = TO.Splat(0f);
        TV s00 = zero, s01 = zero, s02 = zero, s10 = zero, s11 = zero, s12 = zero, s20 = zero, s21 = zero, s22 = zero;
        float* c0 = TS.Two ? a0 : b0, c1 = TS.Two ? a1 : b1, c2 = TS.Two ? a2 : b2;
        for (int i = 0; i < count; i += n)
        {
            TV v = TO.Load(d + i);
            s00 = TO.MulAdd(v, TO.Load(a0 + i), s00);
            s01 = TO.MulAdd(v, TO.Load(b0 + i), s01);
            s02 = TO.MulAdd(v, TO.Load(c0 + i + 1), s02);
            s10 = TO.MulAdd(v, TO.Load(a1 + i), s10);
            s11 = TO.MulAdd(v, TO.Load(b1 + i), s11);
            s12 = TO.MulAdd(v, TO.Load(c1 + i + 1), s12);
            s20 = TO.MulAdd(v, TO.Load(a2 + i), s20);
            s21 = TO.MulAdd(v, TO.Load(b2 + i), s21);
            s22 = TO.MulAdd(v, TO.Load(c2 + i + 1), s22);
        }
        float* lanes = stackalloc float[n];
        sums[0] += Sum<TO, TV>(s00, lanes); sums[1] += Sum<TO, TV>(s01, lanes); sums[2] += Sum<TO, TV>(s02, lanes);
        sums[3] += Sum<TO, TV>(s10, lanes); sums[4] += Sum<TO, TV>(s11, lanes); sums[5] += Sum<TO, TV>(s12, lanes);
        sums[6] += Sum<TO, TV>(s20, lanes); sums[7] += Sum<TO, TV>(s21, lanes); sums[8] += Sum<TO, TV>(s22, lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum<TO, TV>(TV v, float* lanes) where TO : struct, IWinogradVec<TV> where TV : struct
    {
        TO.Store(lanes, v);
        float s = 0;
        for (int l = 0; l < TO.Count; l++) s += lanes[l];
        return s;
    }
}
