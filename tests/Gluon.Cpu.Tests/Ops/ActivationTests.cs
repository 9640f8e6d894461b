using Gluon.Ops;

namespace Gluon.Tests.Ops;

public class ActivationTests
{
    private static readonly int[] Sizes = [0, 1, 7, 17, 33, 65, 100];

    private static readonly Dictionary<string, Func<double, double>> ActRef = new()
    {
        ["relu"] = x => Math.Max(x, 0),
        ["sigmoid"] = x => 1 / (1 + Math.Exp(-x)),
        ["tanh"] = Math.Tanh,
        ["softrelu"] = x => x > 20 ? x : Math.Log(1 + Math.Exp(x)),
        ["softsign"] = x => x / (1 + Math.Abs(x)),
    };

    public static TheoryData<string, int> ActivationCases()
    {
        var d = new TheoryData<string, int>();
        foreach (var k in ActRef.Keys) foreach (int n in Sizes) d.Add(k, n);
        return d;
    }

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ActivationMatchesReference(string act, int n)
    {
        var v = Check.Rand(n, n, -4, 4);
        var expected = v.Select(ActRef[act]).ToArray();
        var x = Nd.Array<double>(v);
        Check.Close(Nd.Activation(x, act), expected, 1e-12, 1e-14, act);
        Check.Close(Nd.Activation(x.AsType(DType.Float32), act), expected, 2e-6, 2e-7, act + " float32");
        if (n > 0 && n <= 33) Check.NumericGradient(a => Nd.Activation(a[0], act), [Nd.Array<double>(v).ReshapeTo(n)]);
    }

