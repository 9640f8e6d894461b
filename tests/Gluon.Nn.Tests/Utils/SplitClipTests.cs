namespace Gluon.Tests.Utils;

public class SplitClipTests
{
    private static NDArray Seq(params int[] shape)
    {
        var s = new Shape(shape);
        return Nd.Array(Enumerable.Range(0, s.Size).Select(i => (float)i).ToArray(), s);
    }

    /// <summary>Reference: elements of <paramref name="x"/> whose index along <paramref name="axis"/> is in [begin, end).</summary>
    private static double[] SliceRef(NDArray x, int axis, int begin, int end)
    {
        var v = x.ToArray<double>();
        var dims = x.Shape.ToArray();
        int outer = dims.Take(axis).Aggregate(1, (a, b) => a * b), inner = dims.Skip(axis + 1).Aggregate(1, (a, b) => a * b);
        var r = new List<double>();
        for (int o = 0; o < outer; o++)
            for (int a = begin; a < end; a++)
                for (int i = 0; i < inner; i++) r.Add(v[(o * dims[axis] + a) * inner + i]);
        return r.ToArray();
    }

    [Theory]
    [InlineData(new[] { 6, 2 }, 3, 0, true)]
    [InlineData(new[] { 7, 3 }, 3, 0, false)]
    [InlineData(new[] { 2, 7, 3 }, 3, 1, false)]
    [InlineData(new[] { 2, 8, 3 }, 4, 1, true)]
    [InlineData(new[] { 2, 3, 5 }, 2, -1, false)]
    [InlineData(new[] { 2, 5 }, 1, 0, true)]
    public void SplitDataGivesArraySplitSections(int[] shape, int n, int axis, bool even)
    {
        var x = Seq(shape);
        var slices = Gluon.Utils.SplitData(x, n, axis, even);
        Assert.Equal(n, slices.Length);
        int ax = axis < 0 ? axis + shape.Length : axis;
        int size = shape[ax], begin = 0;
        for (int i = 0; i < n; i++)
        {
            int len = size / n + (i < size % n ? 1 : 0);
            Assert.Equal(x.Shape.With(ax, len), slices[i].Shape);
            Check.Close(slices[i], SliceRef(x, ax, begin, begin + len), what: $"slice {i}");
            begin += len;
        }
    }

    [Fact]
    public void SplitDataWithFewerElementsThanSlicesGivesEmptyTails()
    {
        var slices = Gluon.Utils.SplitData(Seq(2, 3), 4, 0, evenSplit: false);
        Assert.Equal([1, 1, 0, 0], slices.Select(s => s.Shape[0]).ToArray());
        Check.Close(slices[1], [3, 4, 5]);
    }

    [Fact]
    public void SplitDataRejectsUnevenSplit()
    {
        Check.Throws<ArgumentException>(() => Gluon.Utils.SplitData(Seq(7, 2), 3), "(7, 2)", "cannot be evenly split into 3 slices along axis 0");
        Check.Throws<ArgumentOutOfRangeException>(() => Gluon.Utils.SplitData(Seq(6), 0), "num_slice");
    }

    [Fact]
    public void SplitAndLoadPlacesSlicesOnContexts()
    {
        var ctx = new[] { Context.Cpu(0), Context.Cpu(1) };
        var parts = Gluon.Utils.SplitAndLoad(Seq(5, 2), ctx, evenSplit: false);
        Assert.Equal(ctx, parts.Select(p => p.Context).ToArray());
        Check.Close(parts[0], [0, 1, 2, 3, 4, 5]);
        Check.Close(parts[1], [6, 7, 8, 9]);
        var one = Gluon.Utils.SplitAndLoad(Seq(3), [Context.Cpu(1)]);
        Assert.Single(one);
        Assert.Equal(Context.Cpu(1), one[0].Context);
        var host = Gluon.Utils.SplitAndLoad(new float[,] { { 1, 2 }, { 3, 4 } }, ctx);
        Check.Close(host[1], [3, 4]);
        Check.Throws<ArgumentException>(() => Gluon.Utils.SplitAndLoad(Seq(5, 2), ctx), "cannot be evenly split");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(100.0)]
    public void ClipGlobalNormScalesInPlace(double maxNorm)
    {
        var a = Nd.Array(new float[,] { { 1, -2 }, { 3, 0.5f } });
        var b = Nd.Array(new float[] { -1, 4, 0.25f });
        var av = a.ToArray<double>();
        var bv = b.ToArray<double>();
        double total = Math.Sqrt(av.Concat(bv).Sum(v => v * v));
        double scale = Math.Min(maxNorm / (total + 1e-8), 1);
        double got = Gluon.Utils.ClipGlobalNorm([a, b], maxNorm);
        Assert.Equal(total, got, 5);
        Check.Close(a, av.Select(v => v * scale).ToArray(), 1e-5);
        Check.Close(b, bv.Select(v => v * scale).ToArray(), 1e-5);
        double after = Math.Sqrt(a.ToArray<double>().Concat(b.ToArray<double>()).Sum(v => v * v));
        Assert.True(after <= maxNorm + 1e-4);

        var c = Nd.Array(new float[] { 3, 4 });
        var nd = Gluon.Utils.ClipGlobalNormArray([c], 1);
        Assert.Equal(new Shape(1), nd.Shape);
        Assert.Equal(5.0, nd.AsScalar<double>(), 5);
        Check.Close(c, [0.6, 0.8], 1e-5);
    }

    [Fact]
    public void ClipGlobalNormWarnsOnNaN()
    {
        var seen = new List<string>();
        void OnWarning(string m) { lock (seen) seen.Add(m); }
        Warnings.Raised += OnWarning;
        try
        {
            var a = Nd.Array(new float[] { 1, float.NaN });
            double total = Gluon.Utils.ClipGlobalNorm([a], 1);
            Assert.True(double.IsNaN(total));
            lock (seen) Assert.Contains(seen, l => l.Contains("nan or inf is detected. Clipping results will be undefined."));
        }
        finally
        {
            Warnings.Raised -= OnWarning;
        }
        Check.Throws<ArgumentException>(() => Gluon.Utils.ClipGlobalNorm([], 1), "arrays is empty");
    }

    [Fact]
    public void ShapeIsKnownTreatsZeroAsUnknown()
    {
        Assert.True(Gluon.Utils.ShapeIsKnown(new Shape(2, 3)));
        Assert.False(Gluon.Utils.ShapeIsKnown(new Shape(2, 0)));
        Assert.False(Gluon.Utils.ShapeIsKnown(Shape.Scalar));
        Assert.False(Gluon.Utils.ShapeIsKnown(null));
    }
}
