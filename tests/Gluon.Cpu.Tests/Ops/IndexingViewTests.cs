using static Gluon.Tests.ShapeRef;

namespace Gluon.Tests.Ops;

/// <summary>NDArray indexing: views sharing storage, copies, setters and their autograd records.</summary>
public class IndexingViewTests
{
    private static NDArray Seq(params int[] shape)
    {
        var s = new Shape(shape);
        var v = new double[s.Size];
        for (int i = 0; i < v.Length; i++) v[i] = i;
        return Nd.Array<double>(v, s);
    }

    [Fact]
    public void IntegerIndexIsAViewDroppingTheAxis()
    {
        var x = Seq(3, 4);
        var row = x[1];
        Assert.Equal(new Shape(4), row.Shape);
        Assert.True(row.SharesStorageWith(x));
        Check.Close(row, [4, 5, 6, 7], 0, 0);
        row.Span<double>()[2] = -1;
        Assert.Equal(-1, x.ToArray<double>()[6]);
        x.Span<double>()[7] = 99;
        Assert.Equal(99, row.ToArray<double>()[3]);
        Check.Close(x[-1], [8, 9, 10, 11], 0, 0);
        Assert.Equal(new Shape(3, 4), Seq(2, 3, 4)[1].Shape);
    }

    [Fact]
    public void IntegerIndexOutOfRangeThrowsNamingIndexAndShape()
    {
        var x = Seq(3, 4);
        Check.Throws<IndexOutOfRangeException>(() => _ = x[3], "index 3", "(3, 4)");
        Check.Throws<IndexOutOfRangeException>(() => _ = x[-4], "index -4", "(3, 4)");
        Check.Throws<IndexOutOfRangeException>(() => _ = x[0, 4], "index 4", "axis 1", "(3, 4)");
        Check.Throws<IndexOutOfRangeException>(() => _ = x[0, 0, 0], "too many indices", "(3, 4)");
    }

    [Fact]
    public void MultipleIntegersAndRanges()
    {
        var x = Seq(3, 4, 5);
        var xv = x.ToArray<double>();
        // Leading integers: still a contiguous window, so a view.
        var v = x[1, 2];
        Assert.Equal(new Shape(5), v.Shape);
        Assert.True(v.SharesStorageWith(x));
        Check.Close(v, xv.Skip(30).Take(5).ToArray(), 0, 0);
        var e = x[2, 3, 4];
        Assert.Equal(new Shape(1), e.Shape); // MXNet 1.x has no 0-d arrays
        Assert.Equal(59, e.AsScalar<double>());
        // A first-axis range: a view.
        var r = x[1..3];
        Assert.Equal(new Shape(2, 4, 5), r.Shape);
        Assert.True(r.SharesStorageWith(x));
        Assert.Equal(20, r.Offset);
        Check.Close(r, xv.Skip(20).ToArray(), 0, 0);
        Assert.Equal(new Shape(1, 4, 5), x[^1..].Shape);
        Assert.Equal(new Shape(3, 4, 5), x[..100].Shape); // bounds clip like Python
        // Integer then range on the next axis: still contiguous.
        var ir = x[1, 1..3];
        Assert.True(ir.SharesStorageWith(x));
        Check.Close(ir, xv.Skip(25).Take(10).ToArray(), 0, 0);
        // A range on a later axis: a copy through slice.
        var c = x[.., 1..3];
        Assert.False(c.SharesStorageWith(x));
        Equal([3, 2, 5], Gather(xv, [3, 4, 5], [3, 2, 5], o => [o[0], o[1] + 1, o[2]]), c);
        var d = x[NDIndex.All, 2, NDIndex.Slice(null, null, -2)];
        Equal([3, 3], Gather(xv, [3, 4, 5], [3, 3], o => [o[0], 2, 4 - 2 * o[1]]), d);
        var f = x[NDIndex.Slice(-1, null, -1)];
        Equal([3, 4, 5], Gather(xv, [3, 4, 5], [3, 4, 5], o => [2 - o[0], o[1], o[2]]), f);
        Assert.Equal(new Shape(0, 4, 5), x[2..1].Shape);
    }

    [Fact]
    public void SetterCopiesIntoTheSelection()
    {
        var x = Seq(3, 4);
        x[1] = Nd.Array<double>([10, 11, 12, 13]);
        Check.Close(x, [0, 1, 2, 3, 10, 11, 12, 13, 8, 9, 10, 11], 0, 0);
        x[.., 2] = Nd.Array<double>([-1, -2, -3]);
        Check.Close(x, [0, 1, -1, 3, 10, 11, -2, 13, 8, 9, -3, 11], 0, 0);
        x[0..2, 1..3] = Nd.Array<float>([7f, 8f]); // broadcast over rows, converted to float64
        Check.Close(x, [0, 7, 8, 3, 10, 7, 8, 13, 8, 9, -3, 11], 0, 0);
        x.SetValue(5, NDIndex.All, NDIndex.Slice(null, null, 3));
        Check.Close(x, [5, 7, 8, 5, 5, 7, 8, 5, 5, 9, -3, 5], 0, 0);
        x.SetValue(0, 2);
        Check.Close(x, [5, 7, 8, 5, 5, 7, 8, 5, 0, 0, 0, 0], 0, 0);
        x.Fill(1.5);
        Check.Close(x, Enumerable.Repeat(1.5, 12).ToArray(), 0, 0);
        var i32 = Seq(2, 2).AsType(DType.Int32);
        i32.SetValue(7, 1, 1);
        Assert.Equal(new[] { 0, 1, 2, 7 }, i32.ToArray<int>());
        Check.Throws<ArgumentException>(() => x[0] = Nd.Zeros(3), "(4,)", "(3,)");
    }

