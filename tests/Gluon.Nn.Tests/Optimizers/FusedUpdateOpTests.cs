namespace Gluon.Tests.Optimizers;

/// <summary>
/// The fused optimizer update ops against per-element references written here in double: new
/// weight and every mutated state, float32 and float64, sizes covering every vector remainder
/// and the multi-core path, with and without gradient clipping.
/// </summary>
public class FusedUpdateOpTests
{
    private const double Lr = 0.1, Wd = 0.01, Rs = 0.7, Mom = 0.9, Clip = 0.3;

    private static double Cl(double x, double c) => c < 0 ? x : x > c ? c : x < -c ? -c : x;
    private static double Sign(double x) => x > 0 ? 1 : x < 0 ? -1 : 0;

    /// <summary>One op case: how many states, which are non-negative, the call, and the element reference (w, g, states) → (w', states').</summary>
    private sealed record Case(int States, bool[] Positive, Action<NDArray, NDArray, NDArray[], double> Run, Func<double[], double, double[]> Ref);

    private static readonly Dictionary<string, Case> s_cases = new()
    {
        ["sgd_update"] = new(0, [], (w, g, s, c) => Nd.SgdUpdate(w, g, Lr, Wd, Rs, c, @out: w),
            (v, c) => [(1 - Lr * Wd) * v[0] - Lr * Cl(Rs * v[1], c)]),
        ["sgd_mom_update"] = new(1, [false], (w, g, s, c) => Nd.SgdMomUpdate(w, g, s[0], Lr, Mom, Wd, Rs, c, @out: w),
            (v, c) => { double m = Mom * v[2] - Lr * Wd * v[0] - Lr * Cl(Rs * v[1], c); return [v[0] + m, m]; }),
        ["nag_mom_update"] = new(1, [false], (w, g, s, c) => Nd.NagMomUpdate(w, g, s[0], Lr, Mom, Wd, Rs, c, @out: w),
            (v, c) => { double gp = Cl(Rs * v[1], c) + Wd * v[0]; double m = Mom * v[2] - Lr * gp; return [v[0] + Mom * m - Lr * gp, m]; }),
        ["adam_update"] = new(2, [false, true], (w, g, s, c) => Nd.AdamUpdate(w, g, s[0], s[1], Lr, 0.9, 0.99, 1e-3, Wd, Rs, c, @out: w),
            (v, c) =>
            {
                double gp = Cl(Rs * v[1] + Wd * v[0], c), m = 0.9 * v[2] + 0.1 * gp, vv = 0.99 * v[3] + 0.01 * gp * gp;
                return [v[0] - Lr * m / (Math.Sqrt(vv) + 1e-3), m, vv];
            }),
        ["rmsprop_update"] = new(1, [true], (w, g, s, c) => Nd.RmspropUpdate(w, g, s[0], Lr, 0.95, 1e-3, Wd, Rs, c, clipWeights: 0.8, @out: w),
            (v, c) =>
            {
                double gp = Cl(Rs * v[1] + Wd * v[0], c), n = 0.05 * gp * gp + 0.95 * v[2];
                return [Cl(v[0] - Lr * gp / Math.Sqrt(n + 1e-3), 0.8), n];
            }),
        ["rmspropalex_update"] = new(3, [true, false, false], (w, g, s, c) => Nd.RmspropAlexUpdate(w, g, s[0], s[1], s[2], Lr, 0.95, 0.9, 1.0, Wd, Rs, c, @out: w),
            (v, c) =>
            {
                double gp = Cl(Rs * v[1] + Wd * v[0], c), n = 0.05 * gp * gp + 0.95 * v[2], gs = 0.05 * gp + 0.95 * v[3];
                double d = 0.9 * v[4] - Lr * gp / Math.Sqrt(n - gs * gs + 1.0);
                return [v[0] + d, n, gs, d];
            }),
        ["ftrl_update"] = new(2, [false, true], (w, g, s, c) => Nd.FtrlUpdate(w, g, s[0], s[1], Lr, 0.2, 1.5, Wd, Rs, c, @out: w),
            (v, c) =>
            {
                double gp = Cl(Rs * v[1], c), z = v[2] + gp - (Math.Sqrt(v[3] + gp * gp) - Math.Sqrt(v[3])) * v[0] / Lr, n = v[3] + gp * gp;
                double w = Math.Abs(z) > 0.2 ? (Sign(z) * 0.2 - z) / ((1.5 + Math.Sqrt(n)) / Lr + Wd) : 0;
                return [w, z, n];
            }),
        ["ftml_update"] = new(3, [true, true, false], (w, g, s, c) => Nd.FtmlUpdate(w, g, s[0], s[1], s[2], Lr, 3, 0.6, 0.99, 1e-3, Wd, Rs, c, @out: w),
            (v, c) =>
            {
                double gp = Cl(Rs * v[1] + Wd * v[0], c), vv = 0.99 * v[3] + 0.01 * gp * gp;
                double dt = (1 - Math.Pow(0.6, 3)) / Lr * (Math.Sqrt(vv / (1 - Math.Pow(0.99, 3))) + 1e-3);
                double z = 0.6 * v[4] + 0.4 * gp - (dt - 0.6 * v[2]) * v[0];
                return [-z / dt, dt, vv, z];
            }),
        ["signsgd_update"] = new(0, [], (w, g, s, c) => Nd.SignsgdUpdate(w, g, Lr, Wd, Rs, c, @out: w),
            (v, c) => [(1 - Lr * Wd) * v[0] - Lr * Sign(Cl(Rs * v[1], c))]),
        ["signum_update"] = new(1, [false], (w, g, s, c) => Nd.SignumUpdate(w, g, s[0], Lr, Mom, Wd, Rs, c, wdLh: 0.05, @out: w),
            (v, c) =>
            {
                double m = Mom * v[2] - (1 - Mom) * Wd * v[0] - (1 - Mom) * Cl(Rs * v[1], c);
                return [(1 - Lr * 0.05) * v[0] + Lr * Sign(m), m];
            }),
    };

