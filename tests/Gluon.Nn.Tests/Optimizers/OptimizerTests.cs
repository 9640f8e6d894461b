using Gluon.Optimizers;
using Gluon.Tests.Initialization;

namespace Gluon.Tests.Optimizers;

/// <summary>
/// Two updates of every optimizer through an <see cref="Updater"/>, against its MXNet rule
/// computed here in double (float64 weights), with rescale_grad, wd and clip_gradient set.
/// </summary>
// Seeds the process-wide generator and expects its sequence (SGLD's noise): runs alone.
[Collection(GlobalRandomCollection.Name)]
public class OptimizerTests
{
    private const int N = 7;
    private const double Rs = 0.5, Wd = 0.03, Clip = 0.4;
    private static readonly double[] s_w0 = Check.Rand(N, 1);
    private static readonly double[][] s_g = [Check.Rand(N, 2, -2, 2), Check.Rand(N, 3, -2, 2)];

    private static double Cl(double x) => Math.Clamp(x, -Clip, Clip);
    private static double Sign(double x) => x > 0 ? 1 : x < 0 ? -1 : 0;

    /// <summary>Runs two updates of index 0 and returns the weight after each.</summary>
    private static double[][] Run(Optimizer opt, DType dtype = DType.Float64)
    {
        var up = new Updater(opt);
        var w = Nd.Array<double>(s_w0, new Shape(N)).AsType(dtype);
        var result = new double[2][];
        for (int t = 0; t < 2; t++)
        {
            up.Call(0, Nd.Array<double>(s_g[t], new Shape(N)).AsType(dtype), w);
            result[t] = w.ToArray<double>();
        }
        return result;
    }

    /// <summary>Applies an elementwise reference rule with per-element state for two steps.</summary>
    private static double[][] Ref(int states, Func<int, double, double, double[], double> rule)
    {
        var w = (double[])s_w0.Clone();
        var s = Enumerable.Range(0, N).Select(_ => new double[states]).ToArray();
        var r = new double[2][];
        for (int t = 1; t <= 2; t++)
        {
            for (int i = 0; i < N; i++) w[i] = rule(t, w[i], s_g[t - 1][i], s[i]);
            r[t - 1] = (double[])w.Clone();
        }
        return r;
    }

    private static void Same(double[][] expected, double[][] actual, double tol = 1e-10)
    {
        for (int t = 0; t < expected.Length; t++) Check.Close(expected[t], actual[t], tol, tol, $"step {t + 1}");
    }

    [Fact]
    public void SgdWithoutMomentum()
    {
        double lr = 0.2;
        Same(Ref(0, (t, w, g, s) => (1 - lr * Wd) * w - lr * Cl(Rs * g)),
            Run(new Sgd(learningRate: lr, wd: Wd, rescaleGrad: Rs, clipGradient: Clip)));
    }

    [Fact]
    public void SgdWithMomentum()
    {
        double lr = 0.2, mu = 0.9;
        Same(Ref(1, (t, w, g, s) => { s[0] = mu * s[0] - lr * Wd * w - lr * Cl(Rs * g); return w + s[0]; }),
            Run(new Sgd(momentum: mu, learningRate: lr, wd: Wd, rescaleGrad: Rs, clipGradient: Clip)));
    }

    [Fact]
    public void CcSgdIsSgd()
    {
        Same(Run(new Sgd(momentum: 0.5, learningRate: 0.1, wd: Wd, rescaleGrad: Rs)),
            Run(new CcSgd(momentum: 0.5, learningRate: 0.1, wd: Wd, rescaleGrad: Rs)), 0);
    }

    [Fact]
    public void NagWithMomentum()
    {
        double lr = 0.2, mu = 0.8;
        Same(Ref(1, (t, w, g, s) =>
        {
            double gp = Cl(Rs * g) + Wd * w;
            s[0] = mu * s[0] - lr * gp;
            return w + mu * s[0] - lr * gp;
        }), Run(new Nag(momentum: mu, learningRate: lr, wd: Wd, rescaleGrad: Rs, clipGradient: Clip)));
    }

    [Fact]
    public void AdamWithBiasCorrectedRate()
    {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        Same(Ref(2, (t, w, g, s) =>
        {
            double lrt = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
            double gp = Cl(Rs * g + Wd * w);
            s[0] = b1 * s[0] + (1 - b1) * gp;
            s[1] = b2 * s[1] + (1 - b2) * gp * gp;
            return w - lrt * s[0] / (Math.Sqrt(s[1]) + eps);
        }), Run(new Adam(learningRate: lr, wd: Wd, rescaleGrad: Rs, clipGradient: Clip)), 1e-9);
    }

