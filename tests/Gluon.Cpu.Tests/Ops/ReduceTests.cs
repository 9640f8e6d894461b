using Gluon.Ops;

namespace Gluon.Tests.Ops;

public class ReduceTests
{
    private static readonly int[][] Shapes =
    [
        [], [7], [0], [1], [17], [3, 5], [4, 1, 6], [2, 3, 4], [5, 0, 3], [3, 17, 2, 5], [1, 1, 1], [33, 2], [2, 3, 1, 4],
    ];

    private static readonly Dictionary<string, Func<List<double>, double>> Ref = new()
    {
        ["sum"] = v => v.Sum(),
        ["mean"] = v => v.Count == 0 ? double.NaN : v.Sum() / v.Count,
        ["prod"] = v => v.Aggregate(1.0, (a, b) => a * b),
        ["max"] = v => v.Contains(double.NaN) ? double.NaN : v.Max(),
        ["min"] = v => v.Contains(double.NaN) ? double.NaN : v.Min(),
        ["nansum"] = v => v.Where(t => !double.IsNaN(t)).Sum(),
        ["nanprod"] = v => v.Where(t => !double.IsNaN(t)).Aggregate(1.0, (a, b) => a * b),
    };

    /// <summary>Every subset of the axes of a rank, in both positive and (for odd subsets) negative spelling, plus null.</summary>
    private static IEnumerable<int[]?> AxisSets(int rank)
    {
        yield return null;
        for (int bits = 1; bits < 1 << rank; bits++)
        {
            var ax = Enumerable.Range(0, rank).Where(i => (bits >> i & 1) != 0).ToArray();
            yield return ax;
            if (bits % 2 == 1) yield return ax.Select(a => a - rank).Reverse().ToArray();
        }
    }

    private static double[] Values(string op, int n, int seed)
    {
        var v = Check.Rand(n, seed, op.Contains("prod") ? 0.6 : -1, op.Contains("prod") ? 1.4 : 1);
        if (op.StartsWith("nan")) for (int i = 0; i < n; i += 3) v[i] = double.NaN;
        return v;
    }

