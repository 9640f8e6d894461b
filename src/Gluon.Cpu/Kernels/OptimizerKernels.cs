using System.Numerics;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Kernels of MXNet's fused optimizer updates (<c>sgd_update</c>, <c>adam_update</c>, ...): one
/// vectorized pass per call that reads weight, grad and states and writes the new weight and
/// states in place. Arithmetic runs in the array dtype with the hyperparameters cast to it, as
/// MXNet's kernels do; the mp_* ops run in float32 on the master copy.
/// </summary>
internal sealed unsafe class OptimizerKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        Reg(b, "sgd_update", new SgdFactory());
        Reg(b, "sgd_mom_update", new SgdMomFactory());
        Reg(b, "nag_mom_update", new NagFactory());
        Reg(b, "adam_update", new AdamFactory());
        Reg(b, "rmsprop_update", new RmspropFactory());
        Reg(b, "rmspropalex_update", new RmspropAlexFactory());
        Reg(b, "ftrl_update", new FtrlFactory());
        Reg(b, "ftml_update", new FtmlFactory());
        Reg(b, "signsgd_update", new SignsgdFactory());
        Reg(b, "signum_update", new SignumFactory());
        Reg(b, "lamb_update_phase1", new Lamb1Factory());
        Reg(b, "lamb_update_phase2", new Lamb2Factory());
        b.RegisterFloatKernel("mp_sgd_update", c => RunMp(c, new SgdFactory(), weight32: 2));
        b.RegisterFloatKernel("mp_sgd_mom_update", c => RunMp(c, new SgdMomFactory(), weight32: 3));
        b.RegisterKernel("reset_arrays", c =>
        {
            foreach (var a in c.Inputs)
                new Span<byte>(a.DataPointer, checked(a.Size * a.DType.SizeOf())).Clear();
        });
    }

    /// <summary>Builds and runs one op's fused kernel for element type T.</summary>
    private interface IFactory
    {
        void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T>;
    }

    private static void Reg<TF>(CpuBackend b, string name, TF f) where TF : struct, IFactory =>
        b.RegisterFloatKernel(name, c =>
        {
            if (c.Inputs[0].DType == DType.Float32) f.Run(c, (float*)c.Inputs[0].DataPointer, (float*)c.Outputs[0].DataPointer);
            else f.Run(c, (double*)c.Inputs[0].DataPointer, (double*)c.Outputs[0].DataPointer);
        });

    /// <summary>
    /// mp_sgd_*: runs the float32 rule with the master copy as the weight, then the new master
    /// weight becomes the output (the fallback casts it to float16 when the weight is float16).
    /// </summary>
    private static void RunMp<TF>(KernelContext c, TF f, int weight32) where TF : struct, IFactory
    {
        if (c.Inputs[0].DType != DType.Float32)
            throw new ArgumentException($"{c.Op.Name}: weight must be float16 or float32, got {c.Inputs[0].DType.Name()}");
        float* w32 = (float*)c.Inputs[weight32].DataPointer;
        f.Run(c, w32, w32);
        new Span<float>(w32, c.Outputs[0].Size).CopyTo(c.Outputs[0].Span<float>());
    }

    private static T* Ptr<T>(NDArray a) where T : unmanaged => (T*)a.DataPointer;
    private static T C<T>(double v) where T : IFloatingPointIeee754<T> => T.CreateTruncating(v);

    /// <summary>The rescaled, optionally clipped gradient: clip(rs·g) when clip ≥ 0, else rs·g.</summary>
    private struct GradTerm<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* G;
        public T Rs, Clip;
        public bool DoClip;

        public GradTerm(NDArray g, UpdateParam p)
        {
            G = Ptr<T>(g);
            Rs = C<T>(p.RescaleGrad);
            Clip = C<T>(p.ClipGradient);
            DoClip = p.ClipGradient >= 0;
        }

        public readonly V Get<V>(int i) where V : struct, ISimd<V, T>
        {
            var g = V.Splat(Rs) * V.Load(G + i);
            return DoClip ? Simd.Clip<V, T>(g, V.Splat(Clip), V.Splat(-Clip)) : g;
        }

        /// <summary>clip(rs·g + wd·w) (the Adam/RMSProp/FTML order: decay first, then clip).</summary>
        public readonly V WithDecay<V>(int i, V w, T wd) where V : struct, ISimd<V, T>
        {
            var g = V.Splat(Rs) * V.Load(G + i) + V.Splat(wd) * w;
            return DoClip ? Simd.Clip<V, T>(g, V.Splat(Clip), V.Splat(-Clip)) : g;
        }
    }

    // ---- SGD family ------------------------------------------------------------------------

    private struct SgdKernel<T> : IFusedKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* W, O;
        public GradTerm<T> G;
        public T Decay, Lr, LrRs;

        public readonly void Apply<V>(int i) where V : struct, ISimd<V, T>
        {
            var w = V.Load(W + i);
            // Without clipping MXNet multiplies lr·rescale_grad first, then the gradient.
            var step = G.DoClip ? V.Splat(Lr) * G.Get<V>(i) : V.Splat(LrRs) * V.Load(G.G + i);
            (V.Splat(Decay) * w - step).Store(O + i);
        }
    }

    private readonly struct SgdFactory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var p = c.P<UpdateParam>();
            T lr = C<T>(p.Lr), wd = C<T>(p.Wd), rs = C<T>(p.RescaleGrad);
            FusedDriver.Run<T, SgdKernel<T>>(new() { W = w, O = o, G = new(c.Inputs[1], p), Decay = T.One - lr * wd, Lr = lr, LrRs = lr * rs }, c.Outputs[0].Size);
        }
    }

    private struct SgdMomKernel<T> : IFusedKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* W, O, Mom;
        public GradTerm<T> G;
        public T Momentum, LrWd, Lr, LrRs;

        public readonly void Apply<V>(int i) where V : struct, ISimd<V, T>
        {
            var w = V.Load(W + i);
            var step = G.DoClip ? V.Splat(Lr) * G.Get<V>(i) : V.Splat(LrRs) * V.Load(G.G + i);
            var m = V.Splat(Momentum) * V.Load(Mom + i) - V.Splat(LrWd) * w - step;
            m.Store(Mom + i);
            (w + m).Store(O + i);
        }
    }

    private readonly struct SgdMomFactory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var p = c.P<UpdateParam>();
            T lr = C<T>(p.Lr), wd = C<T>(p.Wd), rs = C<T>(p.RescaleGrad);
            FusedDriver.Run<T, SgdMomKernel<T>>(new()
            {
                W = w, O = o, Mom = Ptr<T>(c.Inputs[2]), G = new(c.Inputs[1], p),
                Momentum = C<T>(p.Momentum), LrWd = lr * wd, Lr = lr, LrRs = lr * rs,
            }, c.Outputs[0].Size);
        }
    }

    private struct NagKernel<T> : IFusedKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* W, O, Mom;
        public GradTerm<T> G;
        public T Momentum, Lr, Wd;

        public readonly void Apply<V>(int i) where V : struct, ISimd<V, T>
        {
            var w = V.Load(W + i);
            var g = G.Get<V>(i) + V.Splat(Wd) * w;
            var m = V.Splat(Momentum) * V.Load(Mom + i) - V.Splat(Lr) * g;
            m.Store(Mom + i);
            (w + V.Splat(Momentum) * m - V.Splat(Lr) * g).Store(O + i);
        }
    }

    private readonly struct NagFactory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var p = c.P<UpdateParam>();
            FusedDriver.Run<T, NagKernel<T>>(new()
            {
                W = w, O = o, Mom = Ptr<T>(c.Inputs[2]), G = new(c.Inputs[1], p),
                Momentum = C<T>(p.Momentum), Lr = C<T>(p.Lr), Wd = C<T>(p.Wd),
            }, c.Outputs[0].Size);
        }
    }

    // ---- adaptive rules --------------------------------------------------------------------

    private struct AdamKernel<T> : IFusedKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* W, O, Mean, Var;
        public GradTerm<T> G;
        public T Wd, B1, B2, Lr, Eps;

        public readonly void Apply<V>(int i) where V : struct, ISimd<V, T>
        {
            var w = V.Load(W + i);
            var g = G.WithDecay(i, w, Wd);
            var m = V.Splat(B1) * V.Load(Mean + i) + V.Splat(T.One - B1) * g;
            var v = V.Splat(B2) * V.Load(Var + i) + V.Splat(T.One - B2) * (g * g);
            m.Store(Mean + i);
            v.Store(Var + i);
            (w - V.Splat(Lr) * m / (V.Sqrt(v) + V.Splat(Eps))).Store(O + i);
        }
    }

    private readonly struct AdamFactory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var p = c.P<UpdateParam>();
            FusedDriver.Run<T, AdamKernel<T>>(new()
            {
                W = w, O = o, Mean = Ptr<T>(c.Inputs[2]), Var = Ptr<T>(c.Inputs[3]), G = new(c.Inputs[1], p),
                Wd = C<T>(p.Wd), B1 = C<T>(p.Beta1), B2 = C<T>(p.Beta2), Lr = C<T>(p.Lr), Eps = C<T>(p.Epsilon),
            }, c.Outputs[0].Size);
        }
    }

    private struct RmspropKernel<T> : IFusedKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* W, O, N, Gs, Delta;
        public GradTerm<T> G;
        public T Wd, G1, G2, Lr, Eps, ClipW;
        public bool Centered, DoClipW;

        public readonly void Apply<V>(int i) where V : struct, ISimd<V, T>
        {
            var w = V.Load(W + i);
            var g = G.WithDecay(i, w, Wd);
            var n = V.Splat(T.One - G1) * (g * g) + V.Splat(G1) * V.Load(N + i);
            n.Store(N + i);
            V nw;
            if (Centered)
            {
                var gs = V.Splat(T.One - G1) * g + V.Splat(G1) * V.Load(Gs + i);
                var d = V.Splat(G2) * V.Load(Delta + i) - V.Splat(Lr) * (g / V.Sqrt(n - gs * gs + V.Splat(Eps)));
                gs.Store(Gs + i);
                d.Store(Delta + i);
                nw = w + d;
            }
            else nw = w - V.Splat(Lr) * (g / V.Sqrt(n + V.Splat(Eps)));
            if (DoClipW) nw = Simd.Clip<V, T>(nw, V.Splat(ClipW), V.Splat(-ClipW));
            nw.Store(O + i);
        }
    }

    private readonly struct RmspropFactory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T> => RunRmsprop(c, w, o, centered: false);
    }

    private readonly struct RmspropAlexFactory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T> => RunRmsprop(c, w, o, centered: true);
    }

    private static void RunRmsprop<T>(KernelContext c, T* w, T* o, bool centered) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<UpdateParam>();
        FusedDriver.Run<T, RmspropKernel<T>>(new()
        {
            W = w, O = o, N = Ptr<T>(c.Inputs[2]), Gs = centered ? Ptr<T>(c.Inputs[3]) : null, Delta = centered ? Ptr<T>(c.Inputs[4]) : null,
            G = new(c.Inputs[1], p), Wd = C<T>(p.Wd), G1 = C<T>(p.Gamma1), G2 = C<T>(p.Gamma2), Lr = C<T>(p.Lr), Eps = C<T>(p.Epsilon),
            ClipW = C<T>(p.ClipWeights), DoClipW = p.ClipWeights >= 0, Centered = centered,
        }, c.Outputs[0].Size);
    }

    private struct FtrlKernel<T> : IFusedKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* W, O, Z, N;
        public GradTerm<T> G;
        public T Lr, L1, Beta, Wd;

        public readonly void Apply<V>(int i) where V : struct, ISimd<V, T>
        {
            var w = V.Load(W + i);
            var g = G.Get<V>(i);
            var n0 = V.Load(N + i);
            var g2 = g * g;
            var z = V.Load(Z + i) + g - (V.Sqrt(n0 + g2) - V.Sqrt(n0)) * w / V.Splat(Lr);
            var n = n0 + g2;
            z.Store(Z + i);
            n.Store(N + i);
            var zero = V.Splat(T.Zero);
            var l1 = V.Splat(L1);
            var sign = Simd.Sign<V, T>(z, zero, V.Splat(T.One), V.Splat(-T.One));
            var nw = (sign * l1 - z) / ((V.Splat(Beta) + V.Sqrt(n)) / V.Splat(Lr) + V.Splat(Wd));
            V.SelectGreater(V.Abs(z), l1, nw, zero).Store(O + i);
        }
    }

    private readonly struct FtrlFactory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var p = c.P<UpdateParam>();
            FusedDriver.Run<T, FtrlKernel<T>>(new()
            {
                W = w, O = o, Z = Ptr<T>(c.Inputs[2]), N = Ptr<T>(c.Inputs[3]), G = new(c.Inputs[1], p),
                Lr = C<T>(p.Lr), L1 = C<T>(p.Lamda1), Beta = C<T>(p.Beta), Wd = C<T>(p.Wd),
            }, c.Outputs[0].Size);
        }
    }

    private struct FtmlKernel<T> : IFusedKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* W, O, D, Vv, Z;
        public GradTerm<T> G;
        public T Wd, B1, B2, Coef1OverLr, Coef2, Eps;

        public readonly void Apply<V>(int i) where V : struct, ISimd<V, T>
        {
            var w = V.Load(W + i);
            var g = G.WithDecay(i, w, Wd);
            var v = V.Splat(B2) * V.Load(Vv + i) + V.Splat(T.One - B2) * (g * g);
            var dt = V.Splat(Coef1OverLr) * (V.Sqrt(v / V.Splat(Coef2)) + V.Splat(Eps));
            var z = V.Splat(B1) * V.Load(Z + i) + V.Splat(T.One - B1) * g - (dt - V.Splat(B1) * V.Load(D + i)) * w;
            v.Store(Vv + i);
            z.Store(Z + i);
            dt.Store(D + i);
            (V.Splat(T.Zero) - z / dt).Store(O + i);
        }
    }

    private readonly struct FtmlFactory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var p = c.P<UpdateParam>();
            T b1 = C<T>(p.Beta1), b2 = C<T>(p.Beta2), t = C<T>(p.T);
            FusedDriver.Run<T, FtmlKernel<T>>(new()
            {
                W = w, O = o, D = Ptr<T>(c.Inputs[2]), Vv = Ptr<T>(c.Inputs[3]), Z = Ptr<T>(c.Inputs[4]), G = new(c.Inputs[1], p),
                Wd = C<T>(p.Wd), B1 = b1, B2 = b2, Eps = C<T>(p.Epsilon),
                Coef1OverLr = (T.One - T.Pow(b1, t)) / C<T>(p.Lr), Coef2 = T.One - T.Pow(b2, t),
            }, c.Outputs[0].Size);
        }
    }

    // ---- sign-based rules ------------------------------------------------------------------

    private struct SignKernel<T> : IFusedKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* W, O, Mom;
        public GradTerm<T> G;
        public T Decay, Lr, Momentum, Wd;

        public readonly void Apply<V>(int i) where V : struct, ISimd<V, T>
        {
            var w = V.Load(W + i);
            var zero = V.Splat(T.Zero);
            var one = V.Splat(T.One);
            var minusOne = V.Splat(-T.One);
            if (Mom == null)
            {
                (V.Splat(Decay) * w - V.Splat(Lr) * Simd.Sign<V, T>(G.Get<V>(i), zero, one, minusOne)).Store(O + i);
                return;
            }
            var k = V.Splat(T.One - Momentum);
            var m = V.Splat(Momentum) * V.Load(Mom + i) - k * V.Splat(Wd) * w - k * G.Get<V>(i);
            m.Store(Mom + i);
            (V.Splat(Decay) * w + V.Splat(Lr) * Simd.Sign<V, T>(m, zero, one, minusOne)).Store(O + i);
        }
    }

    private readonly struct SignsgdFactory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var p = c.P<UpdateParam>();
            T lr = C<T>(p.Lr);
            FusedDriver.Run<T, SignKernel<T>>(new() { W = w, O = o, G = new(c.Inputs[1], p), Lr = lr, Decay = T.One - lr * C<T>(p.Wd) }, c.Outputs[0].Size);
        }
    }

    private readonly struct SignumFactory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var p = c.P<UpdateParam>();
            T lr = C<T>(p.Lr);
            FusedDriver.Run<T, SignKernel<T>>(new()
            {
                W = w, O = o, Mom = Ptr<T>(c.Inputs[2]), G = new(c.Inputs[1], p), Lr = lr,
                Decay = T.One - lr * C<T>(p.WdLh), Momentum = C<T>(p.Momentum), Wd = C<T>(p.Wd),
            }, c.Outputs[0].Size);
        }
    }

    // ---- LAMB ------------------------------------------------------------------------------

    private struct Lamb1Kernel<T> : IFusedKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* W, O, Mean, Var;
        public GradTerm<T> G;
        public T Wd, B1, B2, Eps, Corr1, Corr2;
        public bool BiasCorrection;

        public readonly void Apply<V>(int i) where V : struct, ISimd<V, T>
        {
            var w = V.Load(W + i);
            var g = G.Get<V>(i);
            var m = V.Splat(B1) * V.Load(Mean + i) + V.Splat(T.One - B1) * g;
            var v = V.Splat(B2) * V.Load(Var + i) + V.Splat(T.One - B2) * (g * g);
            m.Store(Mean + i);
            v.Store(Var + i);
            if (BiasCorrection)
            {
                m /= V.Splat(Corr1);
                v /= V.Splat(Corr2);
            }
            (m / (V.Sqrt(v) + V.Splat(Eps)) + V.Splat(Wd) * w).Store(O + i);
        }
    }

    private readonly struct Lamb1Factory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var p = c.P<UpdateParam>();
            T b1 = C<T>(p.Beta1), b2 = C<T>(p.Beta2), t = C<T>(p.T);
            FusedDriver.Run<T, Lamb1Kernel<T>>(new()
            {
                W = w, O = o, Mean = Ptr<T>(c.Inputs[2]), Var = Ptr<T>(c.Inputs[3]), G = new(c.Inputs[1], p),
                Wd = C<T>(p.Wd), B1 = b1, B2 = b2, Eps = C<T>(p.Epsilon), BiasCorrection = p.BiasCorrection,
                Corr1 = T.One - T.Pow(b1, t), Corr2 = T.One - T.Pow(b2, t),
            }, c.Outputs[0].Size);
        }
    }

    private struct AxpyKernel<T> : IFusedKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* W, O, X;
        public T Scale;

        public readonly void Apply<V>(int i) where V : struct, ISimd<V, T> =>
            (V.Load(W + i) - V.Splat(Scale) * V.Load(X + i)).Store(O + i);
    }

    private readonly struct Lamb2Factory : IFactory
    {
        public void Run<T>(KernelContext c, T* w, T* o) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var p = c.P<UpdateParam>();
            T r1 = *Ptr<T>(c.Inputs[2]), r2 = *Ptr<T>(c.Inputs[3]);
            if (p.LowerBound >= 0) r1 = T.Max(r1, C<T>(p.LowerBound));
            if (p.UpperBound >= 0) r1 = T.Min(r1, C<T>(p.UpperBound));
            T ratio = r1 == T.Zero || r2 == T.Zero ? T.One : r1 / r2;
            FusedDriver.Run<T, AxpyKernel<T>>(new() { W = w, O = o, X = Ptr<T>(c.Inputs[1]), Scale = C<T>(p.Lr) * ratio }, c.Outputs[0].Size);
        }
    }
}
