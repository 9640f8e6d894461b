using static Gluon.Tests.ShapeRef;

namespace Gluon.Tests.Ops;

/// <summary>Reshape codes, the view ops, transpose, SwapAxis, flip and the slice family.</summary>
public partial class ShapeTests
{
    private static NDArray Seq(params int[] shape)
    {
        var s = new Shape(shape);
        var v = new double[s.Size];
        for (int i = 0; i < v.Length; i++) v[i] = i + 1;
        return Nd.Array<double>(v, s);
    }

    // ---- Reshape ------------------------------------------------------------------------------

    // The examples of MXNet's Reshape docstring: input shape, codes, expected output shape.
    public static TheoryData<int[], int[], int[]> ReshapeDocExamples() => new()
    {
        { [2, 3, 4], [4, 0, 2], [4, 3, 2] },
        { [2, 3, 4], [2, 0, 0], [2, 3, 4] },
        { [2, 3, 4], [6, 1, -1], [6, 1, 4] },
        { [2, 3, 4], [3, -1, 8], [3, 1, 8] },
        { [2, 3, 4], [-1], [24] },
        { [2, 3, 4], [-2], [2, 3, 4] },
        { [2, 3, 4], [2, -2], [2, 3, 4] },
        { [2, 3, 4], [-2, 1, 1], [2, 3, 4, 1, 1] },
        { [2, 3, 4], [-3, 4], [6, 4] },
        { [2, 3, 4, 5], [-3, -3], [6, 20] },
        { [2, 3, 4], [0, -3], [2, 12] },
        { [2, 3, 4], [-3, -2], [6, 4] },
        { [2, 3, 4], [-4, 1, 2, -2], [1, 2, 3, 4] },
        { [2, 3, 4], [2, -4, -1, 3, -2], [2, 1, 3, 4] },
        { [0, 3], [-1, 3], [0, 3] },
        { [1], [-1], [1] },
    };

    [Theory]
    [MemberData(nameof(ReshapeDocExamples))]
    public void ReshapeCodesMatchMXNetDocstring(int[] input, int[] codes, int[] expected)
    {
        var x = Seq(input);
        var y = Nd.Reshape(x, codes);
        ReshapeRef(x, y, expected);
        Assert.True(y.SharesStorageWith(x));
        ReshapeRef(x, x.Reshape(codes), expected);
        var y32 = Nd.Reshape(x.AsType(DType.Float32), codes);
        Assert.Equal(new Shape(expected), y32.Shape);
    }

    private static void ReshapeRef(NDArray x, NDArray y, int[] expected) => Equal(expected, x.ToArray<double>(), y);

