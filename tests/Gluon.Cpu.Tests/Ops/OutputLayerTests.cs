using Gluon.Ops;

namespace Gluon.Tests.Ops;

/// <summary>SoftmaxOutput, the regression output layers and Dropout.</summary>
public class OutputLayerTests
{
    /// <summary>x.Grad after backward through <paramref name="f"/> with a random head gradient (which these layers must ignore).</summary>
    private static double[] GradOf(NDArray x, Func<NDArray, NDArray> f, out double[] forward)
    {
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = f(x);
        forward = y.ToArray<double>();
        var head = Check.RandArray(y.Shape, 99, 0.5, 3.0);
        y.Backward(y.DType == DType.Float64 ? head : head.AsType(y.DType));
        return x.Grad!.ToArray<double>();
    }

    // Reference for one softmax row group: grad = (p − target)·scale, zero when ignored.
    private static double[] RefSoftmaxOutputGrad(double[] p, int outer, int k, int inner, double[] labels, double scale,
        bool useIgnore = false, int ignore = -1, double alpha = 0)
    {
        var g = new double[p.Length];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int lab = (int)labels[o * inner + j];
                for (int c = 0; c < k; c++)
                {
                    int idx = (o * k + c) * inner + j;
                    double target = c == lab ? 1 - alpha : (alpha > 0 ? alpha / (k - 1) : 0);
                    g[idx] = useIgnore && lab == ignore ? 0 : (p[idx] - target) * scale;
                }
            }
        return g;
    }

    [Theory]
    [InlineData(5, 7, DType.Float64)]
    [InlineData(1, 1, DType.Float64)]
    [InlineData(17, 33, DType.Float32)]
    [InlineData(0, 3, DType.Float64)]
    public void SoftmaxOutputForwardIsSoftmaxAndGradientIsPMinusOneHot(int n, int k, DType dtype)
    {
        var v = Check.Rand(n * k, 1, -3, 3);
        var labels = Enumerable.Range(0, n).Select(i => (double)(i * 5 % k)).ToArray();
        // AsType is applied only for a real change of dtype: a same-dtype Cast fails in the shared cast kernel.
        var x = Nd.Array<double>(v, new Shape(n, k));
        var label = Nd.Array<double>(labels);
        if (dtype != DType.Float64) { x = x.AsType(dtype); label = label.AsType(dtype); }
        var g = GradOf(x, a => Nd.SoftmaxOutput(a, label, gradScale: 2.0), out var y);
        var p = NnRef.Softmax(v, [n, k], 1);
        double tol = dtype == DType.Float32 ? 2e-6 : 1e-12;
        Check.Close(p, y, tol, tol, "forward");
        Check.Close(RefSoftmaxOutputGrad(p, n, k, 1, labels, 2.0), g, tol, tol, "gradient");
        Check.Close(Imperative.Invoke1("Softmax", null, x, label), p, tol, tol, "alias Softmax");
    }

    [Theory]
    [InlineData("null", false)]
    [InlineData("batch", false)]
    [InlineData("valid", true)]
    [InlineData("valid", false)]
    [InlineData("null", true)]
    public void SoftmaxOutputNormalizationAndIgnore(string norm, bool useIgnore)
    {
        int n = 6, k = 4;
        var v = Check.Rand(n * k, 2, -2, 2);
        double[] labels = [0, 3, -1, 2, -1, 1];
        var x = Nd.Array<double>(v, new Shape(n, k));
        var g = GradOf(x, a => Nd.SoftmaxOutput(a, Nd.Array<double>(labels), gradScale: 1.5, ignoreLabel: -1,
            useIgnore: useIgnore, normalization: norm), out _);
        double denom = norm switch { "batch" => n, "valid" => 4, _ => 1 };
        var p = NnRef.Softmax(v, [n, k], 1);
        Check.Close(RefSoftmaxOutputGrad(p, n, k, 1, labels, 1.5 / denom, useIgnore, -1), g, 1e-12, 1e-12);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("batch")]
    [InlineData("valid")]
    public void SoftmaxOutputMultiOutput(string norm)
    {
        int n = 2, k = 3, s = 5;
        var v = Check.Rand(n * k * s, 3, -2, 2);
        var labels = Enumerable.Range(0, n * s).Select(i => (double)(i % k)).ToArray();
        labels[3] = 7; // never matches a class and is not the ignore label: counts as valid, no one-hot entry
        var x = Nd.Array<double>(v, new Shape(n, k, s));
        var g = GradOf(x, a => Nd.SoftmaxOutput(a, Nd.Array<double>(labels, new Shape(n, s)), multiOutput: true, normalization: norm), out var y);
        var p = NnRef.Softmax(v, [n, k, s], 1);
        Check.Close(p, y, 1e-12, 1e-12, "forward over axis 1");
        double scale = norm switch { "null" => 1.0 / s, "batch" => 1.0 / s / n, _ => 1.0 / (n * s) };
        Check.Close(RefSoftmaxOutputGrad(p, n, k, s, labels, scale), g, 1e-12, 1e-12);
    }

    [Fact]
    public void SoftmaxOutputPreserveShapeSmoothingAndProbabilities()
    {
        var v = Check.Rand(2 * 3 * 5, 4, -2, 2);
        var labels = Enumerable.Range(0, 6).Select(i => (double)(i % 5)).ToArray();
        var x = Nd.Array<double>(v, new Shape(2, 3, 5));
        var p = NnRef.Softmax(v, [2, 3, 5], 2);
        var g = GradOf(x, a => Nd.SoftmaxOutput(a, Nd.Array<double>(labels, new Shape(2, 3)), preserveShape: true, smoothAlpha: 0.2), out var y);
        Check.Close(p, y, 1e-12, 1e-12, "preserve_shape forward");
        Check.Close(RefSoftmaxOutputGrad(p, 6, 5, 1, labels, 1.0, alpha: 0.2), g, 1e-12, 1e-12, "smoothed gradient");

        var q = Check.Rand(4 * 3, 5, 0, 1);
        var x2 = Nd.Array<double>(Check.Rand(12, 6), new Shape(4, 3));
        var g2 = GradOf(x2, a => Nd.SoftmaxOutput(a, Nd.Array<double>(q, new Shape(4, 3)), gradScale: 3), out var y2);
        Check.Close(y2.Zip(q, (a, b) => (a - b) * 3).ToArray(), g2, 1e-12, 1e-12, "probability labels");
    }

    [Fact]
    public void OutputLayersInferLabelShapes()
    {
        var sm = OpRegistry.Get("SoftmaxOutput");
        Assert.Equal(new Shape(5), sm.InferInputShapes(sm.Parse(new OpAttrs()), [new Shape(5, 7), null])[1]);
        Assert.Equal(new Shape(2, 20), sm.InferInputShapes(sm.Parse(new OpAttrs { { "multi_output", true } }), [new Shape(2, 3, 4, 5), null])[1]);
        var lin = OpRegistry.Get("LinearRegressionOutput");
        Assert.Equal(new Shape(4), lin.InferInputShapes(lin.Parse(new OpAttrs()), [new Shape(4, 1), null])[1]);
        Assert.Equal(new Shape(4, 3), lin.InferInputShapes(lin.Parse(new OpAttrs()), [new Shape(4, 3), null])[1]);
    }

    [Fact]
    public void SoftmaxOutputErrors()
    {
        Check.Throws<ArgumentException>(() => Nd.SoftmaxOutput(Nd.Zeros(5, 7), Nd.Zeros(3)), "SoftmaxOutput", "(3,)", "(5, 7)");
        Check.Throws<ArgumentException>(() => Nd.SoftmaxOutput(Nd.Zeros(2, 3, 4), Nd.Zeros(2, 5), multiOutput: true), "SoftmaxOutput", "(2, 5)", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.SoftmaxOutput(Nd.Zeros(5, 7), Nd.Zeros(5), normalization: "sum"), "SoftmaxOutput", "normalization", "sum");
    }

    // ---- regression outputs -------------------------------------------------------------

    [Theory]
    [InlineData("LinearRegressionOutput", new[] { 4, 3 }, new[] { 4, 3 })]
    [InlineData("LogisticRegressionOutput", new[] { 4, 3 }, new[] { 4, 3 })]
    [InlineData("MAERegressionOutput", new[] { 4, 3 }, new[] { 4, 3 })]
    [InlineData("LinearRegressionOutput", new[] { 17, 1 }, new[] { 17 })]
    [InlineData("LogisticRegressionOutput", new[] { 33 }, new[] { 33 })]
    [InlineData("MAERegressionOutput", new[] { 2, 3, 5 }, new[] { 2, 15 })]
    [InlineData("LinearRegressionOutput", new[] { 0, 3 }, new[] { 0, 3 })]
    public void RegressionOutputs(string op, int[] ds, int[] ls)
    {
        var dshape = new Shape(ds);
        var v = Check.Rand(dshape.Size, 7, -2, 2);
        var lab = Check.Rand(dshape.Size, 8, -1, 1);
        var x = Nd.Array<double>(v, dshape);
        var label = Nd.Array<double>(lab, new Shape(ls));
        Func<NDArray, NDArray> f = op switch
        {
            "LinearRegressionOutput" => a => Nd.LinearRegressionOutput(a, label, 2.0),
            "LogisticRegressionOutput" => a => Nd.LogisticRegressionOutput(a, label, 2.0),
            _ => a => Nd.MAERegressionOutput(a, label, 2.0),
        };
        var g = GradOf(x, f, out var y);
        var expectedY = op.StartsWith("Logistic") ? v.Select(t => 1 / (1 + Math.Exp(-t))).ToArray() : v;
        Check.Close(expectedY, y, 1e-12, 1e-12, "forward");
        int numOutput = ls[0] == 0 ? 1 : NnRef.Prod(ls) / ls[0];
        var expectedG = expectedY.Select((t, i) => (op.StartsWith("MAE") ? Math.Sign(t - lab[i]) : t - lab[i]) * 2.0 / numOutput).ToArray();
        Check.Close(expectedG, g, 1e-12, 1e-12, "gradient");
        var y32 = Imperative.Invoke1(op, null, x.AsType(DType.Float32), label.AsType(DType.Float32));
        Check.Close(y32, expectedY, 2e-6, 2e-7, "float32");
    }

    [Fact]
    public void RegressionOutputRejectsBadLabel() =>
        Check.Throws<ArgumentException>(() => Nd.LinearRegressionOutput(Nd.Zeros(4, 3), Nd.Zeros(5)), "LinearRegressionOutput", "(5,)", "(4, 3)");

    // ---- Dropout ----------------------------------------------------------------------------

    [Fact]
    public void DropoutIsIdentityInPredictMode()
    {
        var x = Check.RandArray(new Shape(3, 17), 1);
        Check.Close(x, Nd.Dropout(x, 0.5));
        using (Autograd.Record(trainMode: false)) Check.Close(x, Nd.Dropout(x, 0.5));
        using (Autograd.TrainMode()) Check.Close(x, Nd.Dropout(x, 0.0));
    }

    [Theory]
    [InlineData(0.3, DType.Float32)]
    [InlineData(0.5, DType.Float64)]
    [InlineData(0.9, DType.Float32)]
    public void DropoutMaskStatisticsAndScaling(double p, DType dtype)
    {
        int n = 100_000;
        var x = Nd.Ones(new Shape(n), dtype);
        NDArray y;
        using (Autograd.TrainMode()) y = Nd.Dropout(x, p);
        var v = y.ToArray<double>();
        int zeros = v.Count(t => t == 0);
        // Binomial std for n = 1e5 is at most 0.0016; 0.01 is over 6 sigma.
        Assert.InRange(zeros / (double)n, p - 0.01, p + 0.01);
        Assert.All(v.Where(t => t != 0), t => Assert.Equal(1 / (1 - p), t, dtype == DType.Float32 ? 5 : 12));
    }

    [Fact]
    public void DropoutBackwardUsesTheForwardMask()
    {
        var v = Check.Rand(1000, 3, 0.5, 2);
        var x = Nd.Array<double>(v);
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.Dropout(x, 0.4);
        var head = Check.RandArray(y.Shape, 4);
        y.Backward(head);
        var yv = y.ToArray<double>();
        var g = x.Grad!.ToArray<double>();
        var h = head.ToArray<double>();
        for (int i = 0; i < v.Length; i++) Assert.Equal(h[i] * yv[i] / v[i], g[i], 12);
        Assert.Contains(yv, t => t == 0);
    }

    [Fact]
    public void DropoutSharesTheMaskAlongAxes()
    {
        var x = Nd.Ones(new Shape(4, 50, 6), DType.Float64);
        NDArray[] outs;
        using (Autograd.TrainMode()) outs = Imperative.Invoke("Dropout", new OpAttrs { { "p", 0.5 }, { "axes", new[] { 1 } } }, x);
        Assert.Equal(new Shape(4, 1, 6), outs[1].Shape);
        var y = outs[0].ToArray<double>();
        for (int i = 0; i < 4; i++)
            for (int k = 0; k < 6; k++)
                for (int j = 1; j < 50; j++) Assert.Equal(y[(i * 50) * 6 + k], y[(i * 50 + j) * 6 + k]);
        Assert.Contains(y, t => t == 0);
        Assert.Contains(y, t => t == 2);
        Assert.Single(Nd.Ops("Dropout", new OpAttrs { { "p", 0.5 } }, x));
    }

    [Fact]
    public void DropoutIsReproducibleFromTheSeedAndAlwaysModeDrops()
    {
        var x = Nd.Ones(new Shape(257), DType.Float32);
        RandomGenerator.Global.Seed(7);
        var a = Nd.Dropout(x, 0.5, mode: "always").ToArray<float>();
        RandomGenerator.Global.Seed(7);
        var b = Nd.Dropout(x, 0.5, mode: "always").ToArray<float>();
        var c = Nd.Dropout(x, 0.5, mode: "always").ToArray<float>();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Contains(a, t => t == 0);
        using (Autograd.TrainMode()) Assert.All(Nd.Dropout(x, 1.0).ToArray<float>(), t => Assert.Equal(0f, t));
    }

    [Fact]
    public void DropoutErrors()
    {
        Check.Throws<ArgumentException>(() => Nd.Dropout(Nd.Zeros(2), 1.5), "Dropout", "p", "1.5");
        Check.Throws<ArgumentException>(() => Nd.Dropout(Nd.Zeros(2), mode: "sometimes"), "Dropout", "sometimes");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Dropout(Nd.Zeros(2, 3), axes: [2]), "Dropout", "axis 2", "(2, 3)");
    }
}
