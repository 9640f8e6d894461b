using Gluon.Ops;

namespace Gluon.Tests.Ops;

public class PoolingTests
{
    /// <summary>(data shape, kernel, stride, pad).</summary>
    private static readonly (int[] X, int[] K, int[] S, int[] P)[] Geometries =
    [
        ([1, 1, 1], [1], [1], [0]),
        ([2, 3, 17], [3], [2], [1]),
        ([1, 2, 10], [4], [3], [0]),
        ([2, 3, 7, 9], [3, 3], [2, 2], [1, 1]),
        ([1, 2, 8, 5], [2, 3], [2, 1], [0, 1]),
        ([2, 2, 5, 5], [3, 2], [3, 2], [1, 1]),
        ([1, 3, 33, 17], [2, 2], [2, 2], [0, 0]),
        ([2, 2, 4, 5, 6], [2, 3, 2], [2, 1, 2], [1, 1, 0]),
        ([1, 1, 3, 3, 3], [3, 3, 3], [1, 1, 1], [0, 0, 0]),
        ([0, 2, 6, 6], [2, 2], [2, 2], [0, 0]),
    ];

    public static TheoryData<int, string, string, bool> ForwardCases()
    {
        var d = new TheoryData<int, string, string, bool>();
        for (int i = 0; i < Geometries.Length; i++)
            foreach (var type in new[] { "max", "avg", "sum", "lp" })
                foreach (var conv in new[] { "valid", "full" })
                    foreach (bool cip in type == "avg" ? new[] { true, false } : new[] { true })
                        d.Add(i, type, conv, cip);
        return d;
    }

    [Theory]
    [MemberData(nameof(ForwardCases))]
    public void ForwardMatchesDirectLoops(int geo, string type, string convention, bool countIncludePad)
    {
        var (xs, k, s, p) = Geometries[geo];
        var x = Check.Rand(new Shape(xs).Size, geo, 0.1, 2);   // positive: lp with p = 3 stays real
        foreach (int pv in type == "lp" ? new[] { 1, 2, 3 } : new[] { 0 })
        {
            foreach (var dt in new[] { DType.Float64, DType.Float32 })
            {
                // An empty window (full convention past the padded edge) gives the dtype's lowest value for max.
                var expected = ConvRef.Pool(x, xs, k, s, p, type, convention, countIncludePad, pv, false, out var ys,
                    dt == DType.Float64 ? double.MinValue : float.MinValue);
                var X = Nd.Array<double>(x, xs).AsType(dt, copy: false);
                var y = Nd.Pooling(X, k, type, stride: s, pad: p, poolingConvention: convention,
                    pValue: type == "lp" ? pv : null, countIncludePad: type == "avg" ? countIncludePad : null);
                Assert.Equal(new Shape(ys), y.Shape);
                double tol = dt == DType.Float64 ? 1e-12 : 2e-6;
                Check.Close(y, expected, tol, tol, $"{type} {convention} p={pv} {dt}");
            }
        }
    }

    [Theory]
    [InlineData("max")]
    [InlineData("avg")]
    [InlineData("sum")]
    [InlineData("lp")]
    public void GlobalPoolingIgnoresKernelStrideAndPad(string type)
    {
        foreach (var xs in new[] { new[] { 2, 3, 7 }, new[] { 2, 3, 5, 6 }, new[] { 1, 2, 3, 4, 5 } })
        {
            var x = Check.Rand(new Shape(xs).Size, 7, 0.1, 2);
            var expected = ConvRef.Pool(x, xs, [], [], [], type, "valid", true, 2, true, out var ys);
            int[] kernel = xs.Length == 3 ? [2] : xs.Length == 4 ? [2, 2] : [2, 2, 2];
            var y = Nd.Pooling(Nd.Array<double>(x, xs), kernel, type, globalPool: true, stride: kernel, pad: kernel.Select(_ => 1).ToArray(), pValue: 2);
            Assert.Equal(new Shape(ys), y.Shape);
            Check.Close(y, expected, 1e-12, 1e-12, type);
            var y2 = Imperative.Invoke1("Pooling", new OpAttrs { { "global_pool", "True" }, { "pool_type", type }, { "p_value", 2 } }, Nd.Array<double>(x, xs));
            Check.Close(y2, expected, 1e-12, 1e-12, type + " without kernel");
        }
    }