    [Fact]
    public void AdaGrad()
    {
        double lr = 0.1, eps = 1e-7;
        Same(Ref(1, (t, w, g, s) =>
        {
            double gp = Cl(Rs * g);
            s[0] += gp * gp;
            return w - lr * (gp / Math.Sqrt(s[0] + eps) + Wd * w);
        }), Run(new AdaGrad(learningRate: lr, wd: Wd, rescaleGrad: Rs, clipGradient: Clip)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RmsProp(bool centered)
    {
        double lr = 0.01, g1 = 0.9, g2 = 0.9, eps = 1e-8, cw = 0.6;
        Same(Ref(3, (t, w, g, s) =>
        {
            double gp = Cl(Rs * g + Wd * w);
            s[0] = (1 - g1) * gp * gp + g1 * s[0];
            double nw;
            if (centered)
            {
                s[1] = (1 - g1) * gp + g1 * s[1];
                s[2] = g2 * s[2] - lr * gp / Math.Sqrt(s[0] - s[1] * s[1] + eps);
                nw = w + s[2];
            }
            else nw = w - lr * gp / Math.Sqrt(s[0] + eps);
            return Math.Clamp(nw, -cw, cw);
        }), Run(new RmsProp(centered: centered, clipWeights: cw, learningRate: lr, wd: Wd, rescaleGrad: Rs, clipGradient: Clip)), 1e-9);
    }

    [Fact]
    public void AdaDelta()
    {
        double rho = 0.9, eps = 1e-5;
        Same(Ref(2, (t, w, g, s) =>
        {
            double gp = Cl(Rs * g);
            s[0] = rho * s[0] + (1 - rho) * gp * gp;
            double d = Math.Sqrt(s[1] + eps) / Math.Sqrt(s[0] + eps) * gp;
            s[1] = rho * s[1] + (1 - rho) * d * d;
            return w - (d + Wd * w);
        }), Run(new AdaDelta(wd: Wd, rescaleGrad: Rs, clipGradient: Clip)));
    }

    [Fact]
    public void Ftrl()
    {
        double lr = 0.1, l1 = 0.01, beta = 1;
        Same(Ref(2, (t, w, g, s) =>
        {
            double gp = Cl(Rs * g);
            s[0] += gp - (Math.Sqrt(s[1] + gp * gp) - Math.Sqrt(s[1])) * w / lr;
            s[1] += gp * gp;
            return Math.Abs(s[0]) > l1 ? (Sign(s[0]) * l1 - s[0]) / ((beta + Math.Sqrt(s[1])) / lr + Wd) : 0;
        }), Run(new Ftrl(wd: Wd, rescaleGrad: Rs, clipGradient: Clip)));
    }

    [Fact]
    public void Ftml()
    {
        double lr = 0.05, b1 = 0.6, b2 = 0.999, eps = 1e-8;
        Same(Ref(3, (t, w, g, s) =>
        {
            double gp = Cl(Rs * g + Wd * w);
            s[1] = b2 * s[1] + (1 - b2) * gp * gp;
            double dt = (1 - Math.Pow(b1, t)) / lr * (Math.Sqrt(s[1] / (1 - Math.Pow(b2, t))) + eps);
            s[2] = b1 * s[2] + (1 - b1) * gp - (dt - b1 * s[0]) * w;
            s[0] = dt;
            return -s[2] / dt;
        }), Run(new Ftml(learningRate: lr, wd: Wd, rescaleGrad: Rs, clipGradient: Clip)), 1e-9);
    }

    [Fact]
    public void Adamax()
    {
        double lr = 0.002, b1 = 0.9, b2 = 0.999;
        Same(Ref(2, (t, w, g, s) =>
        {
            double lrt = lr / (1 - Math.Pow(b1, t));
            double gp = Cl(Rs * g + Wd * w);
            s[0] = b1 * s[0] + (1 - b1) * gp;
            s[1] = Math.Max(b2 * s[1], Math.Abs(gp));
            return w - lrt * s[0] / s[1];
        }), Run(new Adamax(wd: Wd, rescaleGrad: Rs, clipGradient: Clip)));
    }

    [Fact]
    public void NadamWithGlobalSchedule()
    {
        double lr = 0.001, b1 = 0.9, b2 = 0.999, eps = 1e-8, sd = 0.004;
        // m_schedule is optimizer-wide: with one index it advances once per step.
        double[] sched = new double[3];
        sched[0] = 1;
        for (int t = 1; t <= 2; t++) sched[t] = sched[t - 1] * b1 * (1 - 0.5 * Math.Pow(0.96, t * sd));
        Same(Ref(2, (t, w, g, s) =>
        {
            double gp = Cl(Rs * g + Wd * w);
            double mt = b1 * (1 - 0.5 * Math.Pow(0.96, t * sd)), mt1 = b1 * (1 - 0.5 * Math.Pow(0.96, (t + 1) * sd));
            s[0] = b1 * s[0] + (1 - b1) * gp;
            s[1] = b2 * s[1] + (1 - b2) * gp * gp;
            double gh = gp / (1 - sched[t]), mh = s[0] / (1 - sched[t] * mt1), vh = s[1] / (1 - Math.Pow(b2, t));
            double mbar = (1 - mt) * gh + mt1 * mh;
            return w - lr * mbar / (Math.Sqrt(vh) + eps);
        }), Run(new Nadam(wd: Wd, rescaleGrad: Rs, clipGradient: Clip)), 1e-9);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.0)]
    public void Signum(double mu)
    {
        double lr = 0.01, wdLh = 0.02;
        Same(Ref(1, (t, w, g, s) =>
        {
            if (mu == 0) return (1 - lr * Wd) * w - lr * Sign(Cl(Rs * g));
            s[0] = mu * s[0] - (1 - mu) * (Wd * w + Cl(Rs * g));
            return (1 - lr * wdLh) * w + lr * Sign(s[0]);
        }), Run(new Signum(momentum: mu, wdLh: wdLh, wd: Wd, rescaleGrad: Rs, clipGradient: Clip)));
    }

    [Fact]
    public void SgldAddsSeededGaussianNoise()
    {
        double lr = 0.04;
        Nd.Random.Seed(123);
        var got = Run(new Sgld(learningRate: lr, wd: Wd, rescaleGrad: Rs, clipGradient: Clip));
        Nd.Random.Seed(123);
        var noise = new[] { Nd.Random.Normal(0, Math.Sqrt(lr), new Shape(N), DType.Float64).ToArray<double>(), Nd.Random.Normal(0, Math.Sqrt(lr), new Shape(N), DType.Float64).ToArray<double>() };
        var w = (double[])s_w0.Clone();
        for (int t = 0; t < 2; t++)
        {
            for (int i = 0; i < N; i++) w[i] = w[i] - lr / 2 * (Cl(Rs * s_g[t][i]) + Wd * w[i]) + noise[t][i];
            Check.Close(w, got[t], 1e-10, 1e-10, $"step {t + 1}");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    public void DcaSgd(double mu)
    {
        double lr = 0.1, lamda = 0.04;
        Same(Ref(2, (t, w, g, s) =>
        {
            if (t == 1) s[1] = w;
            double gp = Cl(Rs * g);
            double step = -lr * (gp + Wd * w + lamda * gp * gp * (w - s[1]));
            s[0] = mu * s[0] + step;
            s[1] = w;
            return w + (mu == 0 ? step : s[0]);
        }), Run(new DcaSgd(momentum: mu, lamda: lamda, learningRate: lr, wd: Wd, rescaleGrad: Rs, clipGradient: Clip)));
    }

    [Theory]
    [InlineData(true, null, null)]
    [InlineData(false, null, null)]
    [InlineData(true, 0.01, 0.5)]
    public void LambTrustRatio(bool biasCorrection, double? lower, double? upper)
    {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-6;
        var w = (double[])s_w0.Clone();
        var m = new double[N];
        var v = new double[N];
        var expected = new double[2][];
        for (int t = 1; t <= 2; t++)
        {
            var r = new double[N];
            for (int i = 0; i < N; i++)
            {
                double gp = Cl(Rs * s_g[t - 1][i]);
                m[i] = b1 * m[i] + (1 - b1) * gp;
                v[i] = b2 * v[i] + (1 - b2) * gp * gp;
                double mh = biasCorrection ? m[i] / (1 - Math.Pow(b1, t)) : m[i], vh = biasCorrection ? v[i] / (1 - Math.Pow(b2, t)) : v[i];
                r[i] = mh / (Math.Sqrt(vh) + eps) + Wd * w[i];
            }
            double r1 = Math.Sqrt(w.Sum(x => x * x)), r2 = Math.Sqrt(r.Sum(x => x * x));
            if (lower is { } lo) r1 = Math.Max(r1, lo);
            if (upper is { } up) r1 = Math.Min(r1, up);
            double ratio = r1 > 0 && r2 > 0 ? r1 / r2 : 1;
            for (int i = 0; i < N; i++) w[i] -= lr * ratio * r[i];
            expected[t - 1] = (double[])w.Clone();
        }
        Same(expected, Run(new Lamb(lowerBound: lower, upperBound: upper, biasCorrection: biasCorrection, learningRate: lr, wd: Wd, rescaleGrad: Rs, clipGradient: Clip)), 1e-9);
    }

    [Fact]
    public void LarsScalesRateByTrustRatioAndCorrectsMomentum()
    {
        double lr = 0.5, mu = 0.9, eta = 0.01, eps = 1e-9;
        var sched = new FactorScheduler(step: 1, factor: 0.5, baseLr: lr);
        var got = Run(new Lars(momentum: mu, eta: eta, eps: eps, learningRate: lr, lrScheduler: sched, wd: Wd, rescaleGrad: Rs, clipGradient: Clip), DType.Float32);
        var w = s_w0.Select(x => (double)(float)x).ToArray();
        var mom = new double[N];
        double? last = null;
        for (int t = 1; t <= 2; t++)
        {
            double baseLr = lr * Math.Pow(0.5, t - 1); // FactorScheduler(step 1): halves after update 1
            double prev = last ?? baseLr;
            last = baseLr;
            var g = s_g[t - 1].Select(x => (double)(float)x).ToArray();
            double wn = Math.Sqrt(w.Sum(x => x * x)), gn = Math.Sqrt(g.Sum(x => x * x)) * Rs;
            double lrI = baseLr * eta * wn / (gn + Wd * wn + eps);
            double muT = mu * baseLr / prev;
            for (int i = 0; i < N; i++)
            {
                mom[i] = muT * mom[i] - lrI * Wd * w[i] - lrI * Cl(Rs * g[i]);
                w[i] += mom[i];
            }
            Check.Close(w, got[t - 1], 1e-5, 1e-6, $"step {t}");
        }
    }

    [Fact]
    public void TestOptimizerAddsGradAndMirrorsWeightInState()
    {
        var up = new Updater(new TestOptimizer(rescaleGrad: 2));
        var w = Nd.Array(new double[] { 1, 2 });
        up.Call(3, Nd.Array(new double[] { 0.5, -1 }), w);
        Check.Close(w, [2, 0]);
        Check.Close((NDArray)up.States[3]!, [2, 0]);
    }

    [Fact]
    public void MultiPrecisionSgdKeepsFloat32MasterCopy()
    {
        var opt = new Sgd(momentum: 0.9, learningRate: 0.1, multiPrecision: true);
        var up = new Updater(opt);
        var w = Nd.Array(new float[] { 1, 2, 3 }).AsType(DType.Float16);
        var g = Nd.Array(new float[] { 1e-3f, 1e-3f, 1e-3f }).AsType(DType.Float16);
        for (int i = 0; i < 3; i++) up.Call(0, g, w);
        var s = (object?[])up.States[0]!;
        var master = (NDArray)s[1]!;
        Assert.Equal(DType.Float32, master.DType);
        Assert.Equal(DType.Float32, ((NDArray)s[0]!).DType);
        // Reference in double: the tiny steps accumulate in the master copy though float16 cannot hold them.
        double gq = (double)(Half)1e-3f, m = 0;
        var exp = new[] { 1.0, 2.0, 3.0 };
        for (int t = 0; t < 3; t++) { m = 0.9 * m - 0.1 * gq; for (int i = 0; i < 3; i++) exp[i] += m; }
        Check.Close(master, exp, 1e-6, 1e-6, "master");
        Check.Close(exp.Select(x => (double)(Half)(float)x).ToArray(), w.ToArray<double>(), 0, 0, "float16 weight");
    }

    [Fact]
    public void MultiPrecisionGenericWrapperForAdam()
    {
        var up = new Updater(new Adam(learningRate: 0.1, multiPrecision: true));
        var w = Nd.Array(new float[] { 1, -1 }).AsType(DType.Float16);
        up.Call(0, Nd.Array(new float[] { 0.5f, 0.25f }).AsType(DType.Float16), w);
        var s = (object?[])up.States[0]!;
        var master = (NDArray)s[0]!;
        Assert.Equal(DType.Float32, master.DType);
        // First Adam step moves each weight by lr·sign(g) (up to ε).
        Check.Close(master, [0.9, -1.1], 1e-5, 1e-6);
        Check.Close(w, [(double)(Half)0.9f, (double)(Half)(-1.1f)], 0, 0);
    }

    [Fact]
    public void RescaleWdAndClipAreReadAtUpdateTime()
    {
        var opt = new Sgd(learningRate: 1.0);
        var up = new Updater(opt);
        var w = Nd.Array(new double[] { 1.0 });
        opt.RescaleGrad = 0.5;
        opt.Wd = 0.1;
        opt.ClipGradient = 0.2;
        up.Call(0, Nd.Array(new double[] { 2.0 }), w);
        // (1 − lr·wd)·w − lr·clip(0.5·2) = 0.9 − 0.2
        Check.Close(w, [0.7], 1e-12, 1e-12);
    }

    [Fact]
    public void ClipGradientZeroMeansNoClipInFusedRules()
    {
        // Python's `if self.clip_gradient:` treats 0 as unset for the fused ops.
        var w = Nd.Array(new double[] { 1.0 });
        new Updater(new Sgd(learningRate: 1.0, clipGradient: 0)).Call(0, Nd.Array(new double[] { 0.5 }), w);
        Check.Close(w, [0.5], 1e-12, 1e-12);
    }
}
