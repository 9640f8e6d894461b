using System.Numerics;
using System.Numerics.Tensors;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Forward kernels of BatchNorm (and _contrib_BatchNormWithReLU), LayerNorm, InstanceNorm, GroupNorm and L2Normalization (float32
/// and float64; other dtypes go through <see cref="DTypeFallback"/>). Statistics are two-pass
/// (mean, then the mean of squared deviations) for accuracy; normalization and the affine
/// transform are fused into one scale-and-shift per contiguous run. Their gradients are built
/// from ops in the op definitions.
/// </summary>
internal sealed unsafe class NormalizationKernels : IKernelProvider
{
    // Elements one thread should own before splitting work pays for the hand-off.
    private const int ParallelGrain = 32768;

    // Planes (runs of one channel) at least this long are reduced one channel at a time;
    // shorter ones are reduced across whole rows of channels, which keeps the loads contiguous.
    private const int PlaneThreshold = ChannelScaleShift.PlaneThreshold;

    public void Register(CpuBackend b)
    {
        RegisterTyped(b, "BatchNorm", c => BatchNorm<float>(c, relu: false), c => BatchNorm<double>(c, relu: false));
        RegisterTyped(b, "_contrib_BatchNormWithReLU", c => BatchNorm<float>(c, relu: true), c => BatchNorm<double>(c, relu: true));
        RegisterTyped(b, "LayerNorm", LayerNorm<float>, LayerNorm<double>);
        RegisterTyped(b, "InstanceNorm", InstanceNorm<float>, InstanceNorm<double>);
        RegisterTyped(b, "GroupNorm", GroupNorm<float>, GroupNorm<double>);
        RegisterTyped(b, "L2Normalization", L2Normalization<float>, L2Normalization<double>);
    }

    // The data's dtype (input 0) picks the instantiation; DTypeFallback has already made it float32 or float64.
    private static void RegisterTyped(CpuBackend b, string name, Action<KernelContext> f32, Action<KernelContext> f64) =>
        b.RegisterFloatKernel(name, c => { if (c.Inputs[0].DType == DType.Float32) f32(c); else f64(c); });

    private static int Grain(long perItem) => (int)Math.Max(1, ParallelGrain / Math.Max(1, perItem));

    private static void CheckSameType(KernelContext c)
    {
        // After DTypeFallback every array must be the kernel's compute type.
        var t = c.Inputs[0].DType;
        foreach (var a in c.Inputs)
            if (a.DType != t) throw new ArgumentException($"{c.Op.Name}: input dtypes differ ({a.DType.Name()} vs {t.Name()})");
    }

    /// <summary>The data (input 0) as an (O, N, I) block around <paramref name="axis"/> (checked against its rank).</summary>
    private static (int Outer, int N, int Inner) AxisView(KernelContext c, int axis)
    {
        var s = c.Inputs[0].Shape;
        int ax = s.NormalizeAxis(axis, c.Op.Name);
        return (s.SizeOf(0, ax), s[ax], s.SizeOf(ax + 1, s.Rank));
    }

    // ---- BatchNorm ---------------------------------------------------------------------------

    /// <summary>BatchNorm, or with <paramref name="relu"/> _contrib_BatchNormWithReLU (the relu fused into the write of y).</summary>
    private static void BatchNorm<T>(KernelContext c, bool relu) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameType(c);
        var p = c.P<BatchNormOp.Param>();
        var x = c.Inputs[0];
        var (o, ch, inner) = AxisView(c, p.Axis);
        T* xp = (T*)x.DataPointer, yp = (T*)c.Outputs[0].DataPointer;
        T* gamma = (T*)c.Inputs[1].DataPointer, beta = (T*)c.Inputs[2].DataPointer;
        T* movMean = (T*)c.Inputs[3].DataPointer, movVar = (T*)c.Inputs[4].DataPointer;
        T* mean = (T*)c.Outputs[1].DataPointer, var = (T*)c.Outputs[2].DataPointer;
        long m = (long)o * inner;
        if (c.IsTraining && !p.UseGlobalStats)
        {
            if (m == 0)
            {
                // No samples: report zero stats and leave the moving averages untouched.
                new Span<T>(mean, ch).Clear();
                new Span<T>(var, ch).Clear();
            }
            else
            {
                ChannelMeanVar(xp, o, ch, inner, mean, var);
                // The update runs in forward (cuDNN's convention; MXNet's CPU kernel does it in backward).
                T mom = T.CreateChecked(p.Momentum), rest = T.One - mom;
                for (int k = 0; k < ch; k++)
                {
                    movMean[k] = movMean[k] * mom + mean[k] * rest;
                    movVar[k] = movVar[k] * mom + var[k] * rest;
                }
            }
        }
        else
        {
            new ReadOnlySpan<T>(movMean, ch).CopyTo(new Span<T>(mean, ch));
            new ReadOnlySpan<T>(movVar, ch).CopyTo(new Span<T>(var, ch));
        }
        // scale = γ/√(var + eps), shift = β − mean·scale: then one multiply-add per element.
        // Per-thread scratch instead of two arrays per call (the workers only read it).
        T* scale = Workspace<T>.Get(2, 2L * ch);
        T* shift = scale + ch;
        T eps = T.CreateChecked(p.Eps);
        for (int k = 0; k < ch; k++)
        {
            T s = (p.FixGamma ? T.One : gamma[k]) / T.Sqrt(var[k] + eps);
            scale[k] = s;
            shift[k] = beta[k] - mean[k] * s;
        }
        ChannelScaleShift.Run(xp, yp, o, ch, inner, scale, shift, relu);
    }

    /// <summary>Per-channel mean and biased variance of an (O, C, I) array over O and I.</summary>
    private static void ChannelMeanVar<T>(T* x, int o, int ch, int inner, T* mean, T* var) where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint xa = (nint)x, ma = (nint)mean, va = (nint)var;
        T count = T.CreateChecked((long)o * inner);
        if (inner >= PlaneThreshold)
        {
            CpuParallel.For(ch, Grain((long)o * inner), (s, e) =>
            {
                T* xp = (T*)xa;
                for (int k = s; k < e; k++)
                {
                    T sum = T.Zero;
                    for (int r = 0; r < o; r++) sum += TensorPrimitives.Sum(new ReadOnlySpan<T>(xp + ((long)r * ch + k) * inner, inner));
                    T mu = sum / count;
                    T sq = T.Zero;
                    for (int r = 0; r < o; r++) sq += NormalizationMath.SumSqDev(xp + ((long)r * ch + k) * inner, inner, mu);
                    ((T*)ma)[k] = mu;
                    ((T*)va)[k] = sq / count;
                }
            });
            return;
        }
        // Short planes: accumulate whole row segments [c0·I, c1·I) over the outer rows.
        CpuParallel.For(ch, Grain((long)o * inner), (c0, c1) =>
        {
            T* xp = (T*)xa;
            int len = (c1 - c0) * inner, stride = ch * inner;
            var acc = new T[len];
            var tmp = new T[len];
            var mu = new T[len];
            for (int r = 0; r < o; r++) TensorPrimitives.Add(acc, new ReadOnlySpan<T>(xp + (long)r * stride + c0 * inner, len), acc);
            for (int k = c0; k < c1; k++)
            {
                T m = TensorPrimitives.Sum(new ReadOnlySpan<T>(acc, (k - c0) * inner, inner)) / count;
                ((T*)ma)[k] = m;
                new Span<T>(mu, (k - c0) * inner, inner).Fill(m);
            }
            Array.Clear(acc);
            for (int r = 0; r < o; r++)
            {
                TensorPrimitives.Subtract(new ReadOnlySpan<T>(xp + (long)r * stride + c0 * inner, len), mu, tmp);
                TensorPrimitives.MultiplyAdd(tmp, tmp, acc, acc);
            }
            for (int k = c0; k < c1; k++)
                ((T*)va)[k] = TensorPrimitives.Sum(new ReadOnlySpan<T>(acc, (k - c0) * inner, inner)) / count;
        });
    }

    // ---- LayerNorm ---------------------------------------------------------------------------

    private static void LayerNorm<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameType(c);
        var p = c.P<LayerNormOp.Param>();
        var x = c.Inputs[0];
        var (o, d, inner) = AxisView(c, p.Axis);
        nint xa = (nint)x.DataPointer, ya = (nint)c.Outputs[0].DataPointer;
        nint ga = (nint)c.Inputs[1].DataPointer, ba = (nint)c.Inputs[2].DataPointer;
        nint ma = (nint)c.Outputs[1].DataPointer, sa = (nint)c.Outputs[2].DataPointer;
        T eps = T.CreateChecked(p.Eps);
        T count = T.CreateChecked(d);
        if (inner == 1)
        {
            CpuParallel.For(o, Grain(d), (s, e) =>
            {
                var gamma = new ReadOnlySpan<T>((T*)ga, d);
                var beta = new ReadOnlySpan<T>((T*)ba, d);
                for (int r = s; r < e; r++)
                {
                    T* xr = (T*)xa + (long)r * d, yr = (T*)ya + (long)r * d;
                    var (mu, v) = RowMeanVar(xr, d, count);
                    T std = T.Sqrt(v + eps);
                    ((T*)ma)[r] = mu;
                    ((T*)sa)[r] = std;
                    T rs = T.One / std;
                    NormalizationMath.ScaleShift(xr, yr, d, rs, -mu * rs);
                    var yspan = new Span<T>(yr, d);
                    TensorPrimitives.MultiplyAdd(yspan, gamma, beta, yspan);
                }
            });
            return;
        }
        // Normalized axis in the middle: statistics are vectors over the inner positions.
        CpuParallel.For(o, Grain((long)d * inner), (s, e) =>
        {
            var acc = new T[inner];
            var rstd = new T[inner];
            var tmp = new T[inner];
            for (int r = s; r < e; r++)
            {
                T* xb = (T*)xa + (long)r * d * inner, yb = (T*)ya + (long)r * d * inner;
                var mu = new Span<T>((T*)ma + (long)r * inner, inner);
                var std = new Span<T>((T*)sa + (long)r * inner, inner);
                mu.Clear();
                for (int k = 0; k < d; k++) TensorPrimitives.Add(mu, new ReadOnlySpan<T>(xb + (long)k * inner, inner), mu);
                if (d > 0) TensorPrimitives.Divide(mu, count, mu);
                Array.Clear(acc);
                for (int k = 0; k < d; k++)
                {
                    TensorPrimitives.Subtract(new ReadOnlySpan<T>(xb + (long)k * inner, inner), mu, tmp);
                    TensorPrimitives.MultiplyAdd(tmp, tmp, acc, acc);
                }
                if (d > 0) TensorPrimitives.Divide(acc, count, acc);
                TensorPrimitives.Add(acc, eps, acc);
                TensorPrimitives.Sqrt(acc, std);
                TensorPrimitives.Reciprocal(std, rstd);
                for (int k = 0; k < d; k++)
                {
                    TensorPrimitives.Subtract(new ReadOnlySpan<T>(xb + (long)k * inner, inner), mu, tmp);
                    TensorPrimitives.Multiply(tmp, rstd, tmp);
                    fixed (T* tp = tmp) NormalizationMath.ScaleShift(tp, yb + (long)k * inner, inner, ((T*)ga)[k], ((T*)ba)[k]);
                }
            }
        });
    }

    /// <summary>Mean and biased variance of a contiguous run (zeros when empty).</summary>
    private static (T Mean, T Var) RowMeanVar<T>(T* x, int n, T count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0) return (T.Zero, T.Zero);
        T mu = TensorPrimitives.Sum(new ReadOnlySpan<T>(x, n)) / count;
        return (mu, NormalizationMath.SumSqDev(x, n, mu) / count);
    }

    // ---- InstanceNorm / GroupNorm ------------------------------------------------------------

    private static void InstanceNorm<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameType(c);
        var x = c.Inputs[0];
        int ch = x.Shape[1], sp = x.Shape.SizeOf(2, x.NDim);
        GroupRows<T>(c, x.Shape[0], ch, ch, sp, T.CreateChecked(c.P<InstanceNormOp.Param>().Eps), writeStd: false);
    }

    private static void GroupNorm<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameType(c);
        var p = c.P<GroupNormOp.Param>();
        var x = c.Inputs[0];
        GroupRows<T>(c, x.Shape[0], x.Shape[1], p.NumGroups, x.Shape.SizeOf(2, x.NDim), T.CreateChecked(p.Eps), writeStd: true);
    }

    /// <summary>
    /// Data (N, C, S) with C split into <paramref name="groups"/> contiguous groups: statistics per
    /// (n, group) over C/groups·S elements, then y = γ_c(x − μ)/σ + β_c per channel run. Output 2
    /// receives σ (GroupNorm) or the variance (InstanceNorm).
    /// </summary>
    private static void GroupRows<T>(KernelContext c, int n, int ch, int groups, int sp, T eps, bool writeStd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0 || groups == 0) return;
        int cg = ch / groups;
        int k = cg * sp;
        nint xa = (nint)c.Inputs[0].DataPointer, ya = (nint)c.Outputs[0].DataPointer;
        nint ga = (nint)c.Inputs[1].DataPointer, ba = (nint)c.Inputs[2].DataPointer;
        nint ma = (nint)c.Outputs[1].DataPointer, sa = (nint)c.Outputs[2].DataPointer;
        T count = T.CreateChecked(k);
        // GroupNorm's gamma/beta may be per group (MXNet 1.x, length groups) or per channel.
        bool perGroup = groups != ch && c.Inputs[1].Size == groups;
        CpuParallel.For(n * groups, Grain(k), (s, e) =>
        {
            for (int r = s; r < e; r++)
            {
                T* xr = (T*)xa + (long)r * k, yr = (T*)ya + (long)r * k;
                var (mu, v) = RowMeanVar(xr, k, count);
                T std = T.Sqrt(v + eps);
                ((T*)ma)[r] = mu;
                ((T*)sa)[r] = writeStd ? std : v;
                int c0 = r % groups * cg;
                for (int j = 0; j < cg; j++)
                {
                    int pi = perGroup ? r % groups : c0 + j;
                    T sc = ((T*)ga)[pi] / std;
                    NormalizationMath.ScaleShift(xr + (long)j * sp, yr + (long)j * sp, sp, sc, ((T*)ba)[pi] - mu * sc);
                }
            }
        });
    }

    // ---- L2Normalization ---------------------------------------------------------------------

    private static void L2Normalization<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<L2NormalizationOp.Param>();
        var x = c.Inputs[0];
        var (o, red, inner) = L2NormalizationOp.Layout(p.NormMode, x.Shape);
        nint xa = (nint)x.DataPointer, ya = (nint)c.Outputs[0].DataPointer, na = (nint)c.Outputs[1].DataPointer;
        T eps = T.CreateChecked(p.Eps);
        if (inner == 1)
        {
            CpuParallel.For(o, Grain(red), (s, e) =>
            {
                for (int r = s; r < e; r++)
                {
                    var xr = new ReadOnlySpan<T>((T*)xa + (long)r * red, red);
                    T norm = T.Sqrt(TensorPrimitives.SumOfSquares(xr) + eps);
                    ((T*)na)[r] = norm;
                    TensorPrimitives.Divide(xr, norm, new Span<T>((T*)ya + (long)r * red, red));
                }
            });
            return;
        }
        // channel mode: the norm at each spatial position runs over the channels (stride I).
        CpuParallel.For(o, Grain((long)red * inner), (s, e) =>
        {
            for (int r = s; r < e; r++)
            {
                T* xb = (T*)xa + (long)r * red * inner, yb = (T*)ya + (long)r * red * inner;
                var norm = new Span<T>((T*)na + (long)r * inner, inner);
                norm.Clear();
                for (int k = 0; k < red; k++)
                {
                    var xr = new ReadOnlySpan<T>(xb + (long)k * inner, inner);
                    TensorPrimitives.MultiplyAdd(xr, xr, norm, norm);
                }
                TensorPrimitives.Add(norm, eps, norm);
                TensorPrimitives.Sqrt(norm, norm);
                for (int k = 0; k < red; k++)
                    TensorPrimitives.Divide(new ReadOnlySpan<T>(xb + (long)k * inner, inner), norm, new Span<T>(yb + (long)k * inner, inner));
            }
        });
    }
}
