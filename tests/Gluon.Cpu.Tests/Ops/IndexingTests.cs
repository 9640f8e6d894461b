using Gluon.Ops;
using Gluon.Ops.Definitions;
using static Gluon.Tests.IndexingRef;

namespace Gluon.Tests.Ops;

public class IndexingTests
{
    public static readonly DType[] IndexTypes = [DType.Float32, DType.Float64, DType.Int32, DType.Int64];

    public static TheoryData<int[], int, int[], IndexMode> TakeCases()
    {
        var d = new TheoryData<int[], int, int[], IndexMode>();
        foreach (var mode in new[] { IndexMode.Clip, IndexMode.Wrap, IndexMode.Raise })
        {
            d.Add([5], 0, [7], mode);
            d.Add([4, 3], 0, [2, 3], mode);
            d.Add([4, 17], 1, [5], mode);
            d.Add([3, 1, 33], -2, [4], mode);
            d.Add([2, 6, 3], 1, [0], mode);
            d.Add([0, 6], 1, [3], mode);
            d.Add([1, 1], 0, [1], mode);
            d.Add([9, 2], -1, [2, 2, 2], mode);
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(TakeCases))]
    public void TakeMatchesReference(int[] shape, int axis, int[] idxShape, IndexMode mode)
    {
        int ax = axis < 0 ? axis + shape.Length : axis;
        int n = shape[ax];
        var a = Check.Rand(Prod(shape, 0, shape.Length), 1);
        int k = Prod(idxShape, 0, idxShape.Length);
        var idx = mode == IndexMode.Raise ? RandInts(k, -n, n - 1, 2) : RandInts(k, -n - 3, n + 3, 2);
        var expected = Take(a, shape, ax, idx, mode);
        var expShape = shape[..ax].Concat(idxShape).Concat(shape[(ax + 1)..]).ToArray();
        foreach (var it in IndexTypes)
        {
            var r = Nd.Take(Arr(a, shape), Idx(idx, it, idxShape), axis, mode);
            Assert.Equal(new Shape(expShape), r.Shape);
            Check.Close(r, expected, 0, 0, $"take {it}");
            var r32 = Nd.Take(Arr(a, shape).AsType(DType.Float32), Idx(idx, it, idxShape), axis, mode);
            Assert.Equal(DType.Float32, r32.DType);
            Check.Close(r32, expected, 1e-6, 1e-7, $"take float32 {it}");
        }
    }

    [Theory]
    [InlineData(new[] { 100000 }, 0, 70000)]
    [InlineData(new[] { 40000, 3 }, 1, 2)]
    [InlineData(new[] { 3000, 40 }, 0, 5000)]
    public void TakeAndItsBackwardMatchReferenceOnLargeInputs(int[] shape, int axis, int k)
    {
        // Large enough to split over the cores.
        int n = shape[axis];
        var a = Check.Rand(Prod(shape, 0, shape.Length), 91);
        var idx = RandInts(k, -n - 1, n, 92);
        var expected = Take(a, shape, axis, idx, IndexMode.Wrap);
        Check.Close(Nd.Take(Arr(a, shape).AsType(DType.Float32), Idx(idx, DType.Int32, k), axis, IndexMode.Wrap), expected, 1e-6, 1e-7);
        var g = Check.Rand(expected.Length, 93);
        var ogShape = shape[..axis].Append(k).Concat(shape[(axis + 1)..]).ToArray();
        var r = Imperative.Invoke1("_backward_take", new OpAttrs { { "axis", axis }, { "mode", IndexMode.Wrap }, { "shape", new Shape(shape) } },
            Arr(g, ogShape), Idx(idx, DType.Int64, k));
        Check.Close(r, TakeAdd(g, shape, axis, idx, IndexMode.Wrap), 1e-12, 1e-12);
    }

