using Gluon.Ops;

namespace Gluon.Tests.Ops;

public class OrderingTests
{
    private static readonly int[][] Shapes = [[7], [1], [17], [3, 5], [4, 1, 6], [2, 3, 4], [33, 2], [2, 0, 3], [0]];

    private static IEnumerable<int?> Axes(int rank)
    {
        yield return null;
        for (int a = -rank; a < rank; a++) yield return a;
    }

    /// <summary>Rounded values so ties occur; ties must come out in index order.</summary>
    private static double[] TiedValues(int n, int seed) => Check.Rand(n, seed, -4, 4).Select(t => Math.Round(t)).ToArray();

    private static int AxisLen(Shape s, int? axis) => axis is null ? s.Size : s[axis.Value];

    [Fact]
    public void SortAndArgSortMatchReference()
    {
        foreach (var dims in Shapes)
        {
            var s = new Shape(dims);
            var v = TiedValues(s.Size, s.Size);
            var x = Nd.Array<double>(v, s);
            foreach (var axis in Axes(s.Rank))
            {
                foreach (bool asc in new[] { true, false })
                {
                    var (outer, n, inner, order) = ReduceRef.Orders(v, s, axis, asc);
                    var ev = new double[outer * n * inner];
                    var ei = new double[ev.Length];
                    for (int b = 0; b < outer; b++)
                        for (int i = 0; i < inner; i++)
                            for (int j = 0; j < n; j++)
                            {
                                int src = order[b * inner + i][j];
                                ev[(b * n + j) * inner + i] = v[(b * n + src) * inner + i];
                                ei[(b * n + j) * inner + i] = src;
                            }
                    var expShape = axis is null ? new Shape(s.Size) : s;
                    string what = $"{s} axis={axis} asc={asc}";
                    foreach (var dt in new[] { DType.Float64, DType.Float32 })
                    {
                        var xs = x.AsType(dt, false);
                        var sorted = Nd.Sort(xs, axis, asc);
                        Assert.Equal(expShape, sorted.Shape);
                        Assert.Equal(dt, sorted.DType);
                        Check.Close(sorted, ev, 0, 0, "sort " + what);
                        var idx = Nd.ArgSort(xs, axis, asc);
                        Assert.Equal(DType.Float32, idx.DType);
                        Check.Close(idx, ei, 0, 0, "argsort " + what);
                    }
                    Check.Close(Nd.ArgSort(x, axis, asc, DType.Int32), ei, 0, 0, "argsort int32 " + what);
                }
            }
        }
    }

