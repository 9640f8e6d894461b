using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Kernels of softmax, log_softmax, SoftmaxActivation, SoftmaxOutput and its backward. All views
/// the data as (outer, n, inner) and normalizes over n: contiguous rows (inner = 1) run max,
/// subtract, exp, sum and scale passes with TensorPrimitives; other axes vectorize across inner.
/// </summary>
internal sealed unsafe class SoftmaxKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        foreach (var op in Gluon.Ops.OpRegistry.All)
        {
            if (op is not SoftmaxOps.SoftmaxOpDef sm) continue;
            b.RegisterFloatKernel(sm.Name, c =>
            {
                var p = c.P<SoftmaxOps.Param>();
                NDArray x = c.Inputs[0];
                int axis = x.Shape.NormalizeAxis(p.Axis, sm.Name);
                double[]? lengths = p.UseLength ? c.Inputs[1].ToArray<double>() : null;
                Run(c, x.Shape.SizeOf(0, axis), x.Shape[axis], x.Shape.SizeOf(axis + 1, x.Shape.Rank), p.Temperature ?? 1.0, sm.Log, lengths);
            });
        }
        foreach (var op in Gluon.Ops.OpRegistry.All)
        {
            if (op is not SoftmaxBackwardOps.BackwardOpDef bw) continue;
            b.RegisterFloatKernel(bw.Name, c =>
            {
                var p = c.P<SoftmaxOps.Param>();
                var s = c.Inputs[0].Shape;
                int axis = s.NormalizeAxis(p.Axis, bw.Name);
                if (c.Outputs[0].DType == DType.Float32)
                    Backward<float>(c, s.SizeOf(0, axis), s[axis], s.SizeOf(axis + 1, s.Rank), (float)(p.Temperature ?? 1.0), bw.Log);
                else
                    Backward<double>(c, s.SizeOf(0, axis), s[axis], s.SizeOf(axis + 1, s.Rank), p.Temperature ?? 1.0, bw.Log);
            });
        }
        b.RegisterFloatKernel("SoftmaxActivation", c =>
        {
            var (outer, n, inner) = SoftmaxActivationOp.Layout(c.P<SoftmaxActivationOp.Param>(), c.Inputs[0].Shape);
            Run(c, outer, n, inner, 1.0, false, null);
        });
        b.RegisterFloatKernel("SoftmaxOutput", c =>
        {
            var (outer, n, inner) = SoftmaxOutputOp.Layout(c.Op.Name, c.P<SoftmaxOutputOp.Param>(), c.Inputs[0].Shape);
            Run(c, outer, n, inner, 1.0, false, null);
        });
        b.RegisterFloatKernel(SoftmaxOutputBackwardOp.OpName, c =>
        {
            if (c.Outputs[0].DType == DType.Float32) SoftmaxOutputBackward<float>(c);
            else SoftmaxOutputBackward<double>(c);
        });
    }

    private static void Run(KernelContext c, int outer, int n, int inner, double temperature, bool log, double[]? lengths)
    {
        NDArray x = c.Inputs[0], y = c.Outputs[0];
        // The dtype attribute may ask for a wider or narrower output than the input.
        NDArray xs = x.DType == y.DType ? x : CastKernels.Convert(x, y.DType);
        try
        {
            if (y.DType == DType.Float32) Forward<float>(xs, y, outer, n, inner, (float)(1 / temperature), log, lengths);
            else Forward<double>(xs, y, outer, n, inner, 1 / temperature, log, lengths);
        }
        finally
        {
            if (!ReferenceEquals(xs, x)) xs.Dispose();
        }
    }

    private static void Forward<T>(NDArray x, NDArray y, int outer, int n, int inner, T invT, bool log, double[]? lengths)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Size == 0) return;
        IntPtr px = (IntPtr)x.DataPointer, py = (IntPtr)y.DataPointer;
        long block = (long)n * inner;
        int minChunk = (int)Math.Max(1, (1 << 14) / Math.Max(1, block));
        if (inner == 1)
        {
            CpuParallel.For(outer, minChunk, (s, e) =>
            {
                for (int r = s; r < e; r++)
                {
                    int len = lengths is null ? n : ClampLength(lengths[r], n);
                    Row((T*)px + r * block, (T*)py + r * block, len, n, invT, log);
                }
            });
        }
        else if (lengths is not null)
        {
            CpuParallel.For(outer, minChunk, (s, e) =>
            {
                for (int o = s; o < e; o++)
                    for (int j = 0; j < inner; j++)
                        StridedColumn((T*)px + o * block + j, (T*)py + o * block + j, ClampLength(lengths[o * inner + j], n), n, inner, invT, log);
            });
        }
        else
        {
            CpuParallel.For(outer, minChunk, (s, e) =>
            {
                var buf = ArrayPool<T>.Shared.Rent(3 * inner);
                try
                {
                    for (int o = s; o < e; o++)
                        Columns((T*)px + o * block, (T*)py + o * block, n, inner, invT, log,
                            buf.AsSpan(0, inner), buf.AsSpan(inner, inner), buf.AsSpan(2 * inner, inner));
                }
                finally { ArrayPool<T>.Shared.Return(buf); }
            });
        }
    }

    /// <summary>
    /// The fused backward over (outer, n, inner) blocks: per block, the sums along n of g (log) or
    /// g·y (softmax) across inner, then each row's gradient, divided by T when T ≠ 1. The last
    /// axis (inner = 1) takes whole contiguous rows instead.
    /// </summary>
    private static void Backward<T>(KernelContext c, int outer, int n, int inner, T temperature, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (c.Outputs[0].Size == 0) return;
        IntPtr pg = (IntPtr)c.Inputs[0].DataPointer, py = (IntPtr)c.Inputs[1].DataPointer, pd = (IntPtr)c.Outputs[0].DataPointer;
        long block = (long)n * inner;
        CpuParallel.For(outer, (int)Math.Max(1, (1 << 14) / Math.Max(1, block)), (s, e) =>
        {
            if (inner == 1)
            {
                var tmpRow = new Span<T>(Workspace<T>.Get(0, n), n);
                for (int o = s; o < e; o++)
                    BackwardRow((T*)pg + o * block, (T*)py + o * block, (T*)pd + o * block, n, temperature, log, tmpRow);
                return;
            }
            T* sum = Workspace<T>.Get(0, inner), tmp = Workspace<T>.Get(1, inner);
            for (int o = s; o < e; o++)
                BackwardBlock((T*)pg + o * block, (T*)py + o * block, (T*)pd + o * block, n, inner, temperature, log, sum, tmp);
        });
    }

    private static void BackwardRow<T>(T* g, T* y, T* d, int n, T temperature, bool log, Span<T> tmp) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gr = new ReadOnlySpan<T>(g, n);
        var yr = new ReadOnlySpan<T>(y, n);
        var dr = new Span<T>(d, n);
        if (log)
        {
            T sum = TensorPrimitives.Sum(gr);
            TensorPrimitives.Exp(yr, tmp);
            TensorPrimitives.Multiply(tmp, sum, tmp);
            TensorPrimitives.Subtract(gr, tmp, dr);
        }
        else
        {
            T dot = TensorPrimitives.Dot(gr, yr);
            TensorPrimitives.Subtract(gr, dot, tmp);
            TensorPrimitives.Multiply(yr, tmp, dr);
        }
        if (temperature != T.One) TensorPrimitives.Divide(dr, temperature, dr);
    }

    private static void BackwardBlock<T>(T* g, T* y, T* d, int n, int inner, T temperature, bool log, T* sumP, T* tmpP) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = new Span<T>(sumP, inner);
        var tmp = new Span<T>(tmpP, inner);
        sum.Clear();
        for (int r = 0; r < n; r++)
        {
            var gr = new ReadOnlySpan<T>(g + (long)r * inner, inner);
            if (log) TensorPrimitives.Add(sum, gr, sum);
            else
            {
                TensorPrimitives.Multiply(gr, new ReadOnlySpan<T>(y + (long)r * inner, inner), tmp);
                TensorPrimitives.Add(sum, tmp, sum);
            }
        }
        for (int r = 0; r < n; r++)
        {
            var gr = new ReadOnlySpan<T>(g + (long)r * inner, inner);
            var yr = new ReadOnlySpan<T>(y + (long)r * inner, inner);
            var dr = new Span<T>(d + (long)r * inner, inner);
            if (log)
            {
                // g − exp(y)·Σg, in the composite formula's order (product rounded, then difference).
                TensorPrimitives.Exp(yr, tmp);
                TensorPrimitives.Multiply(tmp, sum, tmp);
                TensorPrimitives.Subtract(gr, tmp, dr);
            }
            else
            {
                TensorPrimitives.Subtract(gr, sum, tmp);
                TensorPrimitives.Multiply(yr, tmp, dr);
            }
            if (temperature != T.One) TensorPrimitives.Divide(dr, temperature, dr);
        }
    }

    private static int ClampLength(double len, int n) => (int)Math.Clamp(len, 0, n);

    /// <summary>One contiguous row: y = softmax((x − max)/T) over the first len entries, 0 after.</summary>
    private static void Row<T>(T* x, T* y, int len, int n, T invT, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        new Span<T>(y + len, n - len).Clear();
        if (len == 0) return;
        var xs = new ReadOnlySpan<T>(x, len);
        var ys = new Span<T>(y, len);
        T max = TensorPrimitives.Max(xs);
        TensorPrimitives.Subtract(xs, max, ys);
        if (invT != T.One) TensorPrimitives.Multiply(ys, invT, ys);
        if (log)
        {
            T lse = T.Log(SumExp(y, len));
            TensorPrimitives.Subtract(ys, lse, ys);
        }
        else
        {
            TensorPrimitives.Exp(ys, ys);
            TensorPrimitives.Multiply(ys, T.One / TensorPrimitives.Sum<T>(ys), ys);
        }
    }

    /// <summary>Σ exp(p[i]) without storing the exponentials.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static T SumExp<T>(T* p, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T sum = T.Zero;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            var acc = Vector256<T>.Zero;
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) acc += VMath.Exp(Vector256.Load(p + i));
            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
        {
            var acc = Vector128<T>.Zero;
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count) acc += VMath.Exp(Vector128.Load(p + i));
            sum = Vector128.Sum(acc);
        }
        for (; i < n; i++) sum += T.Exp(p[i]);
        return sum;
    }

    /// <summary>A (n × inner) block normalized over n, vectorized across inner.</summary>
    private static void Columns<T>(T* x, T* y, int n, int inner, T invT, bool log, Span<T> max, Span<T> sum, Span<T> tmp)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0) return;
        new ReadOnlySpan<T>(x, inner).CopyTo(max);
        for (int r = 1; r < n; r++) TensorPrimitives.Max(max, new ReadOnlySpan<T>(x + (long)r * inner, inner), max);
        sum.Clear();
        for (int r = 0; r < n; r++)
        {
            var yr = new Span<T>(y + (long)r * inner, inner);
            TensorPrimitives.Subtract(new ReadOnlySpan<T>(x + (long)r * inner, inner), max, yr);
            if (invT != T.One) TensorPrimitives.Multiply(yr, invT, yr);
            // log_softmax keeps the shifted scores in y, so the exponentials go through a scratch row.
            var e = log ? tmp : yr;
            TensorPrimitives.Exp(yr, e);
            TensorPrimitives.Add(sum, e, sum);
        }
        if (log)
        {
            TensorPrimitives.Log(sum, sum);
            for (int r = 0; r < n; r++)
            {
                var yr = new Span<T>(y + (long)r * inner, inner);
                TensorPrimitives.Subtract(yr, sum, yr);
            }
        }
        else
        {
            TensorPrimitives.Reciprocal(sum, sum);
            for (int r = 0; r < n; r++)
            {
                var yr = new Span<T>(y + (long)r * inner, inner);
                TensorPrimitives.Multiply(yr, sum, yr);
            }
        }
    }

    /// <summary>One strided column with a valid length (use_length on a non-last axis), in double.</summary>
    private static void StridedColumn<T>(T* x, T* y, int len, int n, int stride, T invT, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = len; i < n; i++) y[(long)i * stride] = T.Zero;
        if (len == 0) return;
        double max = double.NegativeInfinity, it = double.CreateTruncating(invT), sum = 0;
        for (int i = 0; i < len; i++) max = Math.Max(max, double.CreateTruncating(x[(long)i * stride]));
        for (int i = 0; i < len; i++) sum += Math.Exp((double.CreateTruncating(x[(long)i * stride]) - max) * it);
        double lse = Math.Log(sum);
        for (int i = 0; i < len; i++)
        {
            double z = (double.CreateTruncating(x[(long)i * stride]) - max) * it;
            y[(long)i * stride] = T.CreateTruncating(log ? z - lse : Math.Exp(z) / sum);
        }
    }

    private static void SoftmaxOutputBackward<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<SoftmaxOutputOp.Param>();
        NDArray y = c.Inputs[0], label = c.Inputs[1], og = c.Inputs[2], gOut = c.Outputs[0];
        var ys = y.Span<T>();
        var gs = gOut.Span<T>();
        var ogs = og.Span<T>();
        if (label.Shape == y.Shape)
        {
            // Probabilities as the target: no normalization, as MXNet.
            var ls = label.DType == y.DType ? label.Span<T>() : label.AsType(y.DType).Span<T>();
            T scale = T.CreateTruncating(p.GradScale);
            for (int i = 0; i < gs.Length; i++) gs[i] = (ys[i] - ls[i]) * scale * (p.OutGrad ? ogs[i] : T.One);
            return;
        }
        var (outer, k, inner) = SoftmaxOutputOp.Layout(c.Op.Name, p, y.Shape);
        var labels = label.ToArray<double>();
        int ignore = (int)p.IgnoreLabel;
        double validCnt = p.Normalization switch
        {
            SoftmaxOutputOp.Normalization.Batch => p.MultiOutput ? outer : labels.Length,
            SoftmaxOutputOp.Normalization.Valid => Math.Max(1, labels.Count(l => (int)l != ignore)),
            _ => 1,
        };
        // multi_output divides by the spatial size too, except with valid normalization (MXNet).
        double spatial = p.MultiOutput && p.Normalization != SoftmaxOutputOp.Normalization.Valid ? inner : 1;
        T scaleT = T.CreateTruncating(p.GradScale / spatial / validCnt);
        T onT = T.CreateTruncating(p.SmoothAlpha > 0 ? 1 - p.SmoothAlpha : 1.0);
        T offT = T.CreateTruncating(p.SmoothAlpha > 0 && k > 1 ? p.SmoothAlpha / (k - 1) : 0.0);
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < inner; j++)
            {
                int lab = (int)labels[o * inner + j];
                long baseIdx = (long)o * k * inner + j;
                bool ignored = p.UseIgnore && lab == ignore;
                for (int cls = 0; cls < k; cls++)
                {
                    long idx = baseIdx + (long)cls * inner;
                    if (ignored) { gs[(int)idx] = T.Zero; continue; }
                    T target = cls == lab ? onT : offT;
                    T g = (ys[(int)idx] - target) * scaleT;
                    gs[(int)idx] = p.OutGrad ? g * ogs[(int)idx] : g;
                }
            }
        }
    }
}
