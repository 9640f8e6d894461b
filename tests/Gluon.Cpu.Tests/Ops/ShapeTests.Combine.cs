using static Gluon.Tests.ShapeRef;

namespace Gluon.Tests.Ops;

/// <summary>Concat, stack, split, tile, repeat, broadcast_axis/like and Pad.</summary>
public partial class ShapeTests
{
    public static TheoryData<int[][], int> ConcatCases() => new()
    {
        { [[2, 3], [2, 5]], 1 },
        { [[2, 3], [4, 3], [1, 3]], 0 },
        { [[2, 3, 4], [2, 1, 4], [2, 17, 4]], -2 },
        { [[3, 0], [3, 2]], 1 },
        { [[1, 2, 33], [1, 2, 1]], 2 },
        { [[5]], 0 },
    };

    [Theory]
    [MemberData(nameof(ConcatCases))]
    public void ConcatMatchesReference(int[][] shapes, int dim)
    {
        var xs = shapes.Select((s, i) => Check.RandArray(new Shape(s), 10 + i)).ToArray();
        int r = shapes[0].Length, a = dim < 0 ? dim + r : dim;
        var os = (int[])shapes[0].Clone();
        os[a] = shapes.Sum(s => s[a]);
        // Reference: find which input an output index along the axis falls into.
        int n = os.Aggregate(1, (p, d) => p * d);
        var expected = new double[n];
        for (int f = 0; f < n; f++)
        {
            var o = Unravel(f, os);
            int k = 0, pos = o[a];
            while (pos >= shapes[k][a]) pos -= shapes[k++][a];
            var i = (int[])o.Clone();
            i[a] = pos;
            expected[f] = xs[k].ToArray<double>()[Ravel(i, shapes[k])];
        }
        Equal(os, expected, Nd.Concat(xs, dim));
        Equal(os, expected, Nd.Concat(xs.Select(x => x.AsType(DType.Float32)).ToArray(), dim));
        Equal(os, expected, Gluon.Ops.Imperative.Invoke1("concat", new Gluon.Ops.OpAttrs { { "num_args", xs.Length }, { "dim", dim } }, xs));
        Check.NumericGradient(t => Nd.Concat(t, dim), xs);
    }