    public static TheoryData<string, DType, int, bool> Cases()
    {
        var d = new TheoryData<string, DType, int, bool>();
        foreach (var op in s_cases.Keys)
            foreach (var dt in new[] { DType.Float32, DType.Float64 })
                foreach (int n in new[] { 0, 1, 5, 16, 33, 100 })
                    d.Add(op, dt, n, n % 2 == 1);
        foreach (var op in s_cases.Keys) d.Add(op, DType.Float32, 70001, true);
        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void UpdateMatchesReference(string op, DType dtype, int n, bool clip)
    {
        var k = s_cases[op];
        double c = clip ? Clip : -1;
        var w0 = Check.Rand(n, 1);
        var g0 = Check.Rand(n, 2, -2, 2);
        var s0 = Enumerable.Range(0, k.States).Select(i => Check.Rand(n, 10 + i, k.Positive[i] ? 0 : -1, 1)).ToArray();
        var w = Nd.Array<double>(w0, new Shape(n)).AsType(dtype);
        var g = Nd.Array<double>(g0, new Shape(n)).AsType(dtype);
        var s = s0.Select(a => Nd.Array<double>(a, new Shape(n)).AsType(dtype)).ToArray();
        // Reference on the inputs as actually stored (float32-rounded where the op runs in float32).
        var wIn = w.ToArray<double>();
        var gIn = g.ToArray<double>();
        var sIn = s.Select(a => a.ToArray<double>()).ToArray();
        k.Run(w, g, s, c);
        var expW = new double[n];
        var expS = Enumerable.Range(0, k.States).Select(_ => new double[n]).ToArray();
        for (int i = 0; i < n; i++)
        {
            var v = new double[2 + k.States];
            v[0] = wIn[i]; v[1] = gIn[i];
            for (int j = 0; j < k.States; j++) v[2 + j] = sIn[j][i];
            var r = k.Ref(v, c);
            expW[i] = r[0];
            for (int j = 0; j < k.States; j++) expS[j][i] = r[1 + j];
        }
        double rtol = dtype == DType.Float32 ? 2e-5 : 1e-12, atol = dtype == DType.Float32 ? 2e-5 : 1e-12;
        Check.Close(expW, w.ToArray<double>(), rtol, atol, $"{op} weight");
        for (int j = 0; j < k.States; j++) Check.Close(expS[j], s[j].ToArray<double>(), rtol, atol, $"{op} state {j}");
    }

    [Fact]
    public void UpdateWithoutOutLeavesWeightAndReturnsNewArray()
    {
        var w = Nd.Array(new float[] { 1, 2, 3 });
        var g = Nd.Array(new float[] { 1, 1, 1 });
        var r = Nd.SgdUpdate(w, g, 0.5);
        Check.Close(w, [1, 2, 3]);
        Check.Close(r, [0.5, 1.5, 2.5]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MpSgdUpdatesMasterCopyAndCastsToFloat16(bool momentum)
    {
        int n = 37;
        var w32 = Nd.Array<double>(Check.Rand(n, 3), new Shape(n)).AsType(DType.Float32);
        var w16 = w32.AsType(DType.Float16);
        var g16 = Nd.Array<double>(Check.Rand(n, 4), new Shape(n)).AsType(DType.Float16);
        var mom = Nd.Array<double>(Check.Rand(n, 5), new Shape(n)).AsType(DType.Float32);
        double[] wv = w32.ToArray<double>(), gv = g16.ToArray<double>(), mv = mom.ToArray<double>();
        if (momentum) Nd.MpSgdMomUpdate(w16, g16, mom, w32, Lr, Mom, Wd, Rs, Clip, @out: w16);
        else Nd.MpSgdUpdate(w16, g16, w32, Lr, Wd, Rs, Clip, @out: w16);
        var exp = new double[n];
        var expM = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (momentum)
            {
                expM[i] = Mom * mv[i] - Lr * Wd * wv[i] - Lr * Cl(Rs * gv[i], Clip);
                exp[i] = wv[i] + expM[i];
            }
            else exp[i] = (1 - Lr * Wd) * wv[i] - Lr * Cl(Rs * gv[i], Clip);
        }
        Check.Close(exp, w32.ToArray<double>(), 1e-5, 1e-6, "master copy");
        if (momentum) Check.Close(expM, mom.ToArray<double>(), 1e-5, 1e-6, "momentum");
        Assert.Equal(DType.Float16, w16.DType);
        var half = exp.Select(x => (double)(Half)(float)x).ToArray();
        Check.Close(half, w16.ToArray<double>(), 0, 0, "float16 weight = cast(master)");
    }

    [Theory]
    [InlineData(true, -1.0, -1.0)]
    [InlineData(false, -1.0, -1.0)]
    [InlineData(true, 0.0, 0.5)]
    [InlineData(true, 50.0, -1.0)]
    public void LambPhasesMatchReference(bool biasCorrection, double lower, double upper)
    {
        int n = 41, t = 4;
        double b1 = 0.9, b2 = 0.999, eps = 1e-6;
        var w = Nd.Array<double>(Check.Rand(n, 1), new Shape(n));
        var g = Nd.Array<double>(Check.Rand(n, 2), new Shape(n));
        var m = Nd.Array<double>(Check.Rand(n, 3), new Shape(n));
        var v = Nd.Array<double>(Check.Rand(n, 4, 0, 1), new Shape(n));
        double[] wv = w.ToArray<double>(), gv = g.ToArray<double>(), mv = m.ToArray<double>(), vv = v.ToArray<double>();
        var r = Nd.LambUpdatePhase1(w, g, m, v, t, Wd, b1, b2, eps, biasCorrection, Rs, Clip);
        var expR = new double[n];
        for (int i = 0; i < n; i++)
        {
            double gp = Cl(Rs * gv[i], Clip);
            mv[i] = b1 * mv[i] + (1 - b1) * gp;
            vv[i] = b2 * vv[i] + (1 - b2) * gp * gp;
            double mh = biasCorrection ? mv[i] / (1 - Math.Pow(b1, t)) : mv[i], vh = biasCorrection ? vv[i] / (1 - Math.Pow(b2, t)) : vv[i];
            expR[i] = mh / (Math.Sqrt(vh) + eps) + Wd * wv[i];
        }
        Check.Close(expR, r.ToArray<double>(), 1e-12, 1e-12, "phase1 r");
        Check.Close(mv, m.ToArray<double>(), 1e-12, 1e-12, "mean");
        Check.Close(vv, v.ToArray<double>(), 1e-12, 1e-12, "var");
        double r1 = Math.Sqrt(wv.Sum(x => x * x)), r2 = Math.Sqrt(expR.Sum(x => x * x));
        if (lower >= 0) r1 = Math.Max(r1, lower);
        if (upper >= 0) r1 = Math.Min(r1, upper);
        double ratio = r1 == 0 || r2 == 0 ? 1 : r1 / r2;
        Nd.LambUpdatePhase2(w, r, Nd.Norm(w).Reshape(1), Nd.Norm(r).Reshape(1), Lr, lower, upper, @out: w);
        Check.Close(wv.Select((x, i) => x - Lr * ratio * expR[i]).ToArray(), w.ToArray<double>(), 1e-12, 1e-12, "phase2 weight");
    }

    [Fact]
    public void LambPhase2WithZeroNormUsesRatioOne()
    {
        var w = Nd.Zeros(new Shape(3), DType.Float64);
        var gd = Nd.Array(new double[] { 1, 2, 3 });
        Nd.LambUpdatePhase2(w, gd, Nd.Zeros(new Shape(1), DType.Float64), Nd.Array(new double[] { 5 }), 0.5, @out: w);
        Check.Close(w, [-0.5, -1, -1.5]);
    }

    [Fact]
    public void ResetArraysZerosEveryInput()
    {
        var a = Nd.Array(new float[] { 1, 2, 3 });
        var b = Nd.Array(new double[] { 4, 5 });
        var c = Nd.Array(new int[] { 7 });
        Nd.ResetArrays(a, b, c);
        Check.Close(a, [0, 0, 0]);
        Check.Close(b, [0, 0]);
        Check.Close(c, [0]);
    }

    [Fact]
    public void BadInputsNameOpArgumentAndShapes()
    {
        var w = Nd.Zeros(2, 3);
        Check.Throws<ArgumentException>(() => Nd.SgdUpdate(w, Nd.Zeros(3, 2), 0.1), "sgd_update", "grad", "(3, 2)", "(2, 3)");
        Check.Throws<ArgumentException>(() => Nd.AdamUpdate(w, Nd.Zeros(2, 3), Nd.Zeros(2, 3), Nd.Zeros(6), 0.1), "adam_update", "var", "(6,)");
        Check.Throws<ArgumentException>(() => Nd.SgdMomUpdate(w, Nd.Zeros(2, 3), Nd.Zeros(new Shape(2, 3), DType.Float64), 0.1), "sgd_mom_update", "mom", "float64");
        Check.Throws<ArgumentException>(() => Nd.MpSgdUpdate(w.AsType(DType.Float16), Nd.Zeros(new Shape(2, 3), DType.Float16), Nd.Zeros(new Shape(2, 3), DType.Float16), 0.1),
            "mp_sgd_update", "weight32", "float32");
        Check.Throws<ArgumentException>(() => Nd.FtmlUpdate(w, w, w, w, w, 0.1, 0), "ftml_update", "t must be at least 1");
        Check.Throws<ArgumentException>(() => Nd.LambUpdatePhase2(w, w, Nd.Zeros(2), Nd.Zeros(1), 0.1), "lamb_update_phase2", "r1", "(1,)");
        Check.Throws<ArgumentException>(() => Nd.ResetArrays(), "reset_arrays");
        Check.Throws<ArgumentException>(() => Ops.Imperative.Invoke("sgd_update", null, w, w), "sgd_update", "lr");
    }
}
