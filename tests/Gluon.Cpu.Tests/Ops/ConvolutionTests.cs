using Gluon.Ops;

namespace Gluon.Tests.Ops;

public class ConvolutionTests
{
    /// <summary>(data shape, num_filter, kernel, stride, pad, dilate, groups, bias).</summary>
    public static TheoryData<int[], int, int[], int[], int[], int[], int, bool> ForwardCases() => new()
    {
        // 1-D
        { [1, 1, 1], 1, [1], [1], [0], [1], 1, false },
        { [2, 3, 17], 4, [3], [1], [0], [1], 1, true },
        { [2, 4, 19], 6, [5], [2], [2], [1], 2, true },
        { [1, 3, 33], 5, [3], [3], [1], [2], 1, false },
        { [2, 6, 9], 6, [3], [1], [1], [1], 6, true },             // depthwise
        { [0, 3, 8], 2, [3], [1], [0], [1], 1, true },             // empty batch
        // 2-D
        { [1, 3, 7, 5], 4, [3, 3], [1, 1], [0, 0], [1, 1], 1, true },
        { [2, 3, 9, 11], 5, [3, 2], [2, 1], [1, 0], [1, 1], 1, true },
        { [2, 4, 10, 13], 6, [3, 3], [1, 2], [2, 1], [2, 1], 2, false },
        { [2, 8, 7, 7], 8, [3, 3], [1, 1], [1, 1], [1, 1], 8, true },   // depthwise
        { [1, 6, 5, 6], 3, [1, 1], [1, 1], [0, 0], [1, 1], 3, true },   // pointwise, grouped
        { [2, 3, 17, 18], 16, [1, 1], [2, 2], [0, 0], [1, 1], 1, false },// 1x1 with stride (not pointwise)
        { [1, 2, 3, 3], 3, [3, 3], [1, 1], [0, 0], [1, 1], 1, true },   // output 1x1
        { [1, 2, 1, 1], 3, [3, 3], [1, 1], [1, 1], [1, 1], 1, true },   // 1x1 input, padded
        { [2, 3, 5, 8], 2, [2, 3], [3, 2], [1, 2], [2, 3], 1, true },
        // 3-D
        { [1, 2, 4, 5, 6], 3, [2, 3, 3], [1, 1, 1], [0, 1, 1], [1, 1, 1], 1, true },
        { [2, 4, 5, 6, 7], 4, [3, 2, 3], [2, 1, 2], [1, 0, 1], [1, 2, 1], 2, false },
        { [2, 3, 3, 4, 5], 3, [1, 3, 3], [1, 1, 1], [0, 1, 1], [1, 1, 1], 3, true },
    };

    [Theory]
    [MemberData(nameof(ForwardCases))]
    public void ForwardMatchesDirectLoops(int[] xs, int f, int[] k, int[] s, int[] p, int[] d, int g, bool bias)
    {
        int[] ws = [f, xs[1] / g, .. k];
        var x = Check.Rand(new Shape(xs).Size, 1);
        var w = Check.Rand(new Shape(ws).Size, 2);
        var b = bias ? Check.Rand(f, 3) : null;
        var expected = ConvRef.Conv(x, xs, w, ws, b, s, p, d, g, out var ys);
        foreach (var dt in new[] { DType.Float64, DType.Float32 })
        {
            var X = Nd.Array<double>(x, xs).AsType(dt, copy: false);
            var W = Nd.Array<double>(w, ws).AsType(dt, copy: false);
            var B = b is null ? null : Nd.Array<double>(b).AsType(dt, copy: false);
            var y = Nd.Convolution(X, W, B, k, f, stride: s, pad: p, dilate: d, numGroup: g);
            Assert.Equal(new Shape(ys), y.Shape);
            Assert.Equal(dt, y.DType);
            double tol = dt == DType.Float64 ? 1e-12 : 2e-5;
            Check.Close(y, expected, tol, tol, $"Convolution {dt}");
        }
    }

    [Fact]
    public void DefaultStrideDilatePadAndAttributeSpellings()
    {
        int[] xs = [2, 3, 6, 7], ws = [4, 3, 3, 3];
        var x = Check.Rand(new Shape(xs).Size, 4);
        var w = Check.Rand(new Shape(ws).Size, 5);
        var expected = ConvRef.Conv(x, xs, w, ws, null, [1, 1], [0, 0], [1, 1], 1, out _);
        var attrs = new OpAttrs { { "kernel", "(3, 3)" }, { "num_filter", "4" }, { "no_bias", "True" }, { "stride", "()" }, { "layout", "NCHW" } };
        var y = Imperative.Invoke1("Convolution", attrs, Nd.Array<double>(x, xs), Nd.Array<double>(w, ws));
        Check.Close(y, expected, 1e-12, 1e-12);
    }

