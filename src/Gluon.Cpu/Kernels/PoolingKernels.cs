using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Kernels of <c>Pooling</c> and <c>_backward_Pooling</c>. One set of loops serves 1-D, 2-D and
/// 3-D (leading spatial dims of size 1), threaded over the (batch, channel) planes; window rows
/// are contiguous spans reduced or updated with TensorPrimitives. Window bounds follow MXNet:
/// the end is clipped to size + pad (which fixes the avg divisor when count_include_pad), then
/// the window is clipped to the data.
/// </summary>
internal sealed unsafe class PoolingKernels : IKernelProvider
{
    private enum Kind { Max, Avg, Sum, Lp }

    /// <summary>Pooling geometry padded to three spatial dims.</summary>
    private readonly struct Geo
    {
        public readonly int D, H, W, OD, OH, OW, KD, KH, KW, SD, SH, SW, PD, PH, PW;
        public readonly Kind Kind;
        public readonly int P;
        public readonly bool IncludePad;

        public Geo(PoolingParam p, Shape x, Shape y)
        {
            var (k, s, pad) = p.Window(x);
            int nd = x.Rank - 2, sh = 3 - nd;
            int At(int[] v, int i, int def) => i - sh >= 0 ? v[i - sh] : def;
            int Dim(Shape a, int i) => i - sh >= 0 ? a[2 + i - sh] : 1;
            D = Dim(x, 0); H = Dim(x, 1); W = Dim(x, 2);
            OD = Dim(y, 0); OH = Dim(y, 1); OW = Dim(y, 2);
            KD = At(k, 0, 1); KH = At(k, 1, 1); KW = At(k, 2, 1);
            SD = At(s, 0, 1); SH = At(s, 1, 1); SW = At(s, 2, 1);
            PD = At(pad, 0, 0); PH = At(pad, 1, 0); PW = At(pad, 2, 0);
            Kind = p.PoolType switch { "max" => Kind.Max, "avg" => Kind.Avg, "sum" => Kind.Sum, _ => Kind.Lp };
            P = p.PValue ?? 1;
            IncludePad = p.CountIncludePad;
        }

        public int InPlane => D * H * W;
        public int OutPlane => OD * OH * OW;
    }

    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("Pooling", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) Forward<float>(c); else Forward<double>(c);
        });
        b.RegisterFloatKernel("_backward_Pooling", c =>
        {
            foreach (var x in c.Inputs)
                if (x.DType != c.Inputs[0].DType)
                    throw new ArgumentException($"{c.Op.Name}: all inputs must have the same dtype");
            if (c.Outputs[0].DType == DType.Float32) Backward<float>(c); else Backward<double>(c);
        });
    }

    private static void Forward<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var x = c.Inputs[0];
        var y = c.Outputs[0];
        if (y.Size == 0) return;
        var g = new Geo(c.P<PoolingParam>(), x.Shape, y.Shape);
        int planes = x.Shape[0] * x.Shape[1];
        if (TryForwardFast<T>(g, (T*)x.DataPointer, (T*)y.DataPointer, planes)) return;
        nint px = (nint)x.DataPointer, py = (nint)y.DataPointer;
        CpuParallel.For(planes, Math.Max(1, 4096 / Math.Max(1, g.OutPlane * g.KD * g.KH * g.KW)), (p0, p1) =>
        {
            // Per-thread scratch: the plane pooled along W, then along H, and the W divisors.
            T* tw = Workspace<T>.Get(0, (long)g.D * g.H * g.OW);
            T* th = Workspace<T>.Get(1, (long)g.D * g.OH * g.OW);
            T* dw = Workspace<T>.Get(2, g.OW);
            for (int p = p0; p < p1; p++)
                ForwardPlane((T*)px + (long)p * g.InPlane, (T*)py + (long)p * g.OutPlane, g, tw, th, dw);
        });
    }

    /// <summary>
    /// Runs the one-pass kernels of <see cref="PoolingForwardFast"/> where they apply: max over
    /// 1-D/2-D windows, and max/avg/sum over windows that are the whole unpadded plane.
    /// </summary>
    private static bool TryForwardFast<T>(in Geo g, T* x, T* y, int planes) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        if (g.OutPlane == 1 && g.KD == g.D && g.KH == g.H && g.KW == g.W && g.PD == 0 && g.PH == 0 && g.PW == 0
            && g.Kind != Kind.Lp)
        {
            PoolingForwardFast.Global(x, y, planes, g.InPlane, g.Kind == Kind.Max, g.Kind == Kind.Avg);
            return true;
        }
        if (g.Kind == Kind.Max && g.D == 1 && g.KD == 1 && g.OD == 1)
        {
            PoolingForwardFast.Max2D(x, y, planes, g.H, g.W, g.OH, g.OW, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW);
            return true;
        }
        return false;
    }

    /// <summary>Window bounds on one axis: raw size for the avg divisor, then clipped [lo, hi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bounds(int o, int s, int p, int k, int size, out int lo, out int hi)
    {
        int start = o * s - p;
        int end = Math.Min(start + k, size + p);
        int raw = end - start;
        lo = Math.Max(start, 0);
        hi = Math.Min(end, size);
        return raw;
    }

    /// <summary>
    /// One (n, c) plane. Every pooling type is separable (max, sums of xᵖ, and the avg divisor is
    /// a product of per-axis counts), so the plane is pooled along W (scalar, short windows), then
    /// whole rows are combined along H and D with vector operations, then divided or rooted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void ForwardPlane<T>(T* x, T* y, in Geo g, T* rowsW, T* rowsH, T* divW) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        bool max = g.Kind == Kind.Max;
        int pw = g.Kind == Kind.Lp ? g.P : 1;
        T init = max ? T.MinValue : T.Zero;
        int ow = g.OW;
        // Along W: rowsW[d, h, :] = reduce of f(x[d, h, w]) over each clipped window.
        for (long r = 0; r < (long)g.D * g.H; r++)
        {
            T* src = x + r * g.W;
            T* dst = rowsW + r * ow;
            for (int o = 0; o < ow; o++)
            {
                Bounds(o, g.SW, g.PW, g.KW, g.W, out int w0, out int w1);
                T acc = init;
                // MaxNumber skips NaN like MXNet's `x > max` scan, without a data-dependent branch.
                if (max) { for (int w = w0; w < w1; w++) acc = T.MaxNumber(acc, src[w]); }
                else if (pw == 1) { for (int w = w0; w < w1; w++) acc += src[w]; }
                else if (pw == 2) { for (int w = w0; w < w1; w++) acc += src[w] * src[w]; }
                else { for (int w = w0; w < w1; w++) acc += src[w] * src[w] * src[w]; }
                dst[o] = acc;
            }
        }
        // Along H: rowsH[d, oh, :] combines rowsW[d, h0..h1, :].
        for (int d = 0; d < g.D; d++)
            for (int oh = 0; oh < g.OH; oh++)
            {
                Bounds(oh, g.SH, g.PH, g.KH, g.H, out int h0, out int h1);
                var dst = new Span<T>(rowsH + ((long)d * g.OH + oh) * ow, ow);
                CombineRows(dst, rowsW + ((long)d * g.H + h0) * ow, h1 - h0, ow, max, init);
            }
        // Along D, straight into the output; then the avg divisor or the p-th root.
        if (g.Kind == Kind.Avg)
            for (int o = 0; o < ow; o++)
            {
                int rw = Bounds(o, g.SW, g.PW, g.KW, g.W, out int w0, out int w1);
                divW[o] = T.CreateTruncating(g.IncludePad ? rw : w1 - w0);
            }
        for (int od = 0; od < g.OD; od++)
        {
            int rd = Bounds(od, g.SD, g.PD, g.KD, g.D, out int d0, out int d1);
            for (int oh = 0; oh < g.OH; oh++)
            {
                var dst = new Span<T>(y + ((long)od * g.OH + oh) * ow, ow);
                CombineRows(dst, rowsH + ((long)d0 * g.OH + oh) * ow, d1 - d0, (long)g.OH * ow, max, init);
                if (g.Kind == Kind.Avg)
                {
                    int rh = Bounds(oh, g.SH, g.PH, g.KH, g.H, out int h0, out int h1);
                    T dh = T.CreateTruncating(g.IncludePad ? rd * rh : (d1 - d0) * (h1 - h0));
                    // (sum / (dh·dw)) as MXNet divides by the whole window size at once.
                    for (int o = 0; o < ow; o++) dst[o] /= dh * divW[o];
                }
                else if (g.Kind == Kind.Lp && g.P == 2) TensorPrimitives.Sqrt(dst, dst);
                else if (g.Kind == Kind.Lp && g.P == 3) TensorPrimitives.Cbrt(dst, dst);
            }
        }
    }

    /// <summary>dst = elementwise max (NaN-skipping, as <c>a &gt; b</c> comparisons) or sum of <paramref name="count"/> rows <paramref name="stride"/> apart.</summary>
    private static void CombineRows<T>(Span<T> dst, T* first, int count, long stride, bool max, T init) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (count <= 0) { dst.Fill(init); return; }
        new ReadOnlySpan<T>(first, dst.Length).CopyTo(dst);
        for (int r = 1; r < count; r++)
        {
            var row = new ReadOnlySpan<T>(first + r * stride, dst.Length);
            if (max) MaxInto(dst, row);
            else TensorPrimitives.Add(dst, row, dst);
        }
    }

    /// <summary>acc[i] = row[i] &gt; acc[i] ? row[i] : acc[i], vectorized.</summary>
    private static void MaxInto<T>(Span<T> acc, ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= acc.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var a = new Vector<T>(acc[i..]);
                var b = new Vector<T>(row[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(b, a), b, a).CopyTo(acc[i..]);
            }
        }
        for (; i < acc.Length; i++) if (row[i] > acc[i]) acc[i] = row[i];
    }

    private static void Backward<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var (dy, x, y) = (c.Inputs[0], c.Inputs[1], c.Inputs[2]);
        var dx = c.Outputs[0];
        if (dy.Size == 0 || dx.Size == 0)
        {
            dx.Span<T>().Clear();
            return;
        }
        var g = new Geo(c.P<PoolingParam>(), x.Shape, dy.Shape);
        int planes = x.Shape[0] * x.Shape[1];
        nint pdy = (nint)dy.DataPointer, px = (nint)x.DataPointer, py = (nint)y.DataPointer, pdx = (nint)dx.DataPointer;
        if (IsMax2x2(g))
        {
            // Disjoint 2×2 windows tiling the plane: every dx element is written once, no clear.
            int oh = g.OH, ow = g.OW, inPlane = g.InPlane, outPlane = g.OutPlane;
            CpuParallel.For(planes, Math.Max(1, 16384 / Math.Max(1, inPlane)), (p0, p1) =>
            {
                // Per-thread scratch: one output row of y and of dy, each value written twice.
                T* yy = Workspace<T>.Get(0, 2 * ow), gg = Workspace<T>.Get(1, 2 * ow);
                for (int p = p0; p < p1; p++)
                    if (typeof(T) == typeof(float))
                        BackwardMax2x2PlaneF32((float*)pdy + (long)p * outPlane, (float*)px + (long)p * inPlane,
                            (float*)py + (long)p * outPlane, (float*)pdx + (long)p * inPlane, oh, ow, (float*)yy, (float*)gg);
                    else
                        BackwardMax2x2Plane((T*)pdy + (long)p * outPlane, (T*)px + (long)p * inPlane,
                            (T*)py + (long)p * outPlane, (T*)pdx + (long)p * inPlane, oh, ow);
            });
            return;
        }
        CpuParallel.For(planes, Math.Max(1, 4096 / Math.Max(1, g.OutPlane * g.KD * g.KH * g.KW)), (p0, p1) =>
        {
            // Each chunk zeroes its own planes (a single-threaded clear was a full pass of its own).
            new Span<T>((T*)pdx + (long)p0 * g.InPlane, (p1 - p0) * g.InPlane).Clear();
            for (int p = p0; p < p1; p++)
                BackwardPlane((T*)pdy + (long)p * g.OutPlane, (T*)px + (long)p * g.InPlane,
                    (T*)py + (long)p * g.OutPlane, (T*)pdx + (long)p * g.InPlane, g);
        });
    }

    /// <summary>
    /// Max pooling with 2×2 windows at stride 2, no padding, 2-D, tiling the data exactly (LeNet's
    /// and most CNNs' pooling): each input belongs to exactly one window.
    /// </summary>
    private static bool IsMax2x2(in Geo g) =>
        g.Kind == Kind.Max && g.D == 1 && g.KD == 1 && g.KH == 2 && g.KW == 2 && g.SH == 2 && g.SW == 2 &&
        g.PD == 0 && g.PH == 0 && g.PW == 0 && g.H == 2 * g.OH && g.W == 2 * g.OW;

    /// <summary>
    /// One plane of the 2×2 stride-2 max backward: the window's gradient goes to its first
    /// element (row-major) equal to the pooled output, the other three get zero, as the general
    /// path's <see cref="FirstEqual"/> rule does; written branch-free, one pass over dx.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void BackwardMax2x2Plane<T>(T* dy, T* x, T* y, T* dx, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = 2 * ow;
        for (int r = 0; r < oh; r++)
        {
            T* x0 = x + (long)2 * r * w, x1 = x0 + w, d0 = dx + (long)2 * r * w, d1 = d0 + w;
            T* yr = y + (long)r * ow, gr = dy + (long)r * ow;
            for (int c = 0; c < ow; c++)
            {
                T m = yr[c], gv = gr[c];
                bool ea = x0[2 * c] == m;
                bool eb = !ea && x0[2 * c + 1] == m;
                bool ec = !ea && !eb && x1[2 * c] == m;
                bool ed = !ea && !eb && !ec && x1[2 * c + 1] == m;
                d0[2 * c] = ea ? gv : T.Zero;
                d0[2 * c + 1] = eb ? gv : T.Zero;
                d1[2 * c] = ec ? gv : T.Zero;
                d1[2 * c + 1] = ed ? gv : T.Zero;
            }
        }
    }

    /// <summary>
    /// The float plane of the 2×2 stride-2 max backward, vectorized in input-column space: each
    /// output row's y and dy are written twice over into <paramref name="yy"/> and <paramref name="gg"/>,
    /// so lanes 2c and 2c+1 of an input row compare with the same pooled value; the lane of the
    /// pair's other column is reached by swapping the 32-bit halves of each 64-bit pair. Winners
    /// (first equal element in row-major window order) keep the gradient's bits, others get +0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void BackwardMax2x2PlaneF32(float* dy, float* x, float* y, float* dx, int oh, int ow, float* yy, float* gg)
    {
        int w = 2 * ow;
        for (int r = 0; r < oh; r++)
        {
            float* yr = y + (long)r * ow, gr = dy + (long)r * ow;
            for (int c = 0; c < ow; c++)
            {
                yy[2 * c] = yy[2 * c + 1] = yr[c];
                gg[2 * c] = gg[2 * c + 1] = gr[c];
            }
            float* x0 = x + (long)2 * r * w, x1 = x0 + w, d0 = dx + (long)2 * r * w, d1 = d0 + w;
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var odd = Vector512.Create(0xFFFFFFFF00000000UL).AsSingle();
                for (; j <= w - Vector512<float>.Count; j += Vector512<float>.Count)
                {
                    var m = Vector512.Load(yy + j);
                    var e0 = Vector512.Equals(Vector512.Load(x0 + j), m);
                    var e1 = Vector512.Equals(Vector512.Load(x1 + j), m);
                    var s0 = SwapPairs(e0.AsUInt64()).AsSingle();
                    var s1 = SwapPairs(e1.AsUInt64()).AsSingle();
                    var g = Vector512.Load(gg + j);
                    (g & Vector512.AndNot(e0, s0 & odd)).Store(d0 + j);
                    (g & Vector512.AndNot(Vector512.AndNot(Vector512.AndNot(e1, e0), s0), s1 & odd)).Store(d1 + j);
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var odd = Vector256.Create(0xFFFFFFFF00000000UL).AsSingle();
                for (; j <= w - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    var m = Vector256.Load(yy + j);
                    var e0 = Vector256.Equals(Vector256.Load(x0 + j), m);
                    var e1 = Vector256.Equals(Vector256.Load(x1 + j), m);
                    var s0 = SwapPairs(e0.AsUInt64()).AsSingle();
                    var s1 = SwapPairs(e1.AsUInt64()).AsSingle();
                    var g = Vector256.Load(gg + j);
                    (g & Vector256.AndNot(e0, s0 & odd)).Store(d0 + j);
                    (g & Vector256.AndNot(Vector256.AndNot(Vector256.AndNot(e1, e0), s0), s1 & odd)).Store(d1 + j);
                }
            }
            if (Vector128.IsHardwareAccelerated)
            {
                var odd = Vector128.Create(0xFFFFFFFF00000000UL).AsSingle();
                for (; j <= w - Vector128<float>.Count; j += Vector128<float>.Count)
                {
                    var m = Vector128.Load(yy + j);
                    var e0 = Vector128.Equals(Vector128.Load(x0 + j), m);
                    var e1 = Vector128.Equals(Vector128.Load(x1 + j), m);
                    var s0 = SwapPairs(e0.AsUInt64()).AsSingle();
                    var s1 = SwapPairs(e1.AsUInt64()).AsSingle();
                    var g = Vector128.Load(gg + j);
                    (g & Vector128.AndNot(e0, s0 & odd)).Store(d0 + j);
                    (g & Vector128.AndNot(Vector128.AndNot(Vector128.AndNot(e1, e0), s0), s1 & odd)).Store(d1 + j);
                }
            }
            // j is even here (w is even and every vector width is), so the tail is whole windows.
            for (; j < w; j += 2)
            {
                float m = yy[j], gv = gg[j];
                bool ea = x0[j] == m, eb = x0[j + 1] == m, ec = x1[j] == m, ed = x1[j + 1] == m;
                d0[j] = ea ? gv : 0f;
                d0[j + 1] = eb && !ea ? gv : 0f;
                d1[j] = ec && !ea && !eb ? gv : 0f;
                d1[j + 1] = ed && !ea && !eb && !ec ? gv : 0f;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> SwapPairs(Vector512<ulong> v) => Vector512.ShiftLeft(v, 32) | Vector512.ShiftRightLogical(v, 32);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> SwapPairs(Vector256<ulong> v) => Vector256.ShiftLeft(v, 32) | Vector256.ShiftRightLogical(v, 32);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> SwapPairs(Vector128<ulong> v) => Vector128.ShiftLeft(v, 32) | Vector128.ShiftRightLogical(v, 32);

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void BackwardPlane<T>(T* dy, T* x, T* y, T* dx, in Geo g) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        for (int od = 0; od < g.OD; od++)
        {
            int rd = Bounds(od, g.SD, g.PD, g.KD, g.D, out int d0, out int d1);
            for (int oh = 0; oh < g.OH; oh++)
            {
                int rh = Bounds(oh, g.SH, g.PH, g.KH, g.H, out int h0, out int h1);
                for (int ow = 0; ow < g.OW; ow++)
                {
                    int rw = Bounds(ow, g.SW, g.PW, g.KW, g.W, out int w0, out int w1);
                    int len = w1 - w0;
                    if (len <= 0) continue;
                    long o = ((long)od * g.OH + oh) * g.OW + ow;
                    T grad = dy[o];
                    if (g.Kind == Kind.Max)
                    {
                        long arg = FirstEqual(x, y[o], g.H, g.W, d0, d1, h0, h1, w0, w1);
                        if (arg >= 0) dx[arg] += grad;
                        continue;
                    }
                    if (g.Kind == Kind.Lp && g.P != 1)
                    {
                        T out_ = y[o];
                        for (int d = d0; d < d1; d++)
                            for (int h = h0; h < h1; h++)
                            {
                                long rowStart = ((long)d * g.H + h) * g.W;
                                for (int w = w0; w < w1; w++)
                                {
                                    // Zero where the output underflowed to 0, as MXNet does (no inf/NaN).
                                    if (out_ == T.Zero) continue;
                                    T r = x[rowStart + w] / out_;
                                    dx[rowStart + w] += g.P == 2 ? grad * r : grad * r * r;
                                }
                            }
                        continue;
                    }
                    if (g.Kind == Kind.Avg)
                    {
                        int size = g.IncludePad ? rd * rh * rw : (d1 - d0) * (h1 - h0) * (w1 - w0);
                        grad /= T.CreateTruncating(size);
                    }
                    for (int d = d0; d < d1; d++)
                        for (int h = h0; h < h1; h++)
                        {
                            var row = new Span<T>(dx + ((long)d * g.H + h) * g.W + w0, len);
                            TensorPrimitives.Add(row, grad, row);
                        }
                }
            }
        }
    }

    /// <summary>
    /// The first position of a window holding the pooled maximum <paramref name="max"/> (−1 when
    /// none, e.g. a window inside the padding), as MXNet's CPU max-unpooling compares the data
    /// with the forward output: the scan stops at the hit, and its comparisons are predictable.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long FirstEqual<T>(T* x, T max, int height, int width, int d0, int d1, int h0, int h1, int w0, int w1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int d = d0; d < d1; d++)
            for (int h = h0; h < h1; h++)
            {
                long rowStart = ((long)d * height + h) * width;
                for (int w = w0; w < w1; w++)
                    if (x[rowStart + w] == max) return rowStart + w;
            }
        return -1;
    }
}