    [Theory]
    [InlineData("max")]
    [InlineData("avg")]
    [InlineData("sum")]
    public void SameConventionIs1DCeilOfSizeOverStride(string type)
    {
        int[] xs = [2, 3, 11];
        var x = Check.Rand(new Shape(xs).Size, 9);
        foreach (var (k, s) in new[] { (3, 2), (2, 3), (4, 1), (1, 4) })
        {
            var expected = ConvRef.Pool(x, xs, [k], [s], [0], type, "same", true, 1, false, out var ys);
            Assert.Equal((11 + s - 1) / s, ys[2]);
            var y = Nd.Pooling(Nd.Array<double>(x, xs), [k], type, stride: [s], poolingConvention: "same");
            Assert.Equal(new Shape(ys), y.Shape);
            Check.Close(y, expected, 1e-12, 1e-12, $"same k={k} s={s}");
        }
    }

    [Fact]
    public void MaxPoolingDefaultsToStrideOneAndNoPad()
    {
        var x = Nd.Array<double>([1, 5, 2, 4, 3, 0], new Shape(1, 1, 6));
        Check.Close(Nd.Pooling(x, [2]), [5, 5, 4, 4, 3]);
        Check.Close(Nd.Pooling(x, [3], "avg", stride: [3]), [8.0 / 3, 7.0 / 3]);
    }

    public static TheoryData<string, string, bool, int> GradientCases()
    {
        var d = new TheoryData<string, string, bool, int>();
        foreach (var type in new[] { "max", "avg", "sum", "lp" })
            foreach (var conv in new[] { "valid", "full" })
                foreach (int geo in new[] { 1, 3, 5, 7 })
                    if (!(type == "max" && conv == "full" && geo == 5))   // has an empty window whose output is the lowest double
                        d.Add(type, conv, type != "avg" || geo % 2 == 1, geo);
        return d;
    }

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void GradientMatchesFiniteDifferences(string type, string convention, bool countIncludePad, int geo)
    {
        var (xs, k, s, p) = Geometries[geo];
        // Distinct values well apart so max windows have a clear winner under ±eps; positive for lp.
        var n = new Shape(xs).Size;
        var perm = Enumerable.Range(0, n).OrderBy(i => (i * 7919) % n).Select(i => 0.5 + i * 0.01).ToArray();
        var x = Nd.Array<double>(perm, xs);
        foreach (int pv in type == "lp" ? new[] { 1, 2, 3 } : new[] { 0 })
            Check.NumericGradient(a => Nd.Pooling(a[0], k, type, stride: s, pad: p, poolingConvention: convention,
                pValue: type == "lp" ? pv : null, countIncludePad: type == "avg" ? countIncludePad : null), [x]);
    }

    [Fact]
    public void GlobalAndSameGradients()
    {
        var x = Check.RandArray(new Shape(2, 3, 4, 5), 3, 0.1, 1);
        foreach (var type in new[] { "max", "avg", "sum" })
            Check.NumericGradient(a => Nd.Pooling(a[0], [1, 1], type, globalPool: true), [x]);
        var x1 = Check.RandArray(new Shape(2, 2, 9), 4);
        Check.NumericGradient(a => Nd.Pooling(a[0], [3], "max", stride: [2], poolingConvention: "same"), [x1]);
    }

    [Fact]
    public void MaxGradientGoesToTheFirstMaximum()
    {
        var x = Nd.Array<double>([3, 3, 1, 3], new Shape(1, 1, 4));
        x.AttachGrad();
        using (Autograd.Record()) Nd.Pooling(x, [2], stride: [2]).Backward();
        Check.Close(x.Grad!, [1, 0, 0, 1]);
    }