    [Fact]
    public void LargerBatchRunsThreadedAndMatches()
    {
        int[] xs = [6, 5, 23, 21], ws = [7, 5, 3, 3];
        var x = Check.Rand(new Shape(xs).Size, 6);
        var w = Check.Rand(new Shape(ws).Size, 7);
        var b = Check.Rand(7, 8);
        var expected = ConvRef.Conv(x, xs, w, ws, b, [2, 1], [1, 1], [1, 2], 1, out _);
        var y = Nd.Convolution(Nd.Array<double>(x, xs).AsType(DType.Float32), Nd.Array<double>(w, ws).AsType(DType.Float32),
            Nd.Array<double>(b).AsType(DType.Float32), [3, 3], 7, stride: [2, 1], pad: [1, 1], dilate: [1, 2]);
        Check.Close(y, expected, 2e-5, 2e-5);
    }

    [Theory]
    [InlineData(new[] { 2, 4, 7 }, 4, new[] { 3 }, new[] { 2 }, new[] { 1 }, new[] { 1 }, 2)]
    [InlineData(new[] { 1, 2, 5, 4 }, 3, new[] { 3, 2 }, new[] { 1, 2 }, new[] { 1, 0 }, new[] { 2, 1 }, 1)]
    [InlineData(new[] { 2, 3, 4, 4 }, 3, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, 3)]
    [InlineData(new[] { 1, 2, 3, 4, 3 }, 2, new[] { 2, 2, 2 }, new[] { 1, 2, 1 }, new[] { 1, 0, 1 }, new[] { 1, 1, 1 }, 1)]
    public void GradientsOfDataWeightAndBias(int[] xs, int f, int[] k, int[] s, int[] p, int[] d, int g)
    {
        int[] ws = [f, xs[1] / g, .. k];
        var x = Check.RandArray(new Shape(xs), 11);
        var w = Check.RandArray(new Shape(ws), 12);
        var b = Check.RandArray(new Shape(f), 13);
        Check.NumericGradient(a => Nd.Convolution(a[0], a[1], a[2], k, f, stride: s, pad: p, dilate: d, numGroup: g), [x, w, b]);
        Check.NumericGradient(a => Nd.Convolution(a[0], a[1], null, k, f, stride: s, pad: p, dilate: d, numGroup: g), [x, w]);
    }

    [Fact]
    public void IntegerInputsComputeThroughTheFloatFallback()
    {
        int[] xs = [1, 2, 4, 5], ws = [3, 2, 2, 2];
        var x = Enumerable.Range(0, 40).Select(i => (double)(i % 7 - 3)).ToArray();
        var w = Enumerable.Range(0, 24).Select(i => (double)(i % 5 - 2)).ToArray();
        var expected = ConvRef.Conv(x, xs, w, ws, null, [1, 1], [0, 0], [1, 1], 1, out _);
        var y = Nd.Convolution(Nd.Array<double>(x, xs).AsType(DType.Int32), Nd.Array<double>(w, ws).AsType(DType.Int32), null, [2, 2], 3);
        Assert.Equal(DType.Int32, y.DType);
        Check.Close(y, expected, 0, 0);
    }

    [Fact]
    public void InferInputShapesFillsWeightAndBias()
    {
        var op = OpRegistry.Get("Convolution");
        var param = op.Parse(new OpAttrs { { "kernel", new[] { 3, 5 } }, { "num_filter", 8 }, { "num_group", 2 } });
        var r = op.InferInputShapes(param, [new Shape(2, 6, 10, 11), null, null]);
        Assert.Equal(new Shape(8, 3, 3, 5), r[1]);
        Assert.Equal(new Shape(8), r[2]);
        Assert.Equal(["data", "weight", "bias"], op.InputNames(param));
        var nb = op.Parse(new OpAttrs { { "kernel", new[] { 3 } }, { "num_filter", 4 }, { "no_bias", true } });
        Assert.Equal(["data", "weight"], op.InputNames(nb));
        Assert.Equal(new Shape(4, 5, 3), op.InferInputShapes(nb, [new Shape(1, 5, 9), null])[1]);
    }