    [Fact]
    public void TakeTruncatesFloatIndicesAndWorksOnIntData()
    {
        var a = Nd.Array(new int[] { 10, 11, 12, 13 });
        var r = Nd.Take(a, Nd.Array(new float[] { 1.7f, -0.5f, 3.9f, -1.5f }), 0, IndexMode.Wrap);
        Assert.Equal(DType.Int32, r.DType);
        // Truncation toward zero: 1, 0, 3, -1 → wrap → 3.
        Assert.Equal(new[] { 11, 10, 13, 13 }, r.ToArray<int>());
        var c = a.Take(Nd.Array(new long[] { -5, 9 }));
        Assert.Equal(new[] { 10, 13 }, c.ToArray<int>());
    }

    [Fact]
    public void TakeRaiseRejectsOutOfRangeIndex()
    {
        var a = Arr([1, 2, 3, 4, 5], 5);
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Take(a, Nd.Array(new[] { 1, 7 }), 0, IndexMode.Raise), "take", "index 7", "size 5");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Take(a, Nd.Array(new[] { -6 }), 0, IndexMode.Raise), "take", "index -6");
        Assert.Equal([5.0], Nd.Take(a, Nd.Array(new[] { -1 }), 0, IndexMode.Raise).ToArray<double>());
    }

    [Fact]
    public void TakeRejectsBadInput()
    {
        var a = Arr([1, 2, 3, 4, 5, 6], 2, 3);
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Take(a, Nd.Array(new[] { 0 }), 2), "take", "axis 2", "(2, 3)");
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("take", new OpAttrs { { "mode", "bogus" } }, a, Nd.Array(new[] { 0 })), "take", "mode", "bogus");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Take(Arr([], 0, 3), Nd.Array(new[] { 0 })), "take", "empty axis");
    }

    [Theory]
    [InlineData(new[] { 5, 3 }, 0, IndexMode.Clip)]
    [InlineData(new[] { 4, 6 }, 1, IndexMode.Wrap)]
    [InlineData(new[] { 2, 3, 4 }, -1, IndexMode.Raise)]
    [InlineData(new[] { 7 }, 0, IndexMode.Clip)]
    public void TakeGradientMatchesFiniteDifferences(int[] shape, int axis, IndexMode mode)
    {
        int ax = axis < 0 ? axis + shape.Length : axis;
        int n = shape[ax];
        // Repeated indices exercise accumulation in the scatter-add.
        var idx = mode == IndexMode.Raise ? RandInts(6, -n, n - 1, 5) : RandInts(6, -n - 2, n + 2, 5);
        idx[5] = idx[0];
        var a = Check.RandArray(new Shape(shape), 3);
        Check.NumericGradient(x => Nd.Take(x[0], x[1], axis, mode), [a, Idx(idx, DType.Float32, 2, 3)], skip: [1]);
    }

    [Fact]
    public void BackwardTakeAccumulatesRepeatedIndices()
    {
        int[] shape = [4, 3];
        double[] idx = [1, 1, 3, -9, 1];
        var g = Check.Rand(5 * 3, 7);
        var r = Imperative.Invoke1("_backward_take", new OpAttrs { { "axis", 0 }, { "mode", IndexMode.Clip }, { "shape", new Shape(shape) } },
            Arr(g, 5, 3), Idx(idx, DType.Int64, 5));
        Check.Close(r, TakeAdd(g, shape, 0, idx, IndexMode.Clip), 1e-12, 1e-12);
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("_backward_take", new OpAttrs { { "shape", new Shape(shape) } },
            Arr(g, 3, 5), Idx(idx, DType.Int64, 5)), "_backward_take", "(3, 5)");
        // Its own gradient is take (second order through a take).
        var og = Check.RandArray(new Shape(5, 3), 8);
        Check.NumericGradient(x => Imperative.Invoke1("_backward_take", new OpAttrs { { "axis", 0 }, { "shape", new Shape(shape) } }, x[0], x[1]),
            [og, Idx(idx, DType.Float32, 5)], skip: [1]);
    }

    public static TheoryData<int[], int, bool, IndexMode> PickCases()
    {
        var d = new TheoryData<int[], int, bool, IndexMode>();
        foreach (var mode in new[] { IndexMode.Clip, IndexMode.Wrap })
            foreach (bool keep in new[] { false, true })
            {
                d.Add([3, 5], -1, keep, mode);
                d.Add([3, 5], 0, keep, mode);
                d.Add([2, 17, 3], 1, keep, mode);
                d.Add([1, 1], 1, keep, mode);
                d.Add([0, 4], 1, keep, mode);
                d.Add([33], 0, keep, mode);
            }
        return d;
    }

    [Theory]
    [MemberData(nameof(PickCases))]
    public void PickMatchesReference(int[] shape, int axis, bool keep, IndexMode mode)
    {
        int ax = axis < 0 ? axis + shape.Length : axis;
        int n = shape[ax];
        var kept = (int[])shape.Clone();
        kept[ax] = 1;
        var reduced = shape.Where((_, i) => i != ax).ToArray();
        var a = Check.Rand(Prod(shape, 0, shape.Length), 4);
        var idx = RandInts(Prod(reduced, 0, reduced.Length), -n - 2, n + 2, 9);
        var expected = Pick(a, shape, ax, idx, mode);
        foreach (var it in IndexTypes)
        {
            // The index may have the reduced shape or keep the axis as 1.
            var r = Nd.Pick(Arr(a, shape), Idx(idx, it, keep ? kept : reduced), axis, keep, mode);
            Assert.Equal(new Shape(keep ? kept : reduced), r.Shape);
            Check.Close(r, expected, 0, 0, $"pick {it}");
        }
        var r32 = Arr(a, shape).AsType(DType.Float32).Pick(Idx(idx, DType.Float32, reduced), axis, keep, mode);
        Check.Close(r32, expected, 1e-6, 1e-7, "pick float32");
    }

    [Theory]
    [InlineData(new[] { 4, 5 }, -1, false, IndexMode.Clip)]
    [InlineData(new[] { 4, 5 }, 0, true, IndexMode.Wrap)]
    [InlineData(new[] { 2, 3, 3 }, 1, false, IndexMode.Clip)]
    public void PickGradientMatchesFiniteDifferences(int[] shape, int axis, bool keep, IndexMode mode)
    {
        int ax = axis < 0 ? axis + shape.Length : axis;
        var reduced = shape.Where((_, i) => i != ax).ToArray();
        var idx = RandInts(Prod(reduced, 0, reduced.Length), -2, shape[ax] + 1, 11);
        Check.NumericGradient(x => Nd.Pick(x[0], x[1], axis, keep, mode), [Check.RandArray(new Shape(shape), 12), Idx(idx, DType.Int32, reduced)], skip: [1]);
        // _backward_pick is linear in ograd; its gradient is pick.
        var og = Check.RandArray(new Shape(reduced), 13);
        Check.NumericGradient(x => Imperative.Invoke1("_backward_pick", new OpAttrs { { "axis", axis }, { "mode", mode }, { "shape", new Shape(shape) } }, x[0], x[1]),
            [og, Idx(idx, DType.Float32, reduced)], skip: [1]);
    }

    [Fact]
    public void PickRejectsBadInput()
    {
        var a = Arr(Check.Rand(6), 2, 3);
        Check.Throws<ArgumentException>(() => Nd.Pick(a, Nd.Array(new[] { 0, 1, 2 }), -1), "pick", "(3,)", "(2, 3)");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Pick(a, Nd.Array(new[] { 0, 1 }), 2), "pick", "axis 2", "(2, 3)");
        Check.Throws<ArgumentException>(() => Nd.Pick(a, Nd.Array(new[] { 0, 1 }), -1, false, IndexMode.Raise), "pick", "mode", "raise");
    }

    [Theory]
    [InlineData(new[] { 6 }, 4)]
    [InlineData(new[] { 2, 3 }, 5)]
    [InlineData(new[] { 0 }, 3)]
    [InlineData(new[] { 17 }, 1)]
    [InlineData(new[] { 3 }, 0)]
    public void OneHotMatchesReference(int[] shape, int depth)
    {
        int n = Prod(shape, 0, shape.Length);
        var idx = RandInts(n, -2, depth + 1, 21);
        var expected = new double[n * depth];
        for (int i = 0; i < n; i++)
            for (int d = 0; d < depth; d++) expected[i * depth + d] = idx[i] == d ? 2.5 : -1;
        foreach (var it in IndexTypes)
        {
            var r = Nd.OneHot(Idx(idx, it, shape), depth, 2.5, -1);
            Assert.Equal(new Shape([.. shape, depth]), r.Shape);
            Assert.Equal(DType.Float32, r.DType);
            Check.Close(r, expected, 0, 0, $"one_hot {it}");
        }
        var ri = Idx(idx, DType.Int32, shape).OneHot(depth, dtype: DType.Int32);
        Assert.Equal(DType.Int32, ri.DType);
        Assert.Equal(expected.Select(v => v == 2.5 ? 1 : 0).ToArray(), ri.ToArray<int>());
    }

    [Fact]
    public void OneHotRejectsNegativeDepthAndHasNoGradient()
    {
        Check.Throws<ArgumentException>(() => Nd.OneHot(Nd.Array(new[] { 1 }), -1), "one_hot", "depth", "-1");
        var x = Arr([0, 1], 2);
        x.AttachGrad();
        using (Autograd.Record())
        {
            var y = Nd.OneHot(x, 3) * Nd.OneHot(x, 3);
            y.Backward();
        }
        Assert.All(x.Grad!.ToArray<double>(), g => Assert.Equal(0.0, g));
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 2, 5 }, 2)]
    [InlineData(new[] { 3, 4 }, new[] { 1, 7 }, 1)]
    [InlineData(new[] { 2, 3, 17 }, new[] { 2, 2, 2 }, 2)]
    [InlineData(new[] { 5 }, new[] { 1, 0 }, 1)]
    [InlineData(new[] { 1, 1 }, new[] { 2, 1 }, 2)]
    public void GatherNdMatchesReference(int[] shape, int[] idxShape, int m)
    {
        var data = Check.Rand(Prod(shape, 0, shape.Length), 31);
        int count = Prod(idxShape, 1, idxShape.Length);
        var idx = new double[m * count];
        var r0 = new Random(32);
        for (int d = 0; d < m; d++)
            for (int i = 0; i < count; i++) idx[d * count + i] = r0.Next(-shape[d], shape[d]);
        var expected = GatherNd(data, shape, idx, m);
        var outShape = idxShape[1..].Concat(shape[m..]).ToArray();
        foreach (var it in IndexTypes)
        {
            var r = Nd.GatherNd(Arr(data, shape), Idx(idx, it, idxShape));
            Assert.Equal(new Shape(outShape), r.Shape);
            Check.Close(r, expected, 0, 0, $"gather_nd {it}");
        }
        // scatter_nd writes the gathered layout back (unique-index case compared to the overwrite reference).
        var src = Check.Rand(expected.Length, 33);
        var s = Nd.ScatterNd(Arr(src, outShape), Idx(idx, DType.Int32, idxShape), new Shape(shape));
        Check.Close(s, ScatterNd(src, shape, idx, m, add: false), 0, 0, "scatter_nd");
        var acc = Imperative.Invoke1("_backward_gather_nd", new OpAttrs { { "shape", new Shape(shape) } }, Arr(src, outShape), Idx(idx, DType.Float32, idxShape));
        Check.Close(acc, ScatterNd(src, shape, idx, m, add: true), 1e-12, 1e-12, "_backward_gather_nd");
    }

    [Fact]
    public void GatherNdGradientAccumulatesRepeatedIndices()
    {
        // Rows (1, 2) twice and (0, -1) once: the gradient at (1, 2) sums two output gradients.
        var idx = Idx([1, 1, 0, 2, 2, -1], DType.Float32, 2, 3);
        Check.NumericGradient(x => Nd.GatherNd(x[0], x[1]), [Check.RandArray(new Shape(2, 3, 4), 41), idx], skip: [1]);
        var uniq = Idx([0, 1, 1, 0], DType.Int32, 2, 2);
        Check.NumericGradient(x => Nd.ScatterNd(x[0], x[1], new Shape(3, 2, 5)), [Check.RandArray(new Shape(2, 5), 42), uniq], skip: [1]);
        Check.NumericGradient(x => Imperative.Invoke1("_backward_gather_nd", new OpAttrs { { "shape", new Shape(2, 3, 4) } }, x[0], x[1]),
            [Check.RandArray(new Shape(3, 4), 43), idx], skip: [1]);
    }

    [Fact]
    public void GatherNdRejectsBadInput()
    {
        var data = Arr(Check.Rand(12), 3, 4);
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.GatherNd(data, Idx([3, 0], DType.Int32, 2, 1)), "gather_nd", "index 3", "(3, 4)");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.GatherNd(data, Idx([0, -5], DType.Int32, 2, 1)), "gather_nd", "index -5");
        Check.Throws<ArgumentException>(() => Nd.GatherNd(data, Idx([0, 1, 2], DType.Int32, 3, 1)), "gather_nd", "(3, 1)", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.GatherNd(data, Idx([0], DType.Int32, 1)), "gather_nd", "(1,)");
        Check.Throws<ArgumentException>(() => Nd.ScatterNd(Arr([1, 2], 2), Idx([0, 1], DType.Int32, 1, 2), new Shape(3, 4)), "scatter_nd", "(2,)", "(3, 4)");
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("scatter_nd", null, Arr([1], 1), Idx([0], DType.Int32, 1, 1)), "scatter_nd", "shape");
    }

    [Theory]
    [InlineData(new[] { 4 }, 6, 3)]
    [InlineData(new[] { 2, 5 }, 10, 17)]
    [InlineData(new[] { 0, 3 }, 4, 2)]
    [InlineData(new[] { 1 }, 1, 1)]
    public void EmbeddingMatchesReference(int[] dataShape, int vocab, int dim)
    {
        int n = Prod(dataShape, 0, dataShape.Length);
        var idx = RandInts(n, -2, vocab + 2, 51);
        var w = Check.Rand(vocab * dim, 52);
        var expected = Take(w, [vocab, dim], 0, idx, IndexMode.Clip);
        foreach (var it in IndexTypes)
        {
            var r = Nd.Embedding(Idx(idx, it, dataShape), Arr(w, vocab, dim), vocab, dim);
            Assert.Equal(new Shape([.. dataShape, dim]), r.Shape);
            Check.Close(r, expected, 0, 0, $"Embedding {it}");
        }
        var r32 = Nd.Embedding(Idx(idx, DType.Float32, dataShape), Arr(w, vocab, dim).AsType(DType.Float32), vocab, dim);
        Assert.Equal(DType.Float32, r32.DType);
        Check.Close(r32, expected, 1e-6, 1e-7);
    }

    [Fact]
    public void EmbeddingWeightGradientSumsPerIndex()
    {
        var idx = Idx([1, 3, 1, 0, 1, 9], DType.Float32, 2, 3);
        Check.NumericGradient(x => Nd.Embedding(x[0], x[1], 5, 4), [idx, Check.RandArray(new Shape(5, 4), 61)], skip: [0]);
        // Directly: ones as the output gradient count how often each row was used (9 clips to row 4).
        var w = Check.RandArray(new Shape(5, 4), 62);
        var d = Idx([1, 3, 1, 0, 1, 9], DType.Int32, 2, 3);
        w.AttachGrad();
        d.AttachGrad();
        using (Autograd.Record()) Nd.Embedding(d, w, 5, 4).Backward();
        var g = w.Grad!.ToArray<double>();
        double[] counts = [1, 3, 0, 1, 1];
        for (int r = 0; r < 5; r++)
            for (int c = 0; c < 4; c++) Assert.Equal(counts[r], g[r * 4 + c]);
        Assert.All(d.Grad!.ToArray<int>(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void EmbeddingInfersWeightShapeAndRejectsBadWeight()
    {
        var def = OpRegistry.Get("Embedding");
        var p = def.Parse(new OpAttrs { { "input_dim", 7 }, { "output_dim", 3 } });
        var shapes = def.InferInputShapes(p, [new Shape(2, 5), null]);
        Assert.Equal(new Shape(7, 3), shapes[1]);
        Check.Throws<ArgumentException>(() => Nd.Embedding(Nd.Array(new[] { 0 }), Arr(Check.Rand(6), 3, 2), 7, 3), "Embedding", "weight", "(3, 2)", "(7, 3)");
        Check.Throws<ArgumentException>(() => Nd.Embedding(Nd.Array(new[] { 0 }), Arr(Check.Rand(6), 3, 2), 0, 2), "Embedding", "input_dim", "0");
    }

    [Theory]
    [InlineData(new[] { 17 })]
    [InlineData(new[] { 3, 5 })]
    [InlineData(new[] { 0, 2 })]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 2, 3, 40 })]
    public void WhereMatchesReference(int[] shape)
    {
        int n = Prod(shape, 0, shape.Length);
        var c = RandInts(n, -1, 1, 71);
        var x = Check.Rand(n, 72);
        var y = Check.Rand(n, 73);
        var expected = Enumerable.Range(0, n).Select(i => c[i] != 0 ? x[i] : y[i]).ToArray();
        foreach (var ct in new[] { DType.Float32, DType.Float64, DType.Int32, DType.UInt8 })
        {
            var cond = Idx(c.Select(Math.Abs).ToArray(), ct, shape);
            foreach (var xt in new[] { DType.Float32, DType.Float64, DType.Int64 })
            {
                var r = Nd.Where(cond, Arr(x, shape).AsType(xt, copy: false), Arr(y, shape).AsType(xt, copy: false));
                Assert.Equal(xt, r.DType);
                var exp = xt == DType.Int64 ? expected.Select(v => Math.Truncate(v)).ToArray() : expected;
                Check.Close(r, exp, xt == DType.Float32 ? 1e-6 : 0, xt == DType.Float32 ? 1e-7 : 0, $"where cond {ct} x {xt}");
            }
        }
        // A NaN condition counts as true.
        var nan = Nd.Where(Nd.Array(new[] { float.NaN, 0f }), Nd.Array(new[] { 1f, 1f }), Nd.Array(new[] { 2f, 2f }));
        Assert.Equal(new[] { 1f, 2f }, nan.ToArray<float>());
    }

    [Fact]
    public void WhereWithRowConditionSelectsRows()
    {
        var x = Check.Rand(12, 74);
        var y = Check.Rand(12, 75);
        var r = Nd.Where(Nd.Array(new[] { 1, 0, 3 }), Arr(x, 3, 4), Arr(y, 3, 4));
        var expected = Enumerable.Range(0, 12).Select(i => i / 4 == 1 ? y[i] : x[i]).ToArray();
        Check.Close(r, expected, 0, 0);
    }

    [Fact]
    public void WhereGradientMasksByCondition()
    {
        var c = Idx([1, 0, 0, 2, 1, 0], DType.Float64, 2, 3);
        Check.NumericGradient(a => Nd.Where(a[0], a[1], a[2]), [c, Check.RandArray(new Shape(2, 3), 76), Check.RandArray(new Shape(2, 3), 77)], skip: [0]);
        var rows = Idx([0, 1], DType.Float64, 2);
        Check.NumericGradient(a => Nd.Where(a[0], a[1], a[2]), [rows, Check.RandArray(new Shape(2, 3), 78), Check.RandArray(new Shape(2, 3), 79)], skip: [0]);
    }

    [Fact]
    public void WhereRejectsBadInput()
    {
        var x = Arr(Check.Rand(6), 2, 3);
        Check.Throws<ArgumentException>(() => Nd.Where(Arr(Check.Rand(6), 3, 2), x, x), "where", "condition", "(3, 2)", "(2, 3)");
        Check.Throws<ArgumentException>(() => Nd.Where(Arr(Check.Rand(3), 3), x, x), "where", "(3,)");
        Check.Throws<ArgumentException>(() => Nd.Where(x, x, Arr(Check.Rand(6), 6)), "where", "(2, 3)", "(6,)");
        Check.Throws<ArgumentException>(() => Nd.Where(x, x, x.AsType(DType.Float32)), "where", "float64", "float32");
    }
}