    /// <summary>
    /// relu's backward is the fused <c>_backward_relu</c>: out_grad · (output &gt; 0), NaN where an
    /// infinite out_grad meets a zero output (a product, as MXNet computes it), at sizes that use
    /// every vector width, the scalar tail and both cores.
    /// </summary>
    [Theory]
    [InlineData(37, "float64")]
    [InlineData(37, "float32")]
    [InlineData(70_001, "float32")]
    public void ReluBackwardIsOutGradTimesPositiveOutput(int n, string dtype)
    {
        var dt = DTypeInfo.Parse(dtype);
        var v = Check.Rand(n, 3, -2, 2);
        v[0] = 0; v[1] = double.NaN; v[2] = -1; v[3] = 1;
        var og = Check.Rand(n, 4, -3, 3);
        og[2] = og[3] = double.PositiveInfinity;
        var x = Nd.Array<double>(v).AsType(dt);
        x.AttachGrad();
        using (Autograd.Record()) Nd.Activation(x, "relu").Backward(Nd.Array<double>(og).AsType(dt));
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            double y = dt == DType.Float32 ? (float)Math.Max(v[i], 0) : Math.Max(v[i], 0);
            double g = dt == DType.Float32 ? (float)og[i] : og[i];
            expected[i] = g * (y > 0 ? 1 : 0);
        }
        Assert.True(double.IsNaN(expected[2]) && double.IsPositiveInfinity(expected[3]));
        Check.Close(x.Grad!, expected, 0, 0);
        Check.Close(Imperative.Invoke1("_backward_relu", null, Nd.Array<double>(og).AsType(dt), Nd.Relu(x)), expected, 0, 0);
    }

    [Fact]
    public void ReluGradientIsDifferentiableAgain()
    {
        // y = relu(x)·x: dy/dx = 2x·[x > 0]; with create_graph its derivative is 2·[x > 0].
        var v = Check.Rand(9, 8, -2, 2);
        var x = Nd.Array<double>(v);
        x.AttachGrad();
        NDArray dx;
        using (Autograd.Record())
            dx = Autograd.Grad([Nd.Activation(x, "relu") * x], [x], createGraph: true)[0];
        Check.Close(dx, v.Select(t => t > 0 ? 2 * t : 0).ToArray(), 1e-12, 1e-14);
        dx.Backward();
        Check.Close(x.Grad!, v.Select(t => t > 0 ? 2.0 : 0).ToArray(), 1e-12, 1e-14);
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("_backward_relu", null, Nd.Zeros(2, 3), Nd.Zeros(3, 2)), "_backward_relu", "(2, 3)", "(3, 2)");
    }

    [Fact]
    public void ReluMapsNaNAndNegativeZeroToZeroInEveryLane()
    {
        // MXNet's relu is x > 0 ? x : 0: NaN and -0 give +0, in the vector lanes as in the tail.
        foreach (int n in new[] { 1, 5, 16, 37, 70 })
        {
            var v = Check.Rand(n, n, -4, 4);
            for (int i = 0; i < n; i += 3) v[i] = double.NaN;
            for (int i = 1; i < n; i += 7) v[i] = -0.0;
            var expected = v.Select(x => x > 0 ? x : 0).ToArray();
            foreach (var dt in new[] { DType.Float64, DType.Float32 })
            {
                var x = Nd.Array<double>(v).AsType(dt, copy: false);
                foreach (var y in new[] { Nd.Activation(x, "relu"), Nd.Relu(x) })
                {
                    var got = y.ToArray<double>();
                    Check.Close(expected, got, 2e-7, 0, $"relu {dt} n={n}");
                    Assert.All(got.Where((_, i) => !(v[i] > 0)), g => Assert.True(g == 0 && !double.IsNegative(g), $"relu {dt} n={n}: got {g}"));
                }
            }
        }
    }

    [Fact]
    public void SoftReluIsStableAtTheExtremes()
    {
        double[] v = [-100, -30, -20, -1e-3, 0, 1e-3, 19.9, 20.1, 50, 100];
        var expected = v.Select(x => x > 20 ? x : Log1p(Math.Exp(x))).ToArray();
        Check.Close(Nd.Activation(Nd.Array<double>(v), "softrelu"), expected, 1e-12, 0);
        Check.Close(Nd.Activation(Nd.Array<double>(v).AsType(DType.Float32), "softrelu"), expected, 2e-6, 1e-30);
        Check.Close(Nd.Array<double>(v).SoftRelu(), expected, 1e-12, 0);
    }

    // log(1 + t) by its series for small t (Math.Log(1 + t) loses t's digits there).
    private static double Log1p(double t) => t < 1e-4 ? t - t * t / 2 + t * t * t / 3 : Math.Log(1 + t);

    [Fact]
    public void InstanceShortcutsMatchOps()
    {
        var x = Check.RandArray(new Shape(3, 17), 1, -3, 3);
        Check.Close(Nd.Activation(x, "relu"), x.Relu());
        Check.Close(Nd.Activation(x, "sigmoid"), x.Sigmoid());
        Check.Close(Nd.Activation(x, "tanh"), x.Tanh());
        Check.Close(Nd.Activation(x, "softsign"), x.Softsign());
        Check.Close(Nd.Softmax(x), x.Softmax());
        Check.Close(Nd.LogSoftmax(x, 0), x.LogSoftmax(0));
    }

    [Fact]
    public void ActivationRejectsUnknownType()
    {
        Check.Throws<ArgumentException>(() => Nd.Activation(Nd.Zeros(2), "swish"), "Activation", "swish");
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("Activation", null, Nd.Zeros(2)), "Activation", "act_type");
    }

    // ---- LeakyReLU -------------------------------------------------------------------------

    private const double Lambda = 1.0507009873554804934193349852946, Alpha = 1.6732632423543772848170429916717;

    private static double LeakyRef(string t, double x, double slope) => t switch
    {
        "leaky" => x > 0 ? x : slope * x,
        "elu" => x > 0 ? x : slope * (Math.Exp(x) - 1),
        "selu" => Lambda * (x > 0 ? x : Alpha * (Math.Exp(x) - 1)),
        "gelu" => 0.5 * x * (1 + NnRef.Erf(x / Math.Sqrt(2))),
        "rrelu" => x > 0 ? x : (0.125 + 0.334) / 2 * x,
        _ => throw new ArgumentException(t),
    };

    public static TheoryData<string, int> LeakyCases()
    {
        var d = new TheoryData<string, int>();
        foreach (var t in new[] { "leaky", "elu", "selu", "gelu", "rrelu" }) foreach (int n in Sizes) d.Add(t, n);
        return d;
    }

    [Theory]
    [MemberData(nameof(LeakyCases))]
    public void LeakyReLUMatchesReference(string t, int n)
    {
        double slope = t == "leaky" ? 0.1 : 0.25;
        var v = Check.Rand(n, n + 10, -3, 3);
        var expected = v.Select(x => LeakyRef(t, x, slope)).ToArray();
        var x64 = Nd.Array<double>(v);
        // rrelu outside training uses the mean slope; the others do not depend on the mode.
        Check.Close(Nd.LeakyReLU(x64, actType: t, slope: slope), expected, 1e-12, 1e-13, t);
        Check.Close(Nd.LeakyReLU(x64.AsType(DType.Float32), actType: t, slope: slope), expected, 3e-6, 1e-6, t + " float32");
        if (n > 0 && n <= 33 && t != "rrelu")
            Check.NumericGradient(a => Nd.LeakyReLU(a[0], actType: t, slope: slope), [x64]);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, 3)]
    [InlineData(new[] { 2, 3, 4 }, 1)]
    [InlineData(new[] { 5, 7 }, 7)]
    [InlineData(new[] { 17 }, 17)]
    [InlineData(new[] { 2, 17, 1, 3 }, 17)]
    [InlineData(new[] { 0, 3 }, 3)]
    public void PReluBroadcastsGammaAlongAxis1(int[] ds, int g)
    {
        var shape = new Shape(ds);
        var v = Check.Rand(shape.Size, 3, -2, 2);
        var gamma = Check.Rand(g, 4, 0.1, 0.9);
        int inner = ds.Length > 1 ? NnRef.Prod(ds[2..]) : 1;
        int c = ds.Length > 1 ? ds[1] : ds[0];
        var expected = new double[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            double gi = g == 1 ? gamma[0] : gamma[(i / inner) % c];
            expected[i] = v[i] > 0 ? v[i] : gi * v[i];
        }
        var x = Nd.Array<double>(v, shape);
        var G = Nd.Array<double>(gamma);
        Check.Close(Nd.LeakyReLU(x, G, "prelu"), expected, 1e-12, 1e-14, "prelu");
        Check.Close(Nd.LeakyReLU(x.AsType(DType.Float32), G.AsType(DType.Float32), "prelu"), expected, 1e-6, 1e-7, "prelu float32");
        if (shape.Size > 0) Check.NumericGradient(a => Nd.LeakyReLU(a[0], a[1], "prelu"), [x, G]);
    }

    [Fact]
    public void PReluInfersGammaShapeAndRejectsBadGamma()
    {
        var op = OpRegistry.Get("LeakyReLU");
        var p = op.Parse(new OpAttrs { { "act_type", "prelu" } });
        Assert.Equal(["data", "gamma"], op.InputNames(p));
        Assert.Equal(new Shape(3), op.InferInputShapes(p, [new Shape(2, 3, 4), null])[1]);
        Check.Throws<ArgumentException>(() => Nd.LeakyReLU(Nd.Zeros(2, 3, 4), Nd.Zeros(4), "prelu"), "LeakyReLU", "gamma", "(4,)", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.LeakyReLU(Nd.Zeros(2, 3), null, "prelu"), "LeakyReLU", "gamma");
        Check.Throws<ArgumentException>(() => Nd.LeakyReLU(Nd.Zeros(2, 3), actType: "swish"), "LeakyReLU", "swish");
    }

    [Fact]
    public void RReluDrawsSlopesInTrainingAndUsesThemBackward()
    {
        var v = Check.Rand(1000, 5, -2, 2);
        var x = Nd.Array<double>(v);
        x.AttachGrad();
        NDArray[] outs;
        using (Autograd.Record())
            outs = Imperative.Invoke("LeakyReLU", new OpAttrs { { "act_type", "rrelu" } }, x);
        Assert.Equal(2, outs.Length);
        var y = outs[0].ToArray<double>();
        var mask = outs[1].ToArray<double>();
        Assert.All(mask, m => Assert.InRange(m, 0.125, 0.334));
        Assert.True(mask.Distinct().Count() > 900, "slopes are drawn per element");
        for (int i = 0; i < v.Length; i++) Assert.Equal(v[i] > 0 ? v[i] : mask[i] * v[i], y[i], 12);
        outs[0].Backward();
        var g = x.Grad!.ToArray<double>();
        for (int i = 0; i < v.Length; i++) Assert.Equal(v[i] > 0 ? 1 : mask[i], g[i], 12);
        Assert.Single(OpRegistry.Get("LeakyReLU").OutputNames(OpRegistry.Get("LeakyReLU").Parse(new OpAttrs())));
    }

    // ---- softmax ---------------------------------------------------------------------------

    public static TheoryData<int[], int, double?, bool> SoftmaxCases()
    {
        var d = new TheoryData<int[], int, double?, bool>();
        foreach (bool log in new[] { false, true })
        {
            d.Add([7], -1, null, log);
            d.Add([1], 0, null, log);
            d.Add([3, 17], -1, null, log);
            d.Add([3, 17], 0, null, log);
            d.Add([2, 33, 5], 1, null, log);
            d.Add([2, 5, 65], 2, 2.5, log);
            d.Add([2, 7, 3], 1, 0.5, log);
            d.Add([0, 4], 1, null, log);
            d.Add([4, 0], 1, null, log);
            d.Add([4, 1, 3], 1, null, log);
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(SoftmaxCases))]
    public void SoftmaxMatchesReference(int[] ds, int axis, double? t, bool log)
    {
        var shape = new Shape(ds);
        var v = Check.Rand(shape.Size, 11, -5, 5);
        int ax = axis < 0 ? axis + ds.Length : axis;
        var expected = NnRef.Softmax(v, ds, ax, t ?? 1, log);
        var x = Nd.Array<double>(v, shape);
        var y = log ? Nd.LogSoftmax(x, axis, t) : Nd.Softmax(x, axis, t);
        Check.Close(y, expected, 1e-12, 1e-14, log ? "log_softmax" : "softmax");
        var y32 = log ? Nd.LogSoftmax(x.AsType(DType.Float32), axis, t) : Nd.Softmax(x.AsType(DType.Float32), axis, t);
        Check.Close(y32, expected, 2e-6, 1e-6, "float32");
        if (shape.Size > 0 && shape.Size <= 400)
            Check.NumericGradient(a => log ? Nd.LogSoftmax(a[0], axis, t) : Nd.Softmax(a[0], axis, t), [x]);
    }

    /// <summary>
    /// The fused softmax/log_softmax backward (used when no gradient graph is recorded) against
    /// the formulas written out here, along the last, middle and first axis, with a temperature,
    /// in both float types; with create_graph (the composite ops) the first-order result agrees.
    /// </summary>
    [Theory]
    [InlineData(new[] { 5, 7 }, -1, null, "float64")]
    [InlineData(new[] { 5, 7 }, -1, 0.5, "float32")]
    [InlineData(new[] { 3, 4, 5 }, 1, 2.0, "float64")]
    [InlineData(new[] { 3, 4, 5 }, 0, null, "float32")]
    [InlineData(new[] { 64, 300 }, -1, null, "float32")]
    public void SoftmaxBackwardMatchesTheFormula(int[] ds, int axis, double? t, string dtype)
    {
        var dt = DTypeInfo.Parse(dtype);
        var shape = new Shape(ds);
        int ax = axis < 0 ? axis + ds.Length : axis;
        int outer = shape.SizeOf(0, ax), n = ds[ax], inner = shape.SizeOf(ax + 1, ds.Length);
        double tol = dt == DType.Float32 ? 1e-5 : 1e-12;
        foreach (bool log in new[] { false, true })
        {
            var x = Check.RandArray(shape, 12, -3, 3, dt);
            var gv = Check.Rand(shape.Size, 13, -1, 1);
            var og = Nd.Array<double>(gv, shape).AsType(dt);
            x.AttachGrad();
            NDArray y;
            using (Autograd.Record()) y = log ? Nd.LogSoftmax(x, axis, t) : Nd.Softmax(x, axis, t);
            y.Backward(og);
            var yv = y.ToArray<double>();
            var expected = new double[shape.Size];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    double sum = 0;
                    for (int k = 0; k < n; k++)
                    {
                        int at = (o * n + k) * inner + i;
                        sum += log ? gv[at] : gv[at] * yv[at];
                    }
                    for (int k = 0; k < n; k++)
                    {
                        int at = (o * n + k) * inner + i;
                        expected[at] = (log ? gv[at] - Math.Exp(yv[at]) * sum : yv[at] * (gv[at] - sum)) / (t ?? 1);
                    }
                }
            Check.Close(x.Grad!, expected, tol, tol, log ? "log_softmax" : "softmax");
            NDArray composite;
            using (Autograd.Record())
                composite = Autograd.Grad([log ? Nd.LogSoftmax(x, axis, t) : Nd.Softmax(x, axis, t)], [x], [og], createGraph: true)[0];
            Check.Close(composite, expected, tol, tol, "create_graph");
        }
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("_backward_log_softmax", null, Nd.Zeros(2, 3), Nd.Zeros(3, 2)), "_backward_log_softmax", "(2, 3)", "(3, 2)");
    }

    [Fact]
    public void SoftmaxIsStableForLargeInputs()
    {
        double[] v = [1000, 1001, 1002, -1000];
        var expected = NnRef.Softmax([0, 1, 2, -2000], [4], 0);
        Check.Close(Nd.Softmax(Nd.Array<double>(v)), expected, 1e-12, 1e-14);
        Check.Close(Nd.Softmax(Nd.Array<double>(v).AsType(DType.Float32)), expected, 1e-6, 1e-7);
        Check.Close(Nd.LogSoftmax(Nd.Array<double>(v).AsType(DType.Float32)), NnRef.Softmax([0, 1, 2, -2000], [4], 0, log: true), 1e-6, 1e-4);
    }

    [Theory]
    [InlineData(new[] { 3, 17 }, 1, false)]
    [InlineData(new[] { 3, 17 }, 1, true)]
    [InlineData(new[] { 5, 4, 3 }, 1, false)]
    [InlineData(new[] { 5, 4, 3 }, 1, true)]
    [InlineData(new[] { 5, 4, 3 }, 0, true)]
    public void SoftmaxWithLength(int[] ds, int axis, bool log)
    {
        var shape = new Shape(ds);
        var v = Check.Rand(shape.Size, 12, -3, 3);
        var lshape = ds.Where((_, i) => i != axis).ToArray();
        var r = new Random(3);
        var lengths = Enumerable.Range(0, NnRef.Prod(lshape)).Select(_ => (double)r.Next(0, ds[axis] + 1)).ToArray();
        lengths[0] = ds[axis];
        var expected = NnRef.Softmax(v, ds, axis, 1, log, lengths);
        var x = Nd.Array<double>(v, shape);
        var len = Nd.Array<double>(lengths, new Shape(lshape)).AsType(DType.Int32);
        var y = log ? Nd.LogSoftmax(x, len, axis, useLength: true) : Nd.Softmax(x, len, axis, useLength: true);
        Check.Close(y, expected, 1e-12, 1e-14);
        var y32 = log ? Nd.LogSoftmax(x.AsType(DType.Float32), len, axis, useLength: true) : Nd.Softmax(x.AsType(DType.Float32), len, axis, useLength: true);
        Check.Close(y32, expected, 2e-6, 1e-6, "float32");
        Check.NumericGradient(a => log ? Nd.LogSoftmax(a[0], len, axis, useLength: true) : Nd.Softmax(a[0], len, axis, useLength: true), [x]);
    }

    [Fact]
    public void SoftmaxDtypeWidensOutput()
    {
        var x = Check.RandArray(new Shape(3, 5), 2, dtype: DType.Float32);
        var y = Nd.Softmax(x, dtype: DType.Float64);
        Assert.Equal(DType.Float64, y.DType);
        Check.Close(y, NnRef.Softmax(x.ToArray<double>(), [3, 5], 1), 1e-12, 1e-14);
        var h = Nd.LogSoftmax(x, dtype: DType.Float16);
        Assert.Equal(DType.Float16, h.DType);
        Check.Close(h, NnRef.Softmax(x.ToArray<double>(), [3, 5], 1, log: true), 2e-3, 2e-3);
    }

    [Fact]
    public void SoftmaxErrorsNameOpAxisAndShapes()
    {
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Softmax(Nd.Zeros(2, 3), 2), "softmax", "axis 2", "(2, 3)");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.LogSoftmax(Nd.Zeros(2, 3), -3), "log_softmax", "axis -3", "(2, 3)");
        Check.Throws<ArgumentException>(() => Nd.Softmax(Nd.Zeros(2, 3), Nd.Zeros(3), 1, useLength: true), "softmax", "length", "(3,)", "(2, 3)");
        Check.Throws<ArgumentException>(() => Nd.Softmax(Nd.Zeros(2, 3), temperature: 0), "softmax", "temperature");
    }

    [Theory]
    [InlineData("instance", new[] { 4, 7 })]
    [InlineData("instance", new[] { 2, 3, 5 })]
    [InlineData("instance", new[] { 5 })]
    [InlineData("channel", new[] { 2, 3, 5 })]
    [InlineData("channel", new[] { 2, 3, 2, 2 })]
    public void SoftmaxActivationMatchesReference(string mode, int[] ds)
    {
        var shape = new Shape(ds);
        var v = Check.Rand(shape.Size, 13, -3, 3);
        // instance mode is MXNet's FlatTo2D view: (prod(leading axes), last axis).
        double[] expected = mode == "channel"
            ? NnRef.Softmax(v, ds, 1)
            : NnRef.Softmax(v, [NnRef.Prod(ds[..^1]), ds[^1]], 1);
        var x = Nd.Array<double>(v, shape);
        Check.Close(Nd.SoftmaxActivation(x, mode), expected, 1e-12, 1e-14);
        Check.NumericGradient(a => Nd.SoftmaxActivation(a[0], mode), [x]);
        Check.Throws<ArgumentException>(() => Nd.SoftmaxActivation(x, "batch"), "SoftmaxActivation", "batch");
        Check.Throws<ArgumentException>(() => Nd.SoftmaxActivation(Nd.Zeros(2, 17), "channel"), "SoftmaxActivation", "(2, 17)", "channel");
    }

    [Fact]
    public void GradientsAreDifferentiable()
    {
        var v = Check.Rand(5, 21, -2, 2);
        var x = Nd.Array<double>(v);
        x.AttachGrad();
        NDArray dx;
        using (Autograd.Record())
        {
            var y = Nd.Activation(x, "sigmoid");
            dx = Autograd.Grad([y], [x], createGraph: true)[0];
        }
        dx.Backward();
        var expected = v.Select(t => { double s = 1 / (1 + Math.Exp(-t)); return s * (1 - s) * (1 - 2 * s); }).ToArray();
        Check.Close(x.Grad!, expected, 1e-10, 1e-12);


        // dot's gradient is built from dot ops too: d/dx Σ ∂(x·x)/∂x = d/dx Σ 2x = 2.
        var z = Check.RandArray(new Shape(7), 22);
        z.AttachGrad();
        NDArray dz;
        using (Autograd.Record()) dz = Autograd.Grad([Nd.Dot(z, z)], [z], createGraph: true)[0];
        Check.Close(dz, z.ToArray<double>().Select(t => 2 * t).ToArray(), 1e-12, 1e-12);
        dz.Backward();
        Check.Close(z.Grad!, Enumerable.Repeat(2.0, 7).ToArray(), 1e-12, 1e-12);
    }

    [Fact]
    public void LargeInputsUseTheParallelPaths()
    {
        int n = 70_001;
        var v = Check.Rand(n, 31, -4, 4);
        var x = Nd.Array<double>(v).AsType(DType.Float32);
        Check.Close(Nd.Activation(x, "softrelu"), v.Select(ActRef["softrelu"]).ToArray(), 2e-6, 2e-7, "softrelu");
        Check.Close(Nd.LeakyReLU(x, actType: "elu", slope: 0.3), v.Select(t => LeakyRef("elu", t, 0.3)).ToArray(), 2e-6, 2e-7, "elu");
        Check.Close(Nd.LeakyReLU(x, actType: "gelu"), v.Select(t => LeakyRef("gelu", t, 0)).ToArray(), 2e-6, 2e-7, "gelu");
        int[] shape = [7, 100, 99];
        var sx = Nd.Array<double>(v[..NnRef.Prod(shape)], new Shape(shape)).AsType(DType.Float32);
        Check.Close(Nd.Softmax(sx, 1), NnRef.Softmax(v[..NnRef.Prod(shape)], shape, 1), 2e-6, 1e-7, "softmax axis 1");
        Check.Close(Nd.LogSoftmax(sx, 2), NnRef.Softmax(v[..NnRef.Prod(shape)], shape, 2, log: true), 2e-6, 1e-6, "log_softmax last axis");
    }
}