    [Fact]
    public void BadInputsNameTheOpAndShapes()
    {
        var x = Nd.Zeros(2, 6, 5, 5);
        Check.Throws<ArgumentException>(() => Nd.Convolution(x, Nd.Zeros(4, 3, 3, 3), null, [3, 3], 4, numGroup: 4),
            "Convolution", "(2, 6, 5, 5)", "num_group");
        Check.Throws<ArgumentException>(() => Nd.Convolution(x, Nd.Zeros(4, 6, 7, 7), null, [7, 7], 4),
            "Convolution", "(2, 6, 5, 5)", "(7, 7)");
        Check.Throws<ArgumentException>(() => Nd.Convolution(Nd.Zeros(6, 5, 5), Nd.Zeros(4, 6, 3, 3), null, [3, 3], 4),
            "Convolution", "(6, 5, 5)");
        Check.Throws<ArgumentException>(() => Nd.Convolution(x, Nd.Zeros(4, 6, 3, 2), null, [3, 3], 4),
            "Convolution", "weight", "(4, 6, 3, 2)", "(4, 6, 3, 3)");
        Check.Throws<ArgumentException>(() => Nd.Convolution(x, Nd.Zeros(4, 6, 3, 3), Nd.Zeros(5), [3, 3], 4),
            "Convolution", "bias", "(5,)");
        Check.Throws<ArgumentException>(() => Nd.Convolution(x, Nd.Zeros(6, 3, 3, 3), null, [3, 3], 6, stride: [1, 1, 1]),
            "Convolution", "stride", "(1, 1, 1)");
        Check.Throws<ArgumentException>(() => Nd.Convolution(x, Nd.Zeros(5, 3, 3, 3), null, [3, 3], 5, numGroup: 2),
            "Convolution", "num_filter 5");
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("Convolution", new OpAttrs { { "num_filter", 4 } }, x, Nd.Zeros(4, 6, 3, 3)),
            "Convolution", "kernel");
        Check.Throws<NotSupportedException>(() => Nd.Convolution(x, Nd.Zeros(4, 6, 3, 3), null, [3, 3], 4, layout: "NHWC"),
            "Convolution", "NHWC");
    }

    // ---- Deconvolution -------------------------------------------------------------------

    /// <summary>(data shape, num_filter, kernel, stride, pad, dilate, adj, groups, bias).</summary>
    public static TheoryData<int[], int, int[], int[], int[], int[], int[], int, bool> DeconvCases() => new()
    {
        { [1, 1, 1], 1, [1], [1], [0], [1], [0], 1, false },
        { [2, 3, 7], 4, [3], [2], [1], [1], [1], 1, true },
        { [2, 4, 9], 6, [4], [3], [0], [2], [2], 2, false },
        { [1, 2, 4, 5], 3, [3, 3], [1, 1], [0, 0], [1, 1], [0, 0], 1, true },
        { [2, 4, 5, 3], 4, [3, 2], [2, 3], [1, 0], [1, 2], [1, 2], 2, true },
        { [2, 6, 4, 4], 6, [3, 3], [2, 2], [1, 1], [1, 1], [0, 0], 6, false },   // depthwise
        { [1, 4, 3, 3], 2, [1, 1], [1, 1], [0, 0], [1, 1], [0, 0], 1, true },   // pointwise
        { [1, 2, 3, 2, 4], 3, [2, 3, 2], [2, 1, 2], [0, 1, 1], [1, 1, 2], [1, 0, 0], 1, true },
    };

    [Theory]
    [MemberData(nameof(DeconvCases))]
    public void DeconvolutionMatchesScatterReference(int[] xs, int f, int[] k, int[] s, int[] p, int[] d, int[] adj, int g, bool bias)
    {
        int[] ws = [xs[1], f / g, .. k];
        var outSp = new int[k.Length];
        for (int i = 0; i < k.Length; i++) outSp[i] = ConvRef.DeconvOut(xs[i + 2], k[i], s[i], p[i], d[i], adj[i]);
        var x = Check.Rand(new Shape(xs).Size, 21);
        var w = Check.Rand(new Shape(ws).Size, 22);
        var b = bias ? Check.Rand(f, 23) : null;
        var expected = ConvRef.Deconv(x, xs, w, ws, b, s, p, d, g, outSp, out var ys);
        foreach (var dt in new[] { DType.Float64, DType.Float32 })
        {
            var y = Nd.Deconvolution(Nd.Array<double>(x, xs).AsType(dt, copy: false), Nd.Array<double>(w, ws).AsType(dt, copy: false),
                b is null ? null : Nd.Array<double>(b).AsType(dt, copy: false), k, f, stride: s, pad: p, dilate: d, adj: adj, numGroup: g);
            Assert.Equal(new Shape(ys), y.Shape);
            double tol = dt == DType.Float64 ? 1e-12 : 2e-5;
            Check.Close(y, expected, tol, tol, $"Deconvolution {dt}");
        }
    }

    [Theory]
    [InlineData(new[] { 2, 4, 11 }, 6, new[] { 3 }, new[] { 2 }, new[] { 1 }, new[] { 2 }, 2)]
    [InlineData(new[] { 2, 3, 7, 6 }, 4, new[] { 3, 2 }, new[] { 2, 1 }, new[] { 1, 1 }, new[] { 1, 2 }, 1)]
    [InlineData(new[] { 1, 2, 4, 5, 3 }, 2, new[] { 2, 3, 1 }, new[] { 1, 2, 1 }, new[] { 0, 1, 0 }, new[] { 2, 1, 1 }, 2)]
    public void DeconvolutionIsTheAdjointOfConvolution(int[] xs, int f, int[] k, int[] s, int[] p, int[] d, int g)
    {
        // <conv(x), y> = <x, deconv(y)> for the same weight (F, C/g, k...), no bias; deconv maps F → C channels.
        int c = xs[1];
        var x = Check.RandArray(new Shape(xs), 31);
        var w = Check.RandArray(new Shape([f, c / g, .. k]), 32);
        var cx = Nd.Convolution(x, w, null, k, f, stride: s, pad: p, dilate: d, numGroup: g);
        var y = Check.RandArray(cx.Shape, 33);
        var adj = new int[k.Length];
        for (int i = 0; i < k.Length; i++) adj[i] = xs[i + 2] - ConvRef.DeconvOut(cx.Shape[i + 2], k[i], s[i], p[i], d[i], 0);
        var dy = Nd.Deconvolution(y, w, null, k, c, stride: s, pad: p, dilate: d, adj: adj, numGroup: g);
        Assert.Equal(x.Shape, dy.Shape);
        double lhs = Dot(cx.ToArray<double>(), y.ToArray<double>());
        double rhs = Dot(x.ToArray<double>(), dy.ToArray<double>());
        Assert.True(Math.Abs(lhs - rhs) <= 1e-10 * Math.Max(1, Math.Abs(lhs)), $"<conv(x), y> = {lhs}, <x, deconv(y)> = {rhs}");
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    [Fact]
    public void DeconvolutionTargetShapeSetsPadAndAdj()
    {
        int[] xs = [1, 2, 4, 5], ws = [2, 3, 3, 3];
        var x = Check.Rand(new Shape(xs).Size, 41);
        var w = Check.Rand(new Shape(ws).Size, 42);
        // full size: 2·3 + 3 = 9 and 2·4 + 3 = 11; targets 8 and 10 give excess 1 → pad 1, adj 1.
        var y = Nd.Deconvolution(Nd.Array<double>(x, xs), Nd.Array<double>(w, ws), null, [3, 3], 3, stride: [2, 2], targetShape: [8, 10]);
        var expected = ConvRef.Deconv(x, xs, w, ws, null, [2, 2], [1, 1], [1, 1], 1, [8, 10], out _);
        Assert.Equal(new Shape(1, 3, 8, 10), y.Shape);
        Check.Close(y, expected, 1e-12, 1e-12);
        // Excess 2 → pad 1, adj 0 (target 7 on an axis of full size 9).
        var y2 = Nd.Deconvolution(Nd.Array<double>(x, xs), Nd.Array<double>(w, ws), null, [3, 3], 3, stride: [2, 2], pad: [5, 5], targetShape: [7, 11]);
        var expected2 = ConvRef.Deconv(x, xs, w, ws, null, [2, 2], [1, 0], [1, 1], 1, [7, 11], out _);
        Check.Close(y2, expected2, 1e-12, 1e-12);
    }

    [Theory]
    [InlineData(new[] { 2, 4, 5 }, 6, new[] { 3 }, new[] { 2 }, new[] { 1 }, new[] { 1 }, new[] { 1 }, 2)]
    [InlineData(new[] { 1, 2, 3, 4 }, 3, new[] { 3, 2 }, new[] { 2, 1 }, new[] { 1, 0 }, new[] { 1, 2 }, new[] { 0, 0 }, 1)]
    [InlineData(new[] { 1, 2, 2, 3, 2 }, 2, new[] { 2, 2, 2 }, new[] { 2, 1, 1 }, new[] { 0, 1, 0 }, new[] { 1, 1, 1 }, new[] { 1, 0, 0 }, 1)]
    public void DeconvolutionGradients(int[] xs, int f, int[] k, int[] s, int[] p, int[] d, int[] adj, int g)
    {
        int[] ws = [xs[1], f / g, .. k];
        var x = Check.RandArray(new Shape(xs), 51);
        var w = Check.RandArray(new Shape(ws), 52);
        var b = Check.RandArray(new Shape(f), 53);
        Check.NumericGradient(a => Nd.Deconvolution(a[0], a[1], a[2], k, f, stride: s, pad: p, dilate: d, adj: adj, numGroup: g), [x, w, b]);
        Check.NumericGradient(a => Nd.Deconvolution(a[0], a[1], null, k, f, stride: s, pad: p, dilate: d, adj: adj, numGroup: g), [x, w]);
    }

    [Fact]
    public void DeconvolutionDefaultsAndShapeInference()
    {
        var op = OpRegistry.Get("Deconvolution");
        var param = op.Parse(new OpAttrs { { "kernel", new[] { 4, 4 } }, { "num_filter", 6 }, { "num_group", 2 } });
        Assert.Equal(["data", "weight"], op.InputNames(param));   // no_bias defaults to true
        var r = op.InferInputShapes(param, [new Shape(1, 4, 5, 5), null]);
        Assert.Equal(new Shape(4, 3, 4, 4), r[1]);
        Assert.Equal(new Shape(1, 6, 8, 8), op.InferShape(param, [new Shape(1, 4, 5, 5), new Shape(4, 3, 4, 4)])[0]);
        var withBias = op.Parse(new OpAttrs { { "kernel", new[] { 3 } }, { "num_filter", 5 }, { "no_bias", false } });
        Assert.Equal(new Shape(5), op.InferInputShapes(withBias, [new Shape(1, 2, 7), null, null])[2]);
    }

    [Fact]
    public void DeconvolutionBadInputsNameTheOpAndShapes()
    {
        var x = Nd.Zeros(1, 3, 4, 4);
        Check.Throws<ArgumentException>(() => Nd.Deconvolution(x, Nd.Zeros(3, 2, 3, 3), null, [3, 3], 4, numGroup: 2),
            "Deconvolution", "(1, 3, 4, 4)", "num_group");
        Check.Throws<ArgumentException>(() => Nd.Deconvolution(x, Nd.Zeros(3, 4, 3, 2), null, [3, 3], 4),
            "Deconvolution", "weight", "(3, 4, 3, 2)", "(3, 4, 3, 3)");
        Check.Throws<ArgumentException>(() => Nd.Deconvolution(x, Nd.Zeros(3, 4, 3, 3), null, [3, 3], 4, stride: [2, 2], adj: [2, 0]),
            "Deconvolution", "adj", "stride");
        Check.Throws<ArgumentException>(() => Nd.Deconvolution(x, Nd.Zeros(3, 4, 3, 3), null, [3, 3], 4, targetShape: [20, 6]),
            "Deconvolution", "target_shape", "(1, 3, 4, 4)");
        Check.Throws<ArgumentException>(() => Nd.Deconvolution(Nd.Zeros(3, 4, 4), Nd.Zeros(3, 4, 3, 3), null, [3, 3], 4),
            "Deconvolution", "(3, 4, 4)");
        Check.Throws<NotSupportedException>(() => Nd.Deconvolution(x, Nd.Zeros(3, 4, 3, 3), null, [3, 3], 4, layout: "NHWC"),
            "Deconvolution", "NHWC");
    }

    /// <summary>
    /// When the data needs no gradient (a first layer), backward skips the data gradient: the
    /// weight and bias gradients are those of a run where the data has one, and the backward op
    /// asked to skip it returns zeros for it.
    /// </summary>
    [Theory]
    [InlineData("Convolution")]
    [InlineData("Deconvolution")]
    public void DataGradientIsSkippedWhenNothingNeedsIt(string op)
    {
        int[] xs = [3, 4, 9, 8];
        int[] ws = op == "Convolution" ? [6, 2, 3, 3] : [4, 3, 3, 3];
        NDArray[] Grads(bool dataGrad)
        {
            var x = Check.RandArray(new Shape(xs), 71);
            var w = Check.RandArray(new Shape(ws), 72);
            var b = Check.RandArray(new Shape(6), 73);
            if (dataGrad) x.AttachGrad();
            w.AttachGrad(); b.AttachGrad();
            NDArray y;
            using (Autograd.Record())
                y = op == "Convolution"
                    ? Nd.Convolution(x, w, b, [3, 3], 6, stride: [2, 1], pad: [1, 1], numGroup: 2)
                    : Nd.Deconvolution(x, w, b, [3, 3], 6, stride: [2, 1], pad: [1, 1], numGroup: 2);
            y.Backward(Check.RandArray(y.Shape, 74));
            Assert.Equal(dataGrad, x.Grad is not null);
            return [w.Grad!, b.Grad!];
        }
        var full = Grads(true);
        var skipped = Grads(false);
        for (int i = 0; i < 2; i++) Check.Close(full[i], skipped[i], 0, 0);

        var xa = Check.RandArray(new Shape(xs), 75);
        var wa = Check.RandArray(new Shape(ws), 76);
        var attrs = new OpAttrs { { "kernel", new[] { 3, 3 } }, { "num_filter", 6 }, { "num_group", 2 }, { "no_bias", true }, { "skip_data_grad", true } };
        var ya = op == "Convolution" ? Nd.Convolution(xa, wa, null, [3, 3], 6, numGroup: 2) : Nd.Deconvolution(xa, wa, null, [3, 3], 6, numGroup: 2);
        var g = Imperative.Invoke("_backward_" + op, attrs, Check.RandArray(ya.Shape, 77), xa, wa);
        Check.Close(g[0], new double[xa.Shape.Size], 0, 0);
        attrs.Set("skip_data_grad", false);
        var gFull = Imperative.Invoke("_backward_" + op, attrs, Check.RandArray(ya.Shape, 77), xa, wa);
        Check.Close(g[1], gFull[1], 0, 0);
    }

    [Theory]
    [InlineData("Convolution")]
    [InlineData("Deconvolution")]
    public void Float32BackwardMatchesFloat64(string op)
    {
        int[] xs = [3, 4, 9, 8];
        int[] ws = op == "Convolution" ? [6, 2, 3, 3] : [4, 3, 3, 3];
        NDArray[] Grads(DType dt)
        {
            var x = Check.RandArray(new Shape(xs), 61, dtype: dt);
            var w = Check.RandArray(new Shape(ws), 62, dtype: dt);
            var b = Check.RandArray(new Shape(6), 63, dtype: dt);
            x.AttachGrad(); w.AttachGrad(); b.AttachGrad();
            NDArray y;
            using (Autograd.Record())
                y = op == "Convolution"
                    ? Nd.Convolution(x, w, b, [3, 3], 6, stride: [2, 1], pad: [1, 1], numGroup: 2)
                    : Nd.Deconvolution(x, w, b, [3, 3], 6, stride: [2, 1], pad: [1, 1], numGroup: 2);
            y.Backward(Check.RandArray(y.Shape, 64, dtype: dt));
            return [x.Grad!, w.Grad!, b.Grad!];
        }
        var g64 = Grads(DType.Float64);
        var g32 = Grads(DType.Float32);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(DType.Float32, g32[i].DType);
            Check.Close(g32[i].ToArray<double>(), g64[i].ToArray<double>(), 1e-4, 1e-4, $"{op} grad {i}");
        }
    }

    [Fact]
    public void BackwardOpsCheckTheirShapesAndAliasesResolve()
    {
        var attrs = new OpAttrs { { "kernel", new[] { 3 } }, { "num_filter", 2 }, { "no_bias", true } };
        Check.Throws<ArgumentException>(() => Imperative.Invoke("_backward_Convolution", attrs, Nd.Zeros(1, 2, 4), Nd.Zeros(1, 3, 7), Nd.Zeros(2, 3, 3)),
            "_backward_Convolution", "out_grad", "(1, 2, 4)", "(1, 2, 5)");
        Check.Throws<ArgumentException>(() => Imperative.Invoke("_backward_Deconvolution", attrs, Nd.Zeros(1, 2, 4), Nd.Zeros(1, 3, 7), Nd.Zeros(3, 2, 3)),
            "_backward_Deconvolution", "out_grad", "(1, 2, 4)", "(1, 2, 9)");
        Assert.Same(OpRegistry.Get("Convolution"), OpRegistry.Get("_npx_convolution"));
        Assert.Same(OpRegistry.Get("Deconvolution"), OpRegistry.Get("_npx_deconvolution"));
        Assert.Same(OpRegistry.Get("Pooling"), OpRegistry.Get("_npx_pooling"));
    }
}
