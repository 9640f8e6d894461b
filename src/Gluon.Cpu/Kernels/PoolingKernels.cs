using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
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
        nint px = (nint)x.DataPointer, py = (nint)y.DataPointer;
        CpuParallel.For(planes, Math.Max(1, 4096 / Math.Max(1, g.OutPlane * g.KD * g.KH * g.KW)), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                ForwardPlane((T*)px + (long)p * g.InPlane, (T*)py + (long)p * g.OutPlane, g);
        });
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void ForwardPlane<T>(T* x, T* y, in Geo g) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
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
                    T acc = g.Kind == Kind.Max ? T.MinValue : T.Zero;
                    for (int d = d0; d < d1; d++)
                        for (int h = h0; h < h1; h++)
                        {
                            if (len <= 0) continue;
                            T* row = x + ((long)d * g.H + h) * g.W + w0;
                            var span = new ReadOnlySpan<T>(row, len);
                            switch (g.Kind)
                            {
                                case Kind.Max:
                                    // Comparisons (not TensorPrimitives.Max) so NaN is skipped as in MXNet.
                                    for (int i = 0; i < len; i++) if (row[i] > acc) acc = row[i];
                                    break;
                                case Kind.Lp when g.P == 2:
                                    acc += TensorPrimitives.SumOfSquares(span);
                                    break;
                                case Kind.Lp when g.P == 3:
                                    for (int i = 0; i < len; i++) acc += row[i] * row[i] * row[i];
                                    break;
                                default:
                                    acc += TensorPrimitives.Sum(span);
                                    break;
                            }
                        }
                    T r = acc;
                    if (g.Kind == Kind.Avg)
                    {
                        int size = g.IncludePad ? rd * rh * rw : (d1 - d0) * (h1 - h0) * (w1 - w0);
                        r = acc / T.CreateTruncating(size);
                    }
                    else if (g.Kind == Kind.Lp)
                        r = g.P == 2 ? T.Sqrt(acc) : g.P == 3 ? T.Cbrt(acc) : acc;
                    y[((long)od * g.OH + oh) * g.OW + ow] = r;
                }
            }
        }
    }

    private static void Backward<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var (dy, x, y) = (c.Inputs[0], c.Inputs[1], c.Inputs[2]);
        var dx = c.Outputs[0];
        dx.Span<T>().Clear();
        if (dy.Size == 0 || dx.Size == 0) return;
        var g = new Geo(c.P<PoolingParam>(), x.Shape, dy.Shape);
        int planes = x.Shape[0] * x.Shape[1];
        nint pdy = (nint)dy.DataPointer, px = (nint)x.DataPointer, py = (nint)y.DataPointer, pdx = (nint)dx.DataPointer;
        CpuParallel.For(planes, Math.Max(1, 4096 / Math.Max(1, g.OutPlane * g.KD * g.KH * g.KW)), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                BackwardPlane((T*)pdy + (long)p * g.OutPlane, (T*)px + (long)p * g.InPlane,
                    (T*)py + (long)p * g.OutPlane, (T*)pdx + (long)p * g.InPlane, g);
        });
    }

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
                        // The first maximum of the window, found again from the input.
                        T best = T.MinValue;
                        long arg = -1;
                        for (int d = d0; d < d1; d++)
                            for (int h = h0; h < h1; h++)
                            {
                                long rowStart = ((long)d * g.H + h) * g.W;
                                for (int w = w0; w < w1; w++)
                                    if (x[rowStart + w] > best) { best = x[rowStart + w]; arg = rowStart + w; }
                            }
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
}