    [Fact]
    public void TopKMatchesReferenceForEveryReturnType()
    {
        foreach (var dims in Shapes)
        {
            var s = new Shape(dims);
            var v = TiedValues(s.Size, s.Size + 1);
            var x = Nd.Array<double>(v, s);
            foreach (var axis in Axes(s.Rank))
            {
                int len = AxisLen(s, axis);
                foreach (int k in new[] { 1, 2, len, 0 }.Where(t => t <= len).Distinct())
                {
                    foreach (bool asc in new[] { false, true })
                    {
                        var (outer, n, inner, order) = ReduceRef.Orders(v, s, axis, asc);
                        int kk = k < 1 ? n : k;
                        var ev = new double[outer * kk * inner];
                        var ei = new double[ev.Length];
                        var em = new double[v.Length];
                        for (int b = 0; b < outer; b++)
                            for (int i = 0; i < inner; i++)
                                for (int j = 0; j < kk; j++)
                                {
                                    int src = order[b * inner + i][j];
                                    ev[(b * kk + j) * inner + i] = v[(b * n + src) * inner + i];
                                    ei[(b * kk + j) * inner + i] = src;
                                    em[(b * n + src) * inner + i] = 1;
                                }
                        var selShape = axis is null ? new Shape(kk) : s.With(axis.Value, kk);
                        string what = $"{s} axis={axis} k={k} asc={asc}";
                        foreach (var dt in new[] { DType.Float64, DType.Float32 })
                        {
                            var xs = x.AsType(dt, false);
                            var val = Nd.TopK(xs, axis, k, "value", asc);
                            Assert.Single(val);
                            Assert.Equal(selShape, val[0].Shape);
                            Check.Close(val[0], ev, 0, 0, "value " + what);
                            var ind = Nd.TopK(xs, axis, k, "indices", asc);
                            Assert.Equal(DType.Float32, ind[0].DType);
                            Check.Close(ind[0], ei, 0, 0, "indices " + what);
                            var mask = Nd.TopK(xs, axis, k, "mask", asc);
                            Assert.Equal(s, mask[0].Shape);
                            Assert.Equal(dt, mask[0].DType);
                            Check.Close(mask[0], em, 0, 0, "mask " + what);
                            var both = Nd.TopK(xs, axis, k, "both", asc, DType.Int32);
                            Assert.Equal(2, both.Length);
                            Check.Close(both[0], ev, 0, 0, "both values " + what);
                            Assert.Equal(DType.Int32, both[1].DType);
                            Check.Close(both[1], ei, 0, 0, "both indices " + what);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void TopKDefaultsMatchMXNet()
    {
        // ret_typ=indices, k=1, axis=-1, descending, float32 indices.
        var x = Nd.Array(new float[,] { { 0.3f, 0.2f, 0.4f }, { 0.1f, 0.3f, 0.2f } });
        var r = Imperative.Invoke("topk", null, x);
        Assert.Single(r);
        Assert.Equal(new Shape(2, 1), r[0].Shape);
        Check.Close(r[0], [2, 1]);
        var both = x.TopK(axis: null, k: 2, retTyp: "both");
        Check.Close(both[0], [0.4, 0.3], 1e-6);
        Check.Close(both[1], [2, 0]);
        // value keeps its indices as a hidden int32 output for the gradient.
        var all = Imperative.Invoke("topk", new OpAttrs { { "ret_typ", "value" } }, x);
        Assert.Equal(2, all.Length);
        Assert.Equal(DType.Int32, all[1].DType);
        Assert.Equal(DType.Int32, Imperative.Invoke("sort", null, x)[1].DType);
    }

    [Fact]
    public void NaNSortsLastAndSignedZerosTie()
    {
        foreach (var dt in new[] { DType.Float32, DType.Float64 })
        {
            var x = Nd.Array<double>([1.0, double.NaN, -0.0, 0.0, -2.0, double.NaN]).AsType(dt, false);
            Check.Close(Nd.ArgSort(x), [4, 2, 3, 0, 1, 5], 0, 0, "ascending " + dt);
            Check.Close(Nd.ArgSort(x, isAscend: false), [0, 2, 3, 4, 1, 5], 0, 0, "descending " + dt);
            Check.Close(Nd.TopK(x, k: 1)[0], [0], 0, 0, "topk " + dt);
        }
    }

    [Fact]
    public void LargeSortUsesParallelLines()
    {
        var s = new Shape(2000, 37);
        var v = Check.Rand(s.Size, 3);
        var x = Nd.Array<double>(v, s).AsType(DType.Float32);
        var got = Nd.Sort(x, 1, false).ToArray<float>();
        for (int r = 0; r < 2000; r += 97)
        {
            var row = v.Skip(r * 37).Take(37).Select(t => (float)t).OrderByDescending(t => t).ToArray();
            Assert.Equal(row, got.Skip(r * 37).Take(37).ToArray());
        }
        var idx = Nd.ArgSort(x, 0).ToArray<float>();
        for (int c = 0; c < 37; c += 5)
        {
            var col = Enumerable.Range(0, 2000).OrderBy(r => (float)v[r * 37 + c]).ThenBy(r => r).Select(r => (float)r).ToArray();
            Assert.Equal(col, Enumerable.Range(0, 2000).Select(r => idx[r * 37 + c]).ToArray());
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(null)]
    public void TopKAndSortGradientsScatterBack(int? axis)
    {
        // Distinct values, so small perturbations do not change the selection.
        var s = new Shape(3, 4, 5);
        var v = Enumerable.Range(0, s.Size).Select(i => (double)((i * 37) % s.Size) / 7).ToArray();
        var x = Nd.Array<double>(v, s);
        Check.NumericGradient(a => Nd.TopK(a[0], axis, 2, "value")[0], [x]);
        Check.NumericGradient(a => Nd.TopK(a[0], axis, 3, "both", isAscend: true)[0], [x]);
        Check.NumericGradient(a => Nd.Sort(a[0], axis, false), [x]);
        Check.NumericGradient(a => Nd.Sort(a[0], axis) * Nd.Sort(a[0], axis), [x]);
    }

    [Fact]
    public void IndexOutputsHaveNoGradient()
    {
        var x = Check.RandArray(new Shape(4, 6), 2);
        x.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.ArgSort(x, dtype: DType.Float64) + Nd.TopK(x, k: 2, dtype: DType.Float64)[0].Sum() + x;
        y.Backward();
        Check.Close(x.Grad!, Enumerable.Repeat(1.0, 24).ToArray());
    }

    [Fact]
    public void BadArgumentsNameTheOpAndShape()
    {
        var x = Nd.Zeros(2, 3, 4);
        Check.Throws<ArgumentException>(() => Nd.TopK(x, 3), "topk", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.TopK(x, -1, 5), "topk", "k=5", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.TopK(x, retTyp: "values"), "topk", "ret_typ", "values");
        Check.Throws<ArgumentException>(() => Nd.Sort(x, -4), "sort", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.ArgSort(x, 7), "argsort", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.ArgSort(Nd.Zeros(300), dtype: DType.UInt8), "argsort", "uint8", "(300,)");
    }
}
