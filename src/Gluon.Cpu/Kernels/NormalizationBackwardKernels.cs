using System.Numerics;
using System.Numerics.Tensors;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Fused first-order gradients of BatchNorm and LayerNorm (<c>_backward_BatchNorm</c>,
/// <c>_backward_LayerNorm</c>): one pass for the per-channel (or per-row) sums, one pass for dx,
/// instead of a dozen full-size temporaries from the composite gradient.
/// <c>_backward_contrib_BatchNormWithReLU</c> is BatchNorm's with <see cref="ReluMask"/> applied
/// to dy as both passes load it.
/// </summary>
internal sealed unsafe class NormalizationBackwardKernels : IKernelProvider
{
    private const int ParallelGrain = 32768;
    private const int PlaneThreshold = 16;

    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("_backward_BatchNorm", c => { if (c.Inputs[1].DType == DType.Float32) BatchNorm<float, NoMask>(c); else BatchNorm<double, NoMask>(c); });
        b.RegisterFloatKernel("_backward_contrib_BatchNormWithReLU", c => { if (c.Inputs[1].DType == DType.Float32) BatchNorm<float, ReluMask>(c); else BatchNorm<double, ReluMask>(c); });
        b.RegisterFloatKernel("_backward_LayerNorm", c => { if (c.Inputs[1].DType == DType.Float32) LayerNorm<float>(c); else LayerNorm<double>(c); });
    }

    private static int Grain(long perItem) => (int)Math.Max(1, ParallelGrain / Math.Max(1, perItem));

    private static void CheckSameType(KernelContext c)
    {
        var t = c.Inputs[1].DType;
        foreach (var a in c.Inputs)
            if (a.DType != t) throw new ArgumentException($"{c.Op.Name}: input dtypes differ ({a.DType.Name()} vs {t.Name()})");
    }

    // ---- BatchNorm ---------------------------------------------------------------------------

    /// <summary>Inputs ograd, data, gamma, mean, var (and the forward output when <typeparamref name="TMask"/> reads it).</summary>
    private static void BatchNorm<T, TMask>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T> where TMask : struct, IGradMask
    {
        CheckSameType(c);
        var p = c.P<BatchNormOp.Param>();
        var x = c.Inputs[1];
        int ax = x.Shape.NormalizeAxis(p.Axis, c.Op.Name);
        int o = x.Shape.SizeOf(0, ax), ch = x.Shape[ax], inner = x.Shape.SizeOf(ax + 1, x.NDim);
        T* dy = (T*)c.Inputs[0].DataPointer, xp = (T*)x.DataPointer, gamma = (T*)c.Inputs[2].DataPointer;
        T* mean = (T*)c.Inputs[3].DataPointer, var = (T*)c.Inputs[4].DataPointer;
        T* yp = TMask.IsIdentity ? null : (T*)c.Inputs[5].DataPointer;
        T* dx = (T*)c.Outputs[0].DataPointer, dg = (T*)c.Outputs[1].DataPointer, db = (T*)c.Outputs[2].DataPointer;
        var sumDy = new T[ch];
        var sumDot = new T[ch];
        ChannelSums<T, TMask>(dy, xp, yp, mean, o, ch, inner, sumDy, sumDot);
        // Batch stats: dx = k·dy + p·x + q per channel, with k = γ/σ, p = −k·Σdy(x−μ)/(σ²m),
        // q = −k·Σdy/m − p·μ; fixed stats: dx = k·dy.
        bool batch = c.IsTraining && !p.UseGlobalStats;
        T m = T.CreateChecked((long)o * inner), eps = T.CreateChecked(p.Eps);
        var kk = new T[ch];
        var pp = new T[ch];
        var qq = new T[ch];
        for (int k = 0; k < ch; k++)
        {
            T rstd = T.One / T.Sqrt(var[k] + eps);
            T g = p.FixGamma ? T.One : gamma[k];
            db[k] = sumDy[k];
            dg[k] = p.FixGamma ? T.Zero : sumDot[k] * rstd;
            kk[k] = g * rstd;
            if (batch && m > T.Zero)
            {
                pp[k] = -kk[k] * rstd * rstd * sumDot[k] / m;
                qq[k] = -kk[k] * sumDy[k] / m - pp[k] * mean[k];
            }
        }
        ChannelAxpby<T, TMask>(dy, xp, yp, dx, o, ch, inner, kk, pp, qq);
    }

    /// <summary>Per channel of (O, C, I): Σ g and Σ g·(x − μ_c), g = dy masked against the output y.</summary>
    private static void ChannelSums<T, TMask>(T* dy, T* x, T* y, T* mean, int o, int ch, int inner, T[] sumDy, T[] sumDot)
        where T : unmanaged, IFloatingPointIeee754<T> where TMask : struct, IGradMask
    {
        nint ga = (nint)dy, xa = (nint)x, ya = (nint)y, ma = (nint)mean;
        if (inner >= PlaneThreshold)
        {
            CpuParallel.For(ch, Grain((long)o * inner), (s, e) =>
            {
                for (int k = s; k < e; k++)
                {
                    T a = T.Zero, b = T.Zero, mu = ((T*)ma)[k];
                    for (int r = 0; r < o; r++)
                    {
                        long off = ((long)r * ch + k) * inner;
                        var (s0, s1) = NormalizationMath.SumAndDotDev<T, TMask>((T*)ga + off, (T*)xa + off, (T*)ya + off, inner, mu);
                        a += s0;
                        b += s1;
                    }
                    sumDy[k] = a;
                    sumDot[k] = b;
                }
            });
            return;
        }
        // Short planes: accumulate row segments [c0·I, c1·I) over the outer rows.
        CpuParallel.For(ch, Grain((long)o * inner), (c0, c1) =>
        {
            int len = (c1 - c0) * inner, stride = ch * inner;
            var accDy = new T[len];
            var accDot = new T[len];
            var mu = new T[len];
            var tmp = new T[len];
            // The masked dy of a row segment (only when masking), used at once from L1.
            var masked = TMask.IsIdentity ? null : new T[len];
            for (int k = c0; k < c1; k++) new Span<T>(mu, (k - c0) * inner, inner).Fill(((T*)ma)[k]);
            fixed (T* mp = masked)
                for (int r = 0; r < o; r++)
                {
                    long off = (long)r * stride + c0 * inner;
                    var g = new ReadOnlySpan<T>(GradMask.Masked<T, TMask>((T*)ga + off, (T*)ya + off, mp, len), len);
                    TensorPrimitives.Add(accDy, g, accDy);
                    TensorPrimitives.Subtract(new ReadOnlySpan<T>((T*)xa + off, len), mu, tmp);
                    TensorPrimitives.MultiplyAdd(g, tmp, accDot, accDot);
                }
            for (int k = c0; k < c1; k++)
            {
                sumDy[k] = TensorPrimitives.Sum(new ReadOnlySpan<T>(accDy, (k - c0) * inner, inner));
                sumDot[k] = TensorPrimitives.Sum(new ReadOnlySpan<T>(accDot, (k - c0) * inner, inner));
            }
        });
    }

    /// <summary>dx = k_c·g + p_c·x + q_c on (O, C, I), g = dy masked against the output y.</summary>
    private static void ChannelAxpby<T, TMask>(T* dy, T* x, T* y, T* dx, int o, int ch, int inner, T[] kk, T[] pp, T[] qq)
        where T : unmanaged, IFloatingPointIeee754<T> where TMask : struct, IGradMask
    {
        nint ga = (nint)dy, xa = (nint)x, ya = (nint)y, da = (nint)dx;
        if (inner >= PlaneThreshold)
        {
            CpuParallel.For(o * ch, Grain(inner), (s, e) =>
            {
                for (int r = s; r < e; r++)
                {
                    int k = r % ch;
                    long off = (long)r * inner;
                    NormalizationMath.Axpby<T, TMask>((T*)ga + off, (T*)xa + off, (T*)ya + off, (T*)da + off, inner, kk[k], pp[k], qq[k]);
                }
            });
            return;
        }
        int len = ch * inner;
        var ke = new T[len];
        var pe = new T[len];
        var qe = new T[len];
        for (int k = 0; k < ch; k++)
        {
            new Span<T>(ke, k * inner, inner).Fill(kk[k]);
            new Span<T>(pe, k * inner, inner).Fill(pp[k]);
            new Span<T>(qe, k * inner, inner).Fill(qq[k]);
        }
        CpuParallel.For(o, Grain(len), (s, e) =>
        {
            for (int r = s; r < e; r++)
            {
                long off = (long)r * len;
                var d = new Span<T>((T*)da + off, len);
                // The masked dy goes to dx first (its own row, so still one pass over memory).
                var g = new ReadOnlySpan<T>(GradMask.Masked<T, TMask>((T*)ga + off, (T*)ya + off, (T*)da + off, len), len);
                TensorPrimitives.Multiply(g, ke, d);
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>((T*)xa + off, len), pe, d, d);
                TensorPrimitives.Add(d, qe, d);
            }
        });
    }

    // ---- LayerNorm (normalized axis last) ----------------------------------------------------

    private static void LayerNorm<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameType(c);
        var x = c.Inputs[1];
        int d = x.Shape[^1];
        int o = d == 0 ? 0 : x.Size / d;
        nint ga = (nint)c.Inputs[0].DataPointer, xa = (nint)x.DataPointer, gma = (nint)c.Inputs[2].DataPointer;
        nint ma = (nint)c.Inputs[3].DataPointer, sa = (nint)c.Inputs[4].DataPointer, da = (nint)c.Outputs[0].DataPointer;
        var dg = c.Outputs[1].Span<T>();
        var db = c.Outputs[2].Span<T>();
        dg.Clear();
        db.Clear();
        // Each chunk sums its rows' dγ and dβ privately; chunks are added in row order afterwards
        // so the result does not depend on thread timing.
        var partials = new List<(int Start, T[] G, T[] B)>();
        T count = T.CreateChecked(d);
        CpuParallel.For(o, Grain(d), (s, e) =>
        {
            var xhat = new T[d];
            var dxh = new T[d];
            var pg = new T[d];
            var pb = new T[d];
            var gamma = new ReadOnlySpan<T>((T*)gma, d);
            for (int r = s; r < e; r++)
            {
                long off = (long)r * d;
                var dyr = new ReadOnlySpan<T>((T*)ga + off, d);
                var dxr = new Span<T>((T*)da + off, d);
                T rs = T.One / ((T*)sa)[r];
                fixed (T* xh = xhat) NormalizationMath.ScaleShift((T*)xa + off, xh, d, rs, -((T*)ma)[r] * rs);
                TensorPrimitives.Multiply(dyr, gamma, dxh);
                T a = TensorPrimitives.Sum<T>(dxh), b = TensorPrimitives.Dot<T>(dxh, xhat);
                // dx = (dx̂ − A/D − x̂·B/D)/σ
                TensorPrimitives.Multiply(dxh, rs, dxr);
                TensorPrimitives.MultiplyAdd(xhat, -rs * b / count, dxr, dxr);
                TensorPrimitives.Add(dxr, -rs * a / count, dxr);
                TensorPrimitives.Add(pb, dyr, pb);
                TensorPrimitives.MultiplyAdd(dyr, xhat, pg, pg);
            }
            lock (partials) partials.Add((s, pg, pb));
        });
        partials.Sort((u, v) => u.Start.CompareTo(v.Start));
        foreach (var (_, pg, pb) in partials)
        {
            TensorPrimitives.Add(dg, pg, dg);
            TensorPrimitives.Add(db, pb, db);
        }
    }
}