    [Fact]
    public void ConcatDefaultsAndErrors()
    {
        var a = Seq(2, 3);
        Assert.Equal(new Shape(2, 6), Nd.Concat(a, a).Shape);
        Check.Throws<ArgumentException>(() => Nd.Concat(a, Seq(3, 3)), "Concat", "(2, 3)", "(3, 3)");
        Check.Throws<ArgumentException>(() => Nd.Concat([a, Seq(2, 3, 1)], 1), "Concat", "(2, 3, 1)");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Concat([a, a], 2), "Concat", "axis 2", "(2, 3)");
        Check.Throws<ArgumentException>(() => Nd.Concat(a, a.AsType(DType.Float32)), "Concat", "dtype", "float64, float32");
        Check.Throws<ArgumentException>(() => Nd.Stack(a, a.AsType(DType.Int32)), "stack", "dtype");
        var ints = Nd.Concat([a.AsType(DType.Int32), (a * 10).AsType(DType.Int32)], 0);
        Assert.Equal(DType.Int32, ints.DType);
        Check.Close(ints, [1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60], 0, 0);
        var bytes = Nd.Stack([a.AsType(DType.UInt8), a.AsType(DType.UInt8)], 2);
        Check.Close(bytes, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6], 0, 0);
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, 3, 0)]
    [InlineData(new[] { 2, 3 }, 2, 1)]
    [InlineData(new[] { 2, 3 }, 4, 2)]
    [InlineData(new[] { 2, 3 }, 2, -1)]
    [InlineData(new[] { 17 }, 1, 0)]
    [InlineData(new[] { 0, 3 }, 2, 1)]
    public void StackMatchesReference(int[] shape, int count, int axis)
    {
        var xs = Enumerable.Range(0, count).Select(i => Check.RandArray(new Shape(shape), 20 + i)).ToArray();
        int r = shape.Length, a = axis < 0 ? axis + r + 1 : axis;
        var os = shape.ToList();
        os.Insert(a, count);
        var osa = os.ToArray();
        int n = osa.Aggregate(1, (p, d) => p * d);
        var expected = new double[n];
        for (int f = 0; f < n; f++)
        {
            var o = Unravel(f, osa).ToList();
            int k = o[a];
            o.RemoveAt(a);
            expected[f] = xs[k].ToArray<double>()[Ravel(o.ToArray(), shape)];
        }
        Equal(osa, expected, Nd.Stack(xs, axis));
        Equal(osa, expected, Nd.Stack(xs.Select(x => x.AsType(DType.Float32)).ToArray(), axis));
        if (xs[0].Size > 0) Check.NumericGradient(t => Nd.Stack(t, axis), xs);
        Check.Throws<ArgumentException>(() => Nd.Stack(xs[0], Nd.Zeros(9)), "stack", "(9,)");
    }

    [Theory]
    [InlineData(new[] { 2, 6 }, 3, 1, false)]
    [InlineData(new[] { 4, 5 }, 2, 0, false)]
    [InlineData(new[] { 3, 1, 17 }, 3, 0, true)]
    [InlineData(new[] { 2, 3, 4 }, 4, -1, false)]
    [InlineData(new[] { 2, 3 }, 1, 1, false)]
    public void SplitMatchesReference(int[] shape, int parts, int axis, bool squeeze)
    {
        var x = Check.RandArray(new Shape(shape), 30);
        int r = shape.Length, a = axis < 0 ? axis + r : axis, len = shape[a] / parts;
        var outs = Nd.Split(x, parts, axis, squeeze);
        Assert.Equal(parts, outs.Length);
        var ps = (int[])shape.Clone();
        ps[a] = len;
        for (int k = 0; k < parts; k++)
        {
            int kk = k;
            var expected = Gather(x.ToArray<double>(), shape, ps, o => { var i = (int[])o.Clone(); i[a] += kk * len; return i; });
            var vis = squeeze ? ps.Where((_, i) => i != a).ToArray() : ps;
            Equal(vis, expected, outs[k], $"part {k}");
        }
        Equal(squeeze ? ps.Where((_, i) => i != a).ToArray() : ps, Gather(x.ToArray<double>(), shape, ps, o => o), x.AsType(DType.Float32).Split(parts, axis, squeeze)[0]);
        // Gradient through a combination of the parts (each part used, some twice).
        Check.NumericGradient(t =>
        {
            var p = Nd.Split(t[0], parts, axis, squeeze);
            var acc = p[0] * p[0];
            for (int i = 1; i < p.Length; i++) acc = acc + p[i] * (i + 1);
            return acc;
        }, [x]);
        // Only one part used: the others get zero gradient.
        if (parts > 1) Check.NumericGradient(t => Nd.Split(t[0], parts, axis, squeeze)[parts - 1] * 2, [x]);
    }

    [Fact]
    public void SplitErrors()
    {
        var x = Seq(2, 6);
        Check.Throws<ArgumentException>(() => Nd.Split(x, 4, 1), "SliceChannel", "num_outputs=4", "(2, 6)");
        Check.Throws<ArgumentException>(() => Nd.Split(x, 3, 1, squeezeAxis: true), "SliceChannel", "squeeze_axis", "(2, 6)");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Split(x, 2, 2), "SliceChannel", "axis 2", "(2, 6)");
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 2, 2 })]
    [InlineData(new[] { 2, 3 }, new[] { 2 })]
    [InlineData(new[] { 2, 3 }, new[] { 2, 1, 3 })]
    [InlineData(new[] { 17 }, new[] { 3 })]
    [InlineData(new[] { 1, 4 }, new[] { 5, 1 })]
    [InlineData(new[] { 2, 3 }, new[] { 0, 2 })]
    [InlineData(new[] { 2, 0 }, new[] { 2, 2 })]
    public void TileMatchesReference(int[] shape, int[] reps)
    {
        var x = Check.RandArray(new Shape(shape), 40);
        int r = Math.Max(shape.Length, reps.Length);
        var d = Enumerable.Repeat(1, r - shape.Length).Concat(shape).ToArray();
        var k = Enumerable.Repeat(1, r - reps.Length).Concat(reps).ToArray();
        var os = d.Zip(k, (a, b) => a * b).ToArray();
        var expected = Gather(x.ToArray<double>(), d, os, o => o.Select((v, i) => v % d[i]).ToArray());
        Equal(os, expected, Nd.Tile(x, reps));
        Equal(os, expected, x.AsType(DType.Float32).Tile(reps));
        if (x.Size > 0) Check.NumericGradient(t => Nd.Tile(t[0], reps), [x]);
        Check.Throws<ArgumentException>(() => Nd.Tile(x, -1), "tile", "(-1,)");
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, 2, null)]
    [InlineData(new[] { 2, 3 }, 3, 0)]
    [InlineData(new[] { 2, 3 }, 2, 1)]
    [InlineData(new[] { 2, 3, 4 }, 3, -2)]
    [InlineData(new[] { 17 }, 1, 0)]
    [InlineData(new[] { 0, 3 }, 2, 1)]
    public void RepeatMatchesReference(int[] shape, int repeats, int? axis)
    {
        var x = Check.RandArray(new Shape(shape), 50);
        var xv = x.ToArray<double>();
        int[] os;
        double[] expected;
        if (axis is not int ax)
        {
            os = [xv.Length * repeats];
            expected = xv.SelectMany(v => Enumerable.Repeat(v, repeats)).ToArray();
        }
        else
        {
            int a = ax < 0 ? ax + shape.Length : ax;
            os = (int[])shape.Clone();
            os[a] *= repeats;
            expected = Gather(xv, shape, os, o => { var i = (int[])o.Clone(); i[a] /= repeats; return i; });
        }
        Equal(os, expected, Nd.Repeat(x, repeats, axis));
        Equal(os, expected, x.AsType(DType.Float32).Repeat(repeats, axis));
        if (x.Size > 0) Check.NumericGradient(t => Nd.Repeat(t[0], repeats, axis), [x]);
        Check.Throws<ArgumentException>(() => Nd.Repeat(x, -1), "repeat", "repeats=-1");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Repeat(x, 2, 5), "repeat", "axis 5");
    }

    [Fact]
    public void BroadcastAxisAndLikeMatchReference()
    {
        var x = Check.RandArray(new Shape(2, 1, 3, 1), 60);
        var xv = x.ToArray<double>();
        int[] xs = [2, 1, 3, 1];
        int[] os = [2, 4, 3, 17];
        var expected = Gather(xv, xs, os, o => o.Select((v, i) => xs[i] == 1 ? 0 : v).ToArray());
        Equal(os, expected, Nd.BroadcastAxis(x, [1, 3], [4, 17]));
        Equal(os, expected, Gluon.Ops.Imperative.Invoke1("broadcast_axes", new Gluon.Ops.OpAttrs { { "axis", new[] { 1, -1 } }, { "size", new[] { 4, 17 } } }, x.AsType(DType.Float32)));
        Equal(os, expected, Nd.BroadcastLike(x, Nd.Zeros(2, 4, 3, 17)));
        Equal(os, expected, Nd.BroadcastLike(x, Nd.Zeros(17, 5, 4), lhsAxes: [1, 3], rhsAxes: [2, 0]));
        Equal([2, 0, 3, 1], [], Nd.BroadcastAxis(x, [1], [0]));
        Check.NumericGradient(t => Nd.BroadcastAxis(t[0], [1, 3], [4, 5]), [x]);
        Check.NumericGradient(t => Nd.BroadcastLike(t[0], t[1]), [x, Check.RandArray(new Shape(2, 4, 3, 5), 61)], skip: [1]);
        Check.NumericGradient(t => Nd.BroadcastLike(t[0], t[1], [1], [0]), [x, Check.RandArray(new Shape(3, 4), 62)], skip: [1]);
        Check.Throws<ArgumentException>(() => Nd.BroadcastAxis(x, [0], [4]), "broadcast_axis", "axis 0", "(2, 1, 3, 1)");
        Check.Throws<ArgumentException>(() => Nd.BroadcastAxis(x, [1, 3], [4]), "broadcast_axis", "(1, 3)", "(4,)");
        Check.Throws<ArgumentException>(() => Nd.BroadcastLike(x, Nd.Zeros(3, 4, 3, 1)), "broadcast_like", "(2, 1, 3, 1)", "(3, 4, 3, 1)");
        Check.Throws<ArgumentException>(() => Nd.BroadcastLike(x, Nd.Zeros(3, 4), lhsAxes: [0], rhsAxes: [0]), "broadcast_like", "(2, 1, 3, 1)", "(3, 4)");
    }

    // ---- Pad ----------------------------------------------------------------------------------

    public static TheoryData<string, int[], int[]> PadCases() => new()
    {
        { "constant", [1, 2, 3, 4], [0, 0, 0, 0, 1, 2, 3, 1] },
        { "edge", [1, 2, 3, 4], [0, 0, 0, 0, 1, 2, 3, 1] },
        { "reflect", [1, 2, 3, 4], [0, 0, 0, 0, 2, 1, 3, 2] },
        { "constant", [2, 1, 2, 3, 4], [0, 0, 0, 0, 1, 1, 2, 0, 0, 3] },
        { "edge", [2, 1, 2, 3, 4], [0, 0, 0, 0, 1, 1, 2, 0, 0, 3] },
        { "reflect", [2, 1, 2, 3, 4], [0, 0, 0, 0, 1, 1, 2, 0, 0, 3] },
        { "edge", [1, 1, 1, 17], [0, 0, 0, 0, 2, 2, 0, 5] },
        { "reflect", [2, 3, 5, 5], [0, 0, 0, 0, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(PadCases))]
    public void PadMatchesReference(string mode, int[] shape, int[] width)
    {
        var x = Check.RandArray(new Shape(shape), 70);
        int r = shape.Length;
        var os = shape.Select((d, i) => d + width[2 * i] + width[2 * i + 1]).ToArray();
        const double cv = 2.5;
        var xv = x.ToArray<double>();
        int n = os.Aggregate(1, (p, d) => p * d);
        var expected = new double[n];
        for (int f = 0; f < n; f++)
        {
            var o = Unravel(f, os);
            var i = new int[r];
            bool outside = false;
            for (int k = 0; k < r; k++)
            {
                int j = o[k] - width[2 * k], len = shape[k];
                if (j < 0 || j >= len)
                {
                    outside = true;
                    j = mode == "edge" ? Math.Clamp(j, 0, len - 1) : j < 0 ? -j : 2 * (len - 1) - j;
                }
                i[k] = j;
            }
            expected[f] = mode == "constant" && outside ? cv : xv[Ravel(i, shape)];
        }
        Equal(os, expected, Nd.Pad(x, mode, width, cv));
        Equal(os, expected, x.AsType(DType.Float32).Pad(mode, width, cv));
        Check.NumericGradient(t => Nd.Pad(t[0], mode, width, cv), [x]);
    }

    [Fact]
    public void PadRejectsWhatMXNetRejects()
    {
        var x = Seq(1, 2, 3, 4);
        Check.Throws<ArgumentException>(() => Nd.Pad(Seq(3, 4), "constant", [1, 1, 1, 1]), "Pad", "4-D and 5-D", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Pad(x, "constant", [0, 0, 1, 1, 0, 0, 0, 0]), "Pad", "first two axes", "(1, 2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Pad(x, "constant", [0, 0, 0, 0, 1, 1]), "Pad", "2*ndim=8", "(1, 2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Pad(x, "reflect", [0, 0, 0, 0, 3, 0, 0, 0]), "Pad", "reflect", "(1, 2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Pad(x, "wrap", [0, 0, 0, 0, 1, 0, 0, 0]), "Pad", "wrap");
    }
}