    [Fact]
    public void WritingThroughAViewChangesTheBase()
    {
        var x = Seq(4, 3);
        var v = x[1..3];
        v[0] = Nd.Array<double>([-1, -2, -3]);
        v.SetValue(9, 1, 2);
        Check.Close(x, [0, 1, 2, -1, -2, -3, 6, 7, 9, 9, 10, 11], 0, 0);
        var r = x.Reshape(2, 6);
        r.SetValue(100, 1, 0);
        Assert.Equal(100, x.ToArray<double>()[6]);
    }

    [Fact]
    public void GetterIsRecordedByAutograd()
    {
        var x = Check.RandArray(new Shape(3, 4), 1);
        Check.NumericGradient(t => t[0][1] * t[0][2], [x]);
        Check.NumericGradient(t => t[0][.., 1..3] * 2, [x]);
        Check.NumericGradient(t => t[0][1, 2] * t[0][0, 0], [x]);
    }

    [Fact]
    public void SetterIsRecordedByAutograd()
    {
        var a = Check.RandArray(new Shape(4), 2);
        var b = Check.RandArray(new Shape(3), 3);
        a.AttachGrad();
        b.AttachGrad();
        // As in MXNet, an array may be assigned once per record section (afterwards it is on the tape).
        var y = Nd.Zeros(new Shape(3, 4), DType.Float64);
        var z = Nd.Zeros(new Shape(3, 4), DType.Float64);
        var u = Nd.Ones(new Shape(3, 4), DType.Float64);
        NDArray total;
        using (Autograd.Record())
        {
            y[1] = a * 2;
            z[.., 3] = b * b;
            u.SetValue(0, 0);
            total = y + z * u;
        }
        total.Backward(Nd.Array<double>(Enumerable.Range(1, 12).Select(i => (double)i).ToArray(), new Shape(3, 4)));
        // y[1, :] = 2a; z[:, 3] = b^2, but u zeroes row 0 so b[0] gets no gradient.
        Check.Close(a.Grad!, [2 * 5, 2 * 6, 2 * 7, 2 * 8], 1e-12, 1e-12);
        var bv = b.ToArray<double>();
        Check.Close(b.Grad!, [0, 2 * bv[1] * 8, 2 * bv[2] * 12], 1e-12, 1e-12);
    }

    [Fact]
    public void AssigningToAnArrayInTheGraphWhileRecordingThrows()
    {
        var a = Check.RandArray(new Shape(3), 4);
        a.AttachGrad();
        using (Autograd.Record())
        {
            var y = a * 2;
            Check.Throws<InvalidOperationException>(() => y[0] = Nd.Array<double>([1.0]), "computational graph", "(3,)");
            Check.Throws<InvalidOperationException>(() => a.SetValue(0, 1), "computational graph");
        }
        a.SetValue(0, 1); // outside record: allowed
        Assert.Equal(0, a.ToArray<double>()[1]);
    }

    [Fact]
    public void SliceAssignOpsMatchReferenceAndGradients()
    {
        var x = Check.RandArray(new Shape(4, 5), 5);
        var v = Check.RandArray(new Shape(2, 2), 6);
        var r = Gluon.Ops.Imperative.Invoke1("_slice_assign", new Gluon.Ops.OpAttrs { { "begin", new int?[] { 1, null } }, { "end", new int?[] { 3, null } }, { "step", new int?[] { 1, 3 } } }, x, v);
        var expected = x.ToArray<double>();
        var vv = v.ToArray<double>();
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) expected[(1 + i) * 5 + 3 * j] = vv[i * 2 + j];
        Check.Close(r, expected, 0, 0);
        Check.NumericGradient(t => Gluon.Ops.Imperative.Invoke1("_slice_assign", new Gluon.Ops.OpAttrs { { "begin", new int?[] { 1, null } }, { "end", new int?[] { 3, null } }, { "step", new int?[] { 1, 3 } } }, t[0], t[1]), [x, v]);
        Check.NumericGradient(t => Gluon.Ops.Imperative.Invoke1("_slice_assign_scalar", new Gluon.Ops.OpAttrs { { "scalar", 3.0 }, { "begin", new int?[] { -1 } }, { "end", new int?[] { null } } }, t[0]), [x]);
        Check.Throws<ArgumentException>(() => Gluon.Ops.Imperative.Invoke1("_slice_assign", new Gluon.Ops.OpAttrs { { "begin", new int?[] { 1 } }, { "end", new int?[] { 3 } } }, x, v), "_slice_assign", "(2, 2)", "(2, 5)");
    }

    [Fact]
    public void ShapeGradientsCanBeDifferentiatedAgain()
    {
        // y = transpose(slice(x^3)) and x[1:3]: the first gradient (built from _slice_assign,
        // transpose, concat and split) is recorded with createGraph and differentiated again.
        var x = Check.RandArray(new Shape(4, 3), 11);
        x.AttachGrad();
        NDArray g;
        using (Autograd.Record())
        {
            var cube = x * x * x;
            var y = Nd.Concat([Nd.Reshape(Nd.Transpose(Nd.Slice(cube, [1], [3])), -1), Nd.Reshape(Nd.Split(cube, 3, 1)[2], -1)], 0);
            g = Autograd.Grad([y], [x], createGraph: true)[0];
        }
        g.Backward();
        var xv = x.ToArray<double>();
        var expected = new double[12];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++)
            {
                int uses = (i is 1 or 2 ? 1 : 0) + (j == 2 ? 1 : 0);
                expected[i * 3 + j] = 6 * xv[i * 3 + j] * uses;
            }
        Check.Close(x.Grad!, expected, 1e-12, 1e-12);
    }
}