    [Fact]
    public void ReshapeReverseMatchesCodesRightToLeft()
    {
        var x = Seq(10, 5, 4);
        Assert.Equal(new Shape(40, 5), Nd.Reshape(x, [-1, 0], reverse: false).Shape);
        Assert.Equal(new Shape(50, 4), Nd.Reshape(x, [-1, 0], reverse: true).Shape);
        Assert.Equal(new Shape(10, 20), x.Reshape([0, -3], reverse: false).Shape);
        Assert.Equal(new Shape(50, 4), x.Reshape([-3, 0], reverse: true).Shape);
        // A -4 group keeps its split sizes in order when matched from the right: 4 -> (2, 2).
        Assert.Equal(new Shape(10, 5, 2, 2), x.Reshape([-2, -4, 2, -1], reverse: true).Shape);
        Assert.Equal(new Shape(5, 2, 5, 4), x.Reshape([-4, -1, 2, -2], reverse: false).Shape);
        Check.Close(x.ToArray<double>(), Nd.Reshape(x, [-1, 0], reverse: true).ToArray<double>(), 0, 0);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, new[] { -1, -1 }, "-1")]
    [InlineData(new[] { 2, 3, 4 }, new[] { 0, 0, 0, 0 }, "code 0")]
    [InlineData(new[] { 2, 3, 4 }, new[] { 0, 0, -3 }, "-3")]
    [InlineData(new[] { 2, 3, 4 }, new[] { -4, -1, -1, -2 }, "-4")]
    [InlineData(new[] { 2, 3, 4 }, new[] { -4, 3, 5, -2 }, "-4")]
    [InlineData(new[] { 2, 3, 4 }, new[] { 0, -4, 1 }, "-4")]
    [InlineData(new[] { 2, 3, 4 }, new[] { 5, -1 }, "-1")]
    [InlineData(new[] { 2, 3, 4 }, new[] { 5, 5 }, "(5, 5)")]
    [InlineData(new[] { 2, 3, 4 }, new[] { -5, 24 }, "-5")]
    public void ReshapeRejectsCodesThatCannotApply(int[] input, int[] codes, string fragment)
    {
        var x = Seq(input);
        Check.Throws<ArgumentException>(() => Nd.Reshape(x, codes), "Reshape", fragment, "(2, 3, 4)");
    }

    [Fact]
    public void ReshapeRejectsLegacyAttributes()
    {
        var x = Seq(2, 3);
        Check.Throws<ArgumentException>(() => Gluon.Ops.Imperative.Invoke1("Reshape", new Gluon.Ops.OpAttrs { { "target_shape", new[] { 3, 2 } } }, x), "Reshape", "target_shape");
        Check.Throws<ArgumentException>(() => Gluon.Ops.Imperative.Invoke1("reshape", null, x), "Reshape", "shape");
    }

    [Fact]
    public void ViewOpsShareStorageBothWays()
    {
        var x = Seq(2, 3, 4);
        foreach (var v in new[] { x.Reshape(6, 4), x.Flatten(), x.ExpandDims(1), Nd.ExpandDims(x, -1), x.Reshape(1, 2, 1, 12).Squeeze(), Nd.ReshapeLike(x, Nd.Zeros(4, 6)) })
        {
            Assert.True(v.SharesStorageWith(x));
            v.Span<double>()[5] = -7;
            Assert.Equal(-7, x.ToArray<double>()[5]);
            x.Span<double>()[5] = 6;
            Assert.Equal(6, v.ToArray<double>()[5]);
        }
    }

    [Fact]
    public void FlattenExpandSqueezeShapes()
    {
        Assert.Equal(new Shape(2, 12), Seq(2, 3, 4).Flatten().Shape);
        Assert.Equal(new Shape(5, 1), Seq(5).Flatten().Shape);
        Assert.Equal(new Shape(0, 12), Nd.Zeros(0, 3, 4).Flatten().Shape);
        Assert.Equal(new Shape(1, 2, 3), Seq(2, 3).ExpandDims(0).Shape);
        Assert.Equal(new Shape(2, 3, 1), Seq(2, 3).ExpandDims(2).Shape);
        Assert.Equal(new Shape(2, 1, 3), Seq(2, 3).ExpandDims(-2).Shape);
        Assert.Equal(new Shape(2, 3), Seq(1, 2, 1, 3).Squeeze().Shape);
        Assert.Equal(new Shape(2, 1, 3), Seq(1, 2, 1, 3).Squeeze(0).Shape);
        Assert.Equal(new Shape(1, 2, 3), Seq(1, 2, 1, 3).Squeeze(-2).Shape);
        Assert.Equal(new Shape(1), Seq(1, 1).Squeeze().Shape);
        Check.Throws<ArgumentException>(() => Seq(1, 2, 3).Squeeze(1), "squeeze", "size=2", "(1, 2, 3)");
        Check.Throws<ArgumentOutOfRangeException>(() => Seq(1, 2).Squeeze(3), "squeeze", "axis 3", "(1, 2)");
        Check.Throws<ArgumentOutOfRangeException>(() => Seq(2, 3).ExpandDims(4), "expand_dims", "axis 4", "(2, 3)");
        Check.Throws<ArgumentException>(() => Nd.ReshapeLike(Seq(2, 3), Nd.Zeros(4, 2)), "reshape_like", "(2, 3)", "(4, 2)");
    }

    [Fact]
    public void ReshapeLikePartialRanges()
    {
        var x = Seq(30, 12);
        var y = Nd.ReshapeLike(x, Nd.Zeros(4, 3, 10), lhsBegin: -1, rhsBegin: 0, rhsEnd: 2);
        Assert.Equal(new Shape(30, 4, 3), y.Shape);
        var z = Nd.ReshapeLike(Seq(2, 3, 4), Nd.Zeros(6, 5), lhsBegin: 0, lhsEnd: 2, rhsBegin: 0, rhsEnd: 1);
        Assert.Equal(new Shape(6, 4), z.Shape);
    }

    [Fact]
    public void ViewOpsGradient()
    {
        var x = Check.RandArray(new Shape(2, 3, 4), 1);
        Check.NumericGradient(a => Nd.Reshape(a[0], -3, -1) * Nd.Reshape(a[0], -3, -1), [x]);
        Check.NumericGradient(a => Nd.Flatten(a[0]) * 2, [x]);
        Check.NumericGradient(a => Nd.ExpandDims(a[0], 1) * Nd.ExpandDims(a[0], 1), [x]);
        Check.NumericGradient(a => Nd.Squeeze(Nd.Reshape(a[0], 1, 24, 1)) * 3, [x]);
        Check.NumericGradient(a => Nd.ReshapeLike(a[0], a[1]) * a[1], [x, Check.RandArray(new Shape(6, 4), 2)]);
    }

    // ---- transpose / SwapAxis / flip --------------------------------------------------------

    public static TheoryData<int[], int[]> TransposeCases() => new()
    {
        { [0, 3], [] }, { [1, 1], [] }, { [3, 17], [] }, { [17, 33], [1, 0] }, { [64, 40], [] },
        { [2, 3, 4], [] }, { [2, 3, 4], [0, 2, 1] }, { [2, 3, 4], [1, 0, 2] }, { [2, 3, 4], [2, 0, 1] },
        { [3, 20, 19], [0, 2, 1] }, { [5, 7, 9, 3], [3, 1, 0, 2] }, { [4, 1, 5, 2, 3], [4, 2, 0, 1, 3] }, { [7], [] },
    };

    [Theory]
    [MemberData(nameof(TransposeCases))]
    public void TransposeMatchesReference(int[] shape, int[] axes)
    {
        var x = Check.RandArray(new Shape(shape), shape.Sum());
        int r = shape.Length;
        var perm = axes.Length == 0 ? Enumerable.Range(0, r).Reverse().ToArray() : axes;
        var os = perm.Select(p => shape[p]).ToArray();
        var expected = Gather(x.ToArray<double>(), shape, os, o =>
        {
            var i = new int[r];
            for (int k = 0; k < r; k++) i[perm[k]] = o[k];
            return i;
        });
        Equal(os, expected, Nd.Transpose(x, axes));
        Equal(os, expected, x.AsType(DType.Float32).Transpose(axes));
        var xi = Nd.Round(x * 100).AsType(DType.Int32);
        Equal(os, expected.Select(v => Math.Round(v * 100)).ToArray(), Nd.Transpose(xi, axes), "int32");
        var xh = x.AsType(DType.Float16);
        Equal(os, Gather(xh.ToArray<double>(), shape, os, o => { var i = new int[r]; for (int k = 0; k < r; k++) i[perm[k]] = o[k]; return i; }), Nd.Transpose(xh, axes), "float16");
        if (x.Size > 0 && r > 0) Check.NumericGradient(a => Nd.Transpose(a[0], axes), [x]);
        if (r == 2) Equal(os, expected, x.T);
    }

    [Fact]
    public void LargeCopiesTakeTheThreadedPaths()
    {
        // Big enough to be split over threads (blocked transpose and the row loop).
        var x = Check.RandArray(new Shape(300, 257), 9, dtype: DType.Float32);
        var xv = x.ToArray<double>();
        Equal([257, 300], Gather(xv, [300, 257], [257, 300], o => [o[1], o[0]]), x.T);
        var y = Check.RandArray(new Shape(6, 70, 90), 10, dtype: DType.Float32);
        var yv = y.ToArray<double>();
        Equal([90, 6, 70], Gather(yv, [6, 70, 90], [90, 6, 70], o => [o[1], o[2], o[0]]), y.Transpose(2, 0, 1));
        Equal([6, 35, 90], Gather(yv, [6, 70, 90], [6, 35, 90], o => [o[0], 2 * o[1] + 1, o[2]]), Nd.Slice(y, [null, 1], [null, null], [null, 2]));
        var c = Nd.Concat([y, y], 2);
        Equal([6, 70, 180], Gather(yv, [6, 70, 90], [6, 70, 180], o => [o[0], o[1], o[2] % 90]), c);
    }

    [Fact]
    public void TransposeRejectsBadAxes()
    {
        var x = Seq(2, 3, 4);
        Check.Throws<ArgumentException>(() => Nd.Transpose(x, 0, 1), "transpose", "(0, 1)", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Transpose(x, 0, 1, 1), "transpose", "repeats", "(2, 3, 4)");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Transpose(x, 0, 1, 3), "transpose", "axis 3", "(2, 3, 4)");
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, 0, 2)]
    [InlineData(new[] { 2, 3, 4 }, -1, 1)]
    [InlineData(new[] { 5, 17 }, 0, 1)]
    [InlineData(new[] { 0, 3 }, 0, 1)]
    [InlineData(new[] { 4, 1, 3 }, 1, 1)]
    public void SwapAxisMatchesReference(int[] shape, int d1, int d2)
    {
        var x = Check.RandArray(new Shape(shape), 3);
        int r = shape.Length, a = d1 < 0 ? d1 + r : d1, b = d2 < 0 ? d2 + r : d2;
        var os = (int[])shape.Clone();
        (os[a], os[b]) = (os[b], os[a]);
        var expected = Gather(x.ToArray<double>(), shape, os, o => { var i = (int[])o.Clone(); (i[a], i[b]) = (i[b], i[a]); return i; });
        Equal(os, expected, Nd.SwapAxes(x, d1, d2));
        Equal(os, expected, x.AsType(DType.Float32).SwapAxes(d1, d2));
        if (x.Size > 0) Check.NumericGradient(t => Nd.SwapAxes(t[0], d1, d2), [x]);
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.SwapAxes(x, 0, r), "SwapAxis", $"axis {r}", new Shape(shape).ToString());
    }

    [Theory]
    [InlineData(new[] { 17 }, new[] { 0 })]
    [InlineData(new[] { 3, 4 }, new[] { 1 })]
    [InlineData(new[] { 3, 4 }, new[] { 0, 1 })]
    [InlineData(new[] { 2, 3, 5 }, new[] { -2 })]
    [InlineData(new[] { 2, 0, 5 }, new[] { 1 })]
    [InlineData(new[] { 1, 33 }, new[] { 0, 1 })]
    public void FlipMatchesReference(int[] shape, int[] axes)
    {
        var x = Check.RandArray(new Shape(shape), 4);
        int r = shape.Length;
        var f = axes.Select(a => a < 0 ? a + r : a).ToHashSet();
        var expected = Gather(x.ToArray<double>(), shape, shape, o => o.Select((v, k) => f.Contains(k) ? shape[k] - 1 - v : v).ToArray());
        Equal(shape, expected, Nd.Flip(x, axes));
        Equal(shape, expected, Gluon.Ops.Imperative.Invoke1("reverse", new Gluon.Ops.OpAttrs { { "axis", axes } }, x.AsType(DType.Float32)));
        if (x.Size > 0) Check.NumericGradient(t => Nd.Flip(t[0], axes), [x]);
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Flip(x, r), "reverse", $"axis {r}");
    }

    // ---- slice / slice_axis / slice_like -----------------------------------------------------

    public static TheoryData<int[], int?[], int?[], int?[]?> SliceCases() => new()
    {
        { [3, 4], [0, 1], [2, 4], null },           // MXNet docstring: slice(x, (0,1), (2,4))
        { [3, 4], [null, 0], [null, 3], [-1, 2] },  // docstring: step=(-1, 2) -> rows 2,1,0; cols 0,2
        { [3, 4], [2, null], [0, null], [-1, null] },
        { [3, 4], [-2], [null], null },
        { [5, 17, 3], [1, -16, 0], [4, 17, 3], [2, 3, 1] },
        { [6, 5], [-1, 4], [null, null], [-2, -3] },
        { [4, 1, 7], [1], [3], null },
        { [4, 0, 7], [1, null], [3, null], null },
        { [33], [1], [32], [5] },
    };

    [Theory]
    [MemberData(nameof(SliceCases))]
    public void SliceMatchesReference(int[] shape, int?[] begin, int?[] end, int?[]? step)
    {
        var x = Check.RandArray(new Shape(shape), 5);
        var (b, s, os) = PySlices(shape, begin, end, step);
        var expected = Gather(x.ToArray<double>(), shape, os, o => o.Select((v, k) => b[k] + v * s[k]).ToArray());
        Equal(os, expected, Nd.Slice(x, begin, end, step));
        Equal(os, expected, x.AsType(DType.Float32).Slice(begin, end, step));
        if (x.Size > 0) Check.NumericGradient(t => Nd.Slice(t[0], begin, end, step), [x]);
    }

    // Python's slice.indices for in-range bounds (the cases above never need clipping).
    private static (int[] B, int[] S, int[] O) PySlices(int[] shape, int?[] begin, int?[] end, int?[]? step)
    {
        int r = shape.Length;
        var b = new int[r];
        var s = new int[r];
        var o = (int[])shape.Clone();
        for (int k = 0; k < r; k++)
        {
            s[k] = 1;
            if (k >= begin.Length || shape[k] == 0) continue;
            int st = step?[k] ?? 1, n = shape[k];
            int bb = begin[k] ?? (st > 0 ? 0 : n - 1);
            if (bb < 0) bb += n;
            int ee = end[k] ?? (st > 0 ? n : -1 - n);
            if (ee < 0) ee += n;
            b[k] = bb;
            s[k] = st;
            int cnt = 0;
            for (int i = bb; st > 0 ? i < ee : i > ee; i += st) cnt++;
            o[k] = cnt;
        }
        return (b, s, o);
    }

    [Fact]
    public void SliceIsAViewOnlyForContiguousWindows()
    {
        var x = Seq(4, 5, 6);
        var rows = Nd.Slice(x, [1], [3]);
        Assert.True(rows.SharesStorageWith(x));
        Assert.Equal(30, rows.Offset);
        rows.Span<double>()[0] = -1;
        Assert.Equal(-1, x.ToArray<double>()[30]);
        var inner = Nd.Slice(x, [2, 1], [3, 4]);
        Assert.True(inner.SharesStorageWith(x));
        Assert.Equal(2 * 30 + 6, inner.Offset);
        Assert.False(Nd.Slice(x, [null, 1], [null, 4]).SharesStorageWith(x));
        Assert.False(Nd.Slice(x, [0], [4], [2]).SharesStorageWith(x));
        var ax = Nd.SliceAxis(x, 0, 1, null);
        Assert.True(ax.SharesStorageWith(x));
        Assert.Equal(new Shape(3, 5, 6), ax.Shape);
        var lead1 = Nd.SliceAxis(Seq(1, 1, 8, 3), 2, 2, 5);
        Assert.Equal(6, lead1.Offset);
        Assert.False(Nd.SliceAxis(x, 1, 1, 3).SharesStorageWith(x));
    }

    [Fact]
    public void SliceRejectsIndicesMXNetRejects()
    {
        var x = Seq(3, 4);
        Check.Throws<ArgumentException>(() => Nd.Slice(x, [3], [null]), "slice", "begin[0]=3", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Slice(x, [-4], [null]), "slice", "begin[0]=-4", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Slice(x, [0], [5]), "slice", "end[0]=5", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Slice(x, [1], [1]), "slice", "empty", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Slice(x, [2], [1]), "slice", "step[0]=1", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Slice(x, [0], [2], [0]), "slice", "step[0]", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Slice(x, [0, 0, 0], [1, 1, 1]), "slice", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Slice(x, [0, 0], [1]), "slice", "same length", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.SliceAxis(x, 1, 3, 2), "slice_axis", "begin=3", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.SliceAxis(x, 1, 0, 5), "slice_axis", "end=5", "(3, 4)");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.SliceAxis(x, 2, 0, 1), "slice_axis", "axis 2", "(3, 4)");
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, 0, 1, 3)]
    [InlineData(new[] { 3, 4 }, 1, -3, null)]
    [InlineData(new[] { 3, 4 }, -1, 0, -1)]
    [InlineData(new[] { 2, 17, 5 }, 1, 3, 16)]
    [InlineData(new[] { 2, 0, 5 }, 2, 1, 4)]
    public void SliceAxisMatchesReference(int[] shape, int axis, int begin, int? end)
    {
        var x = Check.RandArray(new Shape(shape), 6);
        int r = shape.Length, a = axis < 0 ? axis + r : axis, n = shape[a];
        int b = begin < 0 ? begin + n : begin, e = end is int v ? (v < 0 ? v + n : v) : n;
        var os = (int[])shape.Clone();
        os[a] = e - b;
        var expected = Gather(x.ToArray<double>(), shape, os, o => { var i = (int[])o.Clone(); i[a] += b; return i; });
        Equal(os, expected, Nd.SliceAxis(x, axis, begin, end));
        Equal(os, expected, x.AsType(DType.Float32).SliceAxis(axis, begin, end));
        if (x.Size > 0) Check.NumericGradient(t => Nd.SliceAxis(t[0], axis, begin, end), [x]);
    }

    [Fact]
    public void SliceLikeMatchesReference()
    {
        var x = Check.RandArray(new Shape(3, 4, 5), 7);
        var like = Nd.Zeros(2, 3, 4);
        var expected = Gather(x.ToArray<double>(), [3, 4, 5], [2, 3, 4], o => o);
        Equal([2, 3, 4], expected, Nd.SliceLike(x, like));
        Equal([3, 3, 5], Gather(x.ToArray<double>(), [3, 4, 5], [3, 3, 5], o => o), Nd.SliceLike(x, like, [1]));
        Equal([2, 4, 4], Gather(x.ToArray<double>(), [3, 4, 5], [2, 4, 4], o => o), Nd.SliceLike(x, like, [0, -1]));
        Check.NumericGradient(t => Nd.SliceLike(t[0], t[1], [0, 2]), [x, Check.RandArray(new Shape(2, 3, 4), 8)], skip: [1]);
        Check.Throws<ArgumentException>(() => Nd.SliceLike(x, Nd.Zeros(4, 4, 4)), "slice_like", "(4, 4, 4)", "(3, 4, 5)");
        Check.Throws<ArgumentException>(() => Nd.SliceLike(x, Nd.Zeros(2, 2)), "slice_like", "(2, 2)", "(3, 4, 5)");
    }
}