    [Fact]
    public void MaxSkipsNaNLikeMXNetComparisons()
    {
        foreach (var dt in new[] { DType.Float64, DType.Float32 })
        {
            var x = Nd.Array<double>([double.NaN, 1, 2, double.NaN, -3, double.NaN], new Shape(1, 1, 6)).AsType(dt, copy: false);
            Check.Close(Nd.Pooling(x, [2], stride: [2]), [1, 2, -3]);
            x.AttachGrad();
            using (Autograd.Record()) Nd.Pooling(x, [2], stride: [2]).Backward();
            Check.Close(x.Grad!, [0, 1, 1, 0, 1, 0]);
        }
    }

    /// <summary>
    /// Max pooling 2×2 stride 2 over data that it tiles exactly (the LeNet shape) has its own
    /// backward: against a plain first-maximum reference, with ties (values from {0, 1, 2}) and
    /// NaNs, widths that leave vector tails (10) or none (28), and planes enough for both cores.
    /// </summary>
    [Theory]
    [InlineData(new[] { 2, 3, 6, 10 }, "float32")]
    [InlineData(new[] { 2, 3, 6, 10 }, "float64")]
    [InlineData(new[] { 3, 2, 4, 28 }, "float32")]
    [InlineData(new[] { 8, 16, 28, 28 }, "float32")]
    [InlineData(new[] { 1, 1, 2, 2 }, "float64")]
    public void Max2x2GradientGoesToTheFirstMaximumOfEachWindow(int[] xs, string dtype)
    {
        var shape = new Shape(xs);
        int n = shape.Size, h = xs[2], w = xs[3], planes = xs[0] * xs[1];
        var r = new Random(5);
        var xv = new double[n];
        for (int i = 0; i < n; i++) xv[i] = r.Next(20) == 0 ? double.NaN : r.Next(3);
        var dt = DTypeInfo.Parse(dtype);
        var x = Nd.Array<double>(xv, shape).AsType(dt);
        var yShape = new Shape(xs[0], xs[1], h / 2, w / 2);
        var gv = Check.Rand(yShape.Size, 6, -2, 2);
        if (dt == DType.Float32) gv = gv.Select(v => (double)(float)v).ToArray();
        x.AttachGrad();
        using (Autograd.Record()) Nd.Pooling(x, [2, 2], "max", stride: [2, 2]).Backward(Nd.Array<double>(gv, yShape).AsType(dt));

        var expected = new double[n];
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < h / 2; i++)
                for (int j = 0; j < w / 2; j++)
                {
                    double m = double.NegativeInfinity;
                    for (int a = 0; a < 2; a++)
                        for (int b = 0; b < 2; b++)
                        {
                            double v = xv[(p * h + 2 * i + a) * w + 2 * j + b];
                            if (v > m) m = v;   // MXNet's forward skips NaN (a comparison with NaN is false)
                        }
                    bool done = false;
                    for (int a = 0; a < 2 && !done; a++)
                        for (int b = 0; b < 2 && !done; b++)
                        {
                            int at = (p * h + 2 * i + a) * w + 2 * j + b;
                            if (xv[at] == m) { expected[at] = gv[(p * (h / 2) + i) * (w / 2) + j]; done = true; }
                        }
                }
        Check.Close(x.Grad!, expected, 0, 0);
    }

    /// <summary>
    /// The float 2×2 stride-2 max forward has its own vector path: against MXNet's scan (start at
    /// the lowest value, take strictly greater values, so NaN is skipped and −∞ or all-NaN windows
    /// give the lowest value), at widths that use every vector width and the scalar tail.
    /// </summary>
    [Theory]
    [InlineData(new[] { 2, 3, 6, 10 }, "float32")]
    [InlineData(new[] { 3, 2, 4, 28 }, "float32")]
    [InlineData(new[] { 2, 2, 6, 70 }, "float32")]
    [InlineData(new[] { 8, 16, 28, 28 }, "float32")]
    [InlineData(new[] { 2, 3, 6, 10 }, "float64")]
    public void Max2x2ForwardMatchesTheScan(int[] xs, string dtype)
    {
        var shape = new Shape(xs);
        int n = shape.Size, h = xs[2], w = xs[3], planes = xs[0] * xs[1];
        var r = new Random(7);
        var xv = new double[n];
        for (int i = 0; i < n; i++)
            xv[i] = r.Next(16) switch { 0 => double.NaN, 1 => double.NegativeInfinity, 2 => double.PositiveInfinity, _ => r.Next(5) - 2 };
        // One window entirely NaN, one entirely −∞.
        xv[0] = xv[1] = xv[w] = xv[w + 1] = double.NaN;
        xv[2] = xv[3] = xv[w + 2] = xv[w + 3] = double.NegativeInfinity;
        var dt = DTypeInfo.Parse(dtype);
        double lowest = dt == DType.Float32 ? float.MinValue : double.MinValue;
        var expected = new double[planes * (h / 2) * (w / 2)];
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < h / 2; i++)
                for (int j = 0; j < w / 2; j++)
                {
                    double m = lowest;
                    for (int a = 0; a < 2; a++)
                        for (int b = 0; b < 2; b++)
                        {
                            double v = xv[(p * h + 2 * i + a) * w + 2 * j + b];
                            if (v > m) m = v;
                        }
                    expected[(p * (h / 2) + i) * (w / 2) + j] = m;
                }
        Check.Close(Nd.Pooling(Nd.Array<double>(xv, shape).AsType(dt), [2, 2], "max", stride: [2, 2]), expected, 0, 0);
    }

    [Fact]
    public void Max2x2GradientMatchesFiniteDifferences()
    {
        var xs = new Shape(2, 3, 6, 10);
        var perm = Enumerable.Range(0, xs.Size).OrderBy(i => (i * 7919) % xs.Size).Select(i => 0.5 + i * 0.01).ToArray();
        Check.NumericGradient(a => Nd.Pooling(a[0], [2, 2], "max", stride: [2, 2]), [Nd.Array<double>(perm, xs)]);
    }

    [Fact]
    public void BadInputsNameTheOpAndShapes()
    {
        var x = Nd.Zeros(2, 3, 5, 5);
        Check.Throws<ArgumentException>(() => Nd.Pooling(x, [7, 2]), "Pooling", "(7, 2)", "(2, 3, 5, 5)");
        Check.Throws<ArgumentException>(() => Nd.Pooling(x, [2]), "Pooling", "(2, 3, 5, 5)", "(2,)");
        Check.Throws<ArgumentException>(() => Nd.Pooling(Nd.Zeros(3, 5), [2]), "Pooling", "(3, 5)");
        Check.Throws<ArgumentException>(() => Nd.Pooling(x, [2, 2], stride: [1, 1, 1]), "Pooling", "stride", "(1, 1, 1)");
        Check.Throws<ArgumentException>(() => Nd.Pooling(x, [2, 2], "median"), "Pooling", "median");
        Check.Throws<ArgumentException>(() => Nd.Pooling(x, [2, 2], poolingConvention: "same"), "Pooling", "same", "(2, 3, 5, 5)");
        Check.Throws<ArgumentException>(() => Nd.Pooling(Nd.Zeros(1, 1, 5), [2], poolingConvention: "same", pad: [1]), "Pooling", "same", "pad");
        Check.Throws<ArgumentException>(() => Nd.Pooling(x), "Pooling", "kernel");
        Check.Throws<ArgumentException>(() => Nd.Pooling(x, [2, 2], "lp"), "Pooling", "p_value");
        Check.Throws<NotSupportedException>(() => Nd.Pooling(x, [2, 2], "lp", pValue: 4), "Pooling", "p_value");
        Check.Throws<NotSupportedException>(() => Nd.Pooling(x, [2, 2], layout: "NHWC"), "Pooling", "NHWC");
    }

    // ---- UpSampling ----------------------------------------------------------------------

    private static double[] UpRef(double[] x, int[] xs, int sh, int sw)
    {
        int n = xs[0], c = xs[1], h = xs[2], w = xs[3];
        var y = new double[n * c * h * sh * w * sw];
        for (int p = 0; p < n * c; p++)
            for (int i = 0; i < h * sh; i++)
                for (int j = 0; j < w * sw; j++)
                    y[(p * h * sh + i) * w * sw + j] = x[(p * h + i / sh) * w + j / sw];
        return y;
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1, 1 }, 1)]
    [InlineData(new[] { 2, 3, 4, 5 }, 2)]
    [InlineData(new[] { 1, 2, 3, 17 }, 3)]
    [InlineData(new[] { 0, 2, 3, 3 }, 2)]
    public void UpSamplingNearestRepeatsPixels(int[] xs, int scale)
    {
        var x = Check.Rand(new Shape(xs).Size, 5);
        var expected = UpRef(x, xs, scale, scale);
        foreach (var dt in new[] { DType.Float64, DType.Float32 })
        {
            var y = Nd.UpSampling(Nd.Array<double>(x, xs).AsType(dt, copy: false), scale);
            Assert.Equal(new Shape(xs[0], xs[1], xs[2] * scale, xs[3] * scale), y.Shape);
            Check.Close(y, expected, 1e-6, 1e-6);
        }
        if (xs[0] > 0) Check.NumericGradient(a => Nd.UpSampling(a[0], scale), [Nd.Array<double>(x, xs)]);
    }

    [Fact]
    public void UpSamplingTupleScale()
    {
        var x = Check.Rand(12, 1);
        var y = Imperative.Invoke1("UpSampling", new OpAttrs { { "scale", "(2, 3)" }, { "sample_type", "nearest" } }, Nd.Array<double>(x, new Shape(1, 2, 2, 3)));
        Check.Close(y, UpRef(x, [1, 2, 2, 3], 2, 3));
    }

    [Theory]
    [InlineData("concat")]
    [InlineData("sum")]
    public void UpSamplingSeveralInputs(string mode)
    {
        int[] s0 = [2, 2, 2, 3], s1 = [2, 2, 4, 6], s2 = [2, 2, 1, 1];
        var x0 = Check.Rand(new Shape(s0).Size, 1);
        var x1 = Check.Rand(new Shape(s1).Size, 2);
        var x2 = Check.Rand(new Shape(s2).Size, 3);
        var u0 = UpRef(x0, s0, 2, 2); var u1 = UpRef(x1, s1, 1, 1); var u2 = UpRef(x2, s2, 4, 6);
        int plane = 4 * 6, c = 2;
        double[] expected;
        if (mode == "sum") expected = u0.Select((v, i) => v + u1[i] + u2[i]).ToArray();
        else
        {
            expected = new double[2 * 3 * c * plane];
            for (int n = 0; n < 2; n++)
                for (int k = 0; k < 3; k++)
                {
                    var src = k == 0 ? u0 : k == 1 ? u1 : u2;
                    Array.Copy(src, n * c * plane, expected, (n * 3 + k) * c * plane, c * plane);
                }
        }
        NDArray[] ins = [Nd.Array<double>(x0, s0), Nd.Array<double>(x1, s1), Nd.Array<double>(x2, s2)];
        var y = Nd.UpSampling(ins, 2, multiInputMode: mode);
        Assert.Equal(new Shape(2, mode == "sum" ? 2 : 6, 4, 6), y.Shape);
        Check.Close(y, expected, 1e-12, 1e-12);
        Check.NumericGradient(a => Nd.UpSampling(a, 2, multiInputMode: mode), ins);
    }

    [Fact]
    public void UpSamplingBadInputs()
    {
        var x = Nd.Zeros(1, 2, 3, 3);
        Check.Throws<NotSupportedException>(() => Nd.UpSampling(x, 2, "bilinear"), "UpSampling", "bilinear");
        Check.Throws<ArgumentException>(() => Nd.UpSampling(Nd.Zeros(2, 3, 3), 2), "UpSampling", "(2, 3, 3)");
        Check.Throws<ArgumentException>(() => Nd.UpSampling([x, Nd.Zeros(1, 2, 4, 4)], 2), "UpSampling", "(1, 2, 4, 4)", "(6, 6)");
        Check.Throws<ArgumentException>(() => Nd.UpSampling([x, Nd.Zeros(1, 3, 3, 3)], 2, multiInputMode: "sum"), "UpSampling", "(1, 3, 3, 3)", "(1, 2, 3, 3)");
        Check.Throws<ArgumentException>(() => Nd.UpSampling(x, 0), "UpSampling", "scale");
    }
}