    [Theory]
    [InlineData("sum")]
    [InlineData("mean")]
    [InlineData("prod")]
    [InlineData("max")]
    [InlineData("min")]
    [InlineData("nansum")]
    [InlineData("nanprod")]
    public void ReductionsMatchReferenceOverAllAxisSets(string op)
    {
        int cases = 0;
        foreach (var dims in Shapes)
        {
            var s = new Shape(dims);
            var v = Values(op, s.Size, s.Size + dims.Length);
            var x64 = Nd.Array<double>(v, s);
            var x32 = x64.AsType(DType.Float32);
            var v32 = v.Select(t => (double)(float)t).ToArray();
            foreach (var axis in AxisSets(s.Rank))
            {
                foreach (bool keep in new[] { false, true })
                {
                    foreach (bool exclude in new[] { false, true })
                    {
                        if (exclude && axis is null) continue;
                        var mask = ReduceRef.Mask(s.Rank, axis, exclude);
                        var outShape = ReduceRef.OutShape(s, mask, keep);
                        var attrs = Nd.ReduceAttrs(axis, keep, exclude);
                        string what = $"{op} {s} axis={(axis is null ? "None" : Shape.Format(axis))} keepdims={keep} exclude={exclude}";
                        bool emptyReduce = s.Size == 0 && outShape.Size > 0;
                        if (op is "max" or "min" && emptyReduce)
                        {
                            Check.Throws<ArgumentException>(() => Imperative.Invoke1(op, attrs, x64), op, s.ToString());
                            continue;
                        }
                        var expected = ReduceRef.Reduce(v, s, mask, Ref[op]);
                        var y = Imperative.Invoke1(op, attrs, x64);
                        Assert.Equal(outShape, y.Shape);
                        Check.Close(y, expected, 1e-12, 1e-12, what);
                        var y32 = Imperative.Invoke1(op, attrs, x32);
                        Assert.Equal(DType.Float32, y32.DType);
                        Check.Close(y32, ReduceRef.Reduce(v32, s, mask, Ref[op]), 2e-5, 2e-5, what + " float32");
                        cases++;
                    }
                }
            }
        }
        Assert.True(cases > 300, $"only {cases} cases ran");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NormMatchesReference(int ord)
    {
        Func<List<double>, double> f = ord == 1 ? v => v.Sum(Math.Abs) : v => Math.Sqrt(v.Sum(t => t * t));
        foreach (var dims in Shapes)
        {
            var s = new Shape(dims);
            var v = Check.Rand(s.Size, s.Size + 11, -2, 2);
            var x = Nd.Array<double>(v, s);
            foreach (var axis in AxisSets(s.Rank))
            {
                foreach (bool keep in new[] { false, true })
                {
                    var mask = ReduceRef.Mask(s.Rank, axis, false);
                    var y = Nd.Norm(x, ord, axis, keep);
                    Assert.Equal(ReduceRef.OutShape(s, mask, keep), y.Shape);
                    Check.Close(y, ReduceRef.Reduce(v, s, mask, f), 1e-12, 1e-12, $"norm ord={ord} {s}");
                    Check.Close(Nd.Norm(x.AsType(DType.Float32), ord, axis, keep), ReduceRef.Reduce(v, s, mask, f), 1e-5, 1e-5, $"norm32 ord={ord} {s}");
                }
            }
        }
        var o = Nd.Norm(Nd.Array<double>([3.0, -4.0]), ord, outDType: DType.Float32);
        Assert.Equal(DType.Float32, o.DType);
        Check.Close(o, [ord == 1 ? 7.0 : 5.0]);
    }

    [Fact]
    public void FullReductionHasShapeOneLikeLegacyMXNet()
    {
        var x = Nd.Array(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new Shape(1), Nd.Sum(x).Shape);
        Assert.Equal(new Shape(1), Nd.Mean(x, [0, 1]).Shape);
        Assert.Equal(new Shape(1, 1), Nd.Max(x, keepDims: true).Shape);
        Assert.Equal(21f, Nd.Sum(x).AsScalar<float>());
        Assert.Equal(3.5f, x.Mean().AsScalar<float>());
        Assert.Equal(720f, x.Prod().AsScalar<float>());
        Assert.Equal(6f, x.Max().AsScalar<float>());
        Assert.Equal(1f, x.Min().AsScalar<float>());
        Assert.Equal(new Shape(3), Nd.Max(x, [1], exclude: true).Shape);
    }

    [Fact]
    public void MXNetAliasesResolve()
    {
        var x = Nd.Array(new double[,] { { 1, 5, 3 }, { 4, 2, 6 } });
        var a = new OpAttrs { { "axis", 1 } };
        Check.Close(Imperative.Invoke1("sum_axis", a, x), [9, 12]);
        Check.Close(Imperative.Invoke1("max_axis", a, x), [5, 6]);
        Check.Close(Imperative.Invoke1("min_axis", a, x), [1, 2]);
        Check.Close(Imperative.Invoke1("ElementWiseSum", new OpAttrs { { "num_args", 2 } }, x, x), [2, 10, 6, 8, 4, 12]);
    }

    [Fact]
    public void MaxMinPropagateNaN()
    {
        foreach (int n in new[] { 1, 5, 16, 17, 64, 100 })
        {
            var v = Check.Rand(n * 3, n);
            v[n] = double.NaN;
            foreach (var dt in new[] { DType.Float32, DType.Float64 })
            {
                var x = Nd.Array<double>(v, new Shape(3, n)).AsType(dt, false);
                var mx = Nd.Max(x, 1).ToArray<double>();
                var mn = Nd.Min(x, [0]).ToArray<double>();
                Assert.True(double.IsNaN(mx[1]) && !double.IsNaN(mx[0]), $"max {n} {dt}");
                Assert.True(double.IsNaN(mn[0]) && (n == 1 || !double.IsNaN(mn[1])), $"min {n} {dt}");
            }
        }
    }

    [Fact]
    public void LargeReductionsUseParallelAndBlockedPaths()
    {
        var v = Check.Rand(300 * 5000, 9);
        var s = new Shape(300, 5000);
        var x = Nd.Array<double>(v, s).AsType(DType.Float32);
        var v32 = v.Select(t => (double)(float)t).ToArray();
        foreach (var (op, axis) in new[] { ("sum", 0), ("sum", 1), ("mean", 0), ("max", 0), ("min", 1), ("nansum", 0) })
        {
            var y = Imperative.Invoke1(op, new OpAttrs { { "axis", axis } }, x);
            Check.Close(y, ReduceRef.Reduce(v32, s, ReduceRef.Mask(2, [axis], false), Ref[op]), 1e-4, 1e-4, $"{op} axis {axis}");
        }
        // Few outputs over many elements: the reduced axis is split across cores.
        foreach (var op in new[] { "sum", "mean", "max", "min", "nansum" })
            Check.Close(Imperative.Invoke1(op, null, x), ReduceRef.Reduce(v32, s, [true, true], Ref[op]), 1e-4, 1e-4, op + " all");
        var tall = new Shape(40000, 5);
        var vt = Check.Rand(tall.Size, 12);
        var xt = Nd.Array<double>(vt, tall);
        var xp = xt * 1e-4 + 1.0;
        var vp = xp.ToArray<double>();
        foreach (var op in new[] { "sum", "max", "min", "prod", "nanprod" })
        {
            bool p = op.Contains("prod");
            Check.Close(Imperative.Invoke1(op, new OpAttrs { { "axis", 0 } }, p ? xp : xt),
                ReduceRef.Reduce(p ? vp : vt, tall, [true, false], Ref[op]), 1e-10, 1e-10, op + " tall");
        }
        Check.Close(Nd.Norm(xt, 2, [0]), ReduceRef.Reduce(vt, tall, [true, false], g => Math.Sqrt(g.Sum(t => t * t))), 1e-10, 1e-10, "norm tall");
        var s4 = new Shape(20, 30, 40, 50);
        var v4 = Check.Rand(s4.Size, 10);
        var x4 = Nd.Array<double>(v4, s4);
        Check.Close(Nd.Sum(x4, [0, 2]), ReduceRef.Reduce(v4, s4, ReduceRef.Mask(4, [0, 2], false), Ref["sum"]), 1e-10, 1e-10, "sum (0, 2)");
        Check.Close(Nd.Max(x4, [1, 3], keepDims: true), ReduceRef.Reduce(v4, s4, ReduceRef.Mask(4, [1, 3], false), Ref["max"]), 0, 0, "max (1, 3)");
    }

    // ---- gradients ---------------------------------------------------------------------------

    private static readonly (int[] Shape, int[]? Axis, bool Keep, bool Exclude)[] GradCases =
    [
        ([3, 4, 5], [0, 2], false, false),
        ([3, 4, 5], [1], true, false),
        ([3, 4, 5], [1], false, true),
        ([2, 3], null, false, false),
        ([7], [0], false, false),
        ([2, 1, 3], [-1, 0], true, false),
    ];

    public static TheoryData<string, int> GradData()
    {
        var d = new TheoryData<string, int>();
        foreach (var op in new[] { "sum", "mean", "prod", "max", "min", "nansum", "nanprod" })
            for (int i = 0; i < GradCases.Length; i++) d.Add(op, i);
        return d;
    }

    [Theory]
    [MemberData(nameof(GradData))]
    public void ReductionGradientsMatchFiniteDifferences(string op, int c)
    {
        var (dims, axis, keep, exclude) = GradCases[c];
        var s = new Shape(dims);
        var v = Check.Rand(s.Size, c + 3, op.Contains("prod") ? 0.5 : -2, op.Contains("prod") ? 1.5 : 2);
        if (op.StartsWith("nan")) v[1] = double.NaN;
        var x = Nd.Array<double>(v, s);
        Check.NumericGradient(a => Imperative.Invoke1(op, Nd.ReduceAttrs(axis, keep, exclude), a[0]), [x], atol: 1e-6);
    }

    [Fact]
    public void MaxGradientGoesToEveryTiedPosition()
    {
        // MXNet's _backward_max multiplies by (x == max): each tied position gets the full gradient.
        var x = Nd.Array<double>([1.0, 3.0, 3.0, 2.0]);
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.Max(x);
        y.Backward();
        Check.Close(x.Grad!, [0, 1, 1, 0]);
    }

    [Fact]
    public void ProdGradientAtZeroIsNaNLikeMXNet()
    {
        // g·y/x with x = 0 is 0/0: MXNet's rdiv backward gives NaN there; other entries are 0 (y = 0).
        var x = Nd.Array<double>([2.0, 0.0, 3.0]);
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.Prod(x);
        y.Backward();
        var g = x.Grad!.ToArray<double>();
        Assert.Equal(0.0, g[0]);
        Assert.True(double.IsNaN(g[1]));
        Assert.Equal(0.0, g[2]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NormGradientMatchesFiniteDifferences(int ord)
    {
        foreach (var (dims, axis, keep, _) in GradCases)
        {
            var x = Check.RandArray(new Shape(dims), dims.Length + ord, 0.2, 2);
            // Mix signs but stay away from 0, where |x| is not differentiable.
            var v = x.ToArray<double>();
            for (int i = 0; i < v.Length; i += 2) v[i] = -v[i];
            x = Nd.Array<double>(v, x.Shape);
            Check.NumericGradient(a => Nd.Norm(a[0], ord, axis, keep), [x]);
        }
    }

    // ---- argmax / argmin ---------------------------------------------------------------------

    [Theory]
    [InlineData("argmax")]
    [InlineData("argmin")]
    public void ArgReduceMatchesReference(string op)
    {
        bool max = op == "argmax";
        foreach (var dims in Shapes)
        {
            var s = new Shape(dims);
            // Rounded values create ties: the first occurrence must win.
            var v = Check.Rand(s.Size, s.Size, -3, 3).Select(t => Math.Round(t)).ToArray();
            var x = Nd.Array<double>(v, s);
            var axes = new List<int?> { null };
            for (int a = -s.Rank; a < s.Rank; a++) axes.Add(a);
            foreach (var axis in axes)
            {
                foreach (bool keep in new[] { false, true })
                {
                    var mask = ReduceRef.Mask(s.Rank, axis is null ? null : [axis.Value], false);
                    var outShape = ReduceRef.OutShape(s, mask, keep);
                    bool empty = (axis is null ? s.Size : s[axis.Value]) == 0 && outShape.Size > 0;
                    if (empty)
                    {
                        Check.Throws<ArgumentException>(() => Imperative.Invoke1(op, new OpAttrs { { "axis", axis }, { "keepdims", keep } }, x), op, s.ToString());
                        continue;
                    }
                    var expected = ReduceRef.Reduce(v, s, mask, g =>
                    {
                        int best = 0;
                        for (int i = 1; i < g.Count; i++) if (max ? g[i] > g[best] : g[i] < g[best]) best = i;
                        return best;
                    });
                    foreach (var dt in new[] { DType.Float64, DType.Float32 })
                    {
                        var y = max ? Nd.ArgMax(x.AsType(dt, false), axis, keep) : Nd.ArgMin(x.AsType(dt, false), axis, keep);
                        Assert.Equal(outShape, y.Shape);
                        Assert.Equal(dt, y.DType);
                        Check.Close(y, expected, 0, 0, $"{op} {s} axis={axis} keep={keep} {dt}");
                    }
                }
            }
        }
    }

    [Fact]
    public void ArgMaxHasNoGradient()
    {
        var x = Check.RandArray(new Shape(3, 4), 1);
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.ArgMax(x, 1) * 1.0 + Nd.Sum(x, 1);
        y.Backward();
        Check.Close(x.Grad!, Enumerable.Repeat(1.0, 12).ToArray());
    }

    // ---- add_n ---------------------------------------------------------------------------------

    [Fact]
    public void AddNSumsEveryInputAndRoutesGradientToEach()
    {
        foreach (int n in new[] { 0, 1, 7, 16, 17, 100, 40000 })
        {
            foreach (int k in new[] { 1, 2, 3, 5 })
            {
                var vs = Enumerable.Range(0, k).Select(i => Check.Rand(n, n + i)).ToArray();
                var xs = vs.Select(v => Nd.Array<double>(v)).ToArray();
                var expected = new double[n];
                foreach (var v in vs) for (int i = 0; i < n; i++) expected[i] += v[i];
                Check.Close(Nd.AddN(xs), expected, 1e-12, 1e-12, $"add_n {n} x{k}");
                Check.Close(Nd.AddN(xs.Select(a => a.AsType(DType.Float32)).ToArray()), expected, 1e-5, 1e-5, $"add_n32 {n} x{k}");
            }
        }
        var ins = Enumerable.Range(0, 3).Select(i => Check.RandArray(new Shape(2, 5), i)).ToArray();
        Check.NumericGradient(a => Nd.AddN(a), ins);
        // The same array passed twice gets both contributions.
        Check.NumericGradient(a => Nd.AddN(a[0], a[0], a[1]), ins[..2]);
        Assert.Equal(["arg0", "arg1", "arg2"], OpRegistry.Get("add_n").InputNames(Imperative.ParseCached(OpRegistry.Get("add_n"), new OpAttrs { { "num_args", 3 } })));
    }

    [Fact]
    public void IntegerAndHalfInputsGoThroughTheFloatFallback()
    {
        var x = Nd.Array(new int[,] { { 3, -1, 7 }, { 2, 9, 4 } });
        var sum = Nd.Sum(x, 1);
        Assert.Equal(DType.Int32, sum.DType);
        Assert.Equal([9, 15], sum.ToArray<int>());
        Assert.Equal([3, 9, 7], Nd.Max(x, 0).ToArray<int>());
        Assert.Equal([2, 1], Nd.ArgMax(x, 1).ToArray<int>());
        Assert.Equal([-1, 3, 7, 2, 4, 9], Nd.Sort(x).ToArray<int>());
        var both = Nd.TopK(x, 1, 2, "both", dtype: DType.Int64);
        Assert.Equal([7, 3, 9, 4], both[0].ToArray<int>());
        Assert.Equal([2L, 0, 1, 2], both[1].ToArray<long>());
        Assert.Equal([6, -2, 14, 4, 18, 8], Nd.AddN(x, x).ToArray<int>());
        var h = Nd.Array<double>([1.5, 2.5, -4.0]).AsType(DType.Float16);
        Assert.Equal(DType.Float16, Nd.Mean(h).DType);
        Check.Close(Nd.Mean(h), [0.0]);
        Check.Close(Nd.Norm(h, 1), [8.0]);
    }

    // ---- errors --------------------------------------------------------------------------------

    [Fact]
    public void BadAxesAndAttributesNameTheOpAndShape()
    {
        var x = Nd.Zeros(2, 3, 4);
        foreach (var op in new[] { "sum", "mean", "prod", "max", "min", "nansum", "nanprod" })
        {
            Check.Throws<ArgumentException>(() => Imperative.Invoke1(op, new OpAttrs { { "axis", 3 } }, x), op, "(2, 3, 4)", "3");
            Check.Throws<ArgumentException>(() => Imperative.Invoke1(op, new OpAttrs { { "axis", new[] { 0, -4 } } }, x), op, "(2, 3, 4)", "-4");
            Check.Throws<ArgumentException>(() => Imperative.Invoke1(op, new OpAttrs { { "axis", new[] { 1, -2 } } }, x), op, "(2, 3, 4)", "twice");
        }
        Check.Throws<ArgumentException>(() => Nd.Norm(x, 3), "norm", "ord", "3");
        Check.Throws<ArgumentException>(() => Nd.Norm(x, 2, [5]), "norm", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.ArgMax(x, 3), "argmax", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.ArgMin(x, -4), "argmin", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Max(Nd.Zeros(2, 0), 1), "max", "(2, 0)");
        Check.Throws<ArgumentException>(() => Nd.AddN(Nd.Zeros(2, 3), Nd.Zeros(3, 2)), "add_n", "(2, 3)", "(3, 2)");
        Check.Throws<ArgumentException>(() => Nd.AddN(Nd.Zeros(2, 3), Nd.Zeros(new Shape(2, 3), DType.Float64)), "add_n", "float32", "float64");
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("add_n", new OpAttrs { { "num_args", 3 } }, x, x), "add_n", "3");
    }
}
