using Gluon.Ops;

namespace Gluon.Tests.Ops;

/// <summary>
/// Random sampling ops. Each test holds the global generator's lock around seed + draws (the
/// kernels re-enter it), so tests elsewhere drawing in parallel cannot interleave.
/// </summary>
public class RandomTests
{
    private static T Locked<T>(Func<T> f)
    {
        lock (RandomGenerator.Global) return f();
    }

    private static (double Mean, double Std) Stats(double[] v)
    {
        double m = v.Average();
        double s = Math.Sqrt(v.Select(x => (x - m) * (x - m)).Sum() / v.Length);
        return (m, s);
    }

    [Fact]
    public void SeedMakesEveryOpReproducible()
    {
        var x = Nd.Arange(20).ReshapeTo(10, 2);
        NDArray[] Draw(int seed) => Locked(() =>
        {
            Nd.Random.Seed(seed);
            return new[]
            {
                Nd.Random.Uniform(-1, 2, new Shape(50)), Nd.Random.Normal(1, 3, new Shape(7, 3), DType.Float64),
                Nd.Random.RandInt(-5, 100, new Shape(40)), Nd.Random.Shuffle(x),
            };
        });
        var a = Draw(42);
        var b = Draw(42);
        var c = Draw(43);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i].ToArray<double>(), b[i].ToArray<double>());
            Assert.NotEqual(a[i].ToArray<double>(), c[i].ToArray<double>());
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float16)]
    public void UniformHasExpectedStatistics(DType dtype)
    {
        var r = Locked(() => { Nd.Random.Seed(1); return Nd.Random.Uniform(-2, 3, new Shape(1000, 100), dtype); });
        Assert.Equal(new Shape(1000, 100), r.Shape);
        Assert.Equal(dtype, r.DType);
        var v = r.ToArray<double>();
        Assert.All(v, x => Assert.InRange(x, -2, 3));
        var (m, s) = Stats(v);
        Assert.InRange(m, 0.5 - 0.03, 0.5 + 0.03);
        Assert.InRange(s, 5 / Math.Sqrt(12) * 0.99, 5 / Math.Sqrt(12) * 1.01);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void NormalHasExpectedStatistics(DType dtype)
    {
        var r = Locked(() => { Nd.Random.Seed(2); return Nd.Random.Normal(1.5, 2, new Shape(100000), dtype); });
        var (m, s) = Stats(r.ToArray<double>());
        Assert.InRange(m, 1.5 - 0.03, 1.5 + 0.03);
        Assert.InRange(s, 2 * 0.99, 2 * 1.01);
        // Roughly 68.3% of samples within one standard deviation.
        double within = r.ToArray<double>().Count(x => Math.Abs(x - 1.5) < 2) / 100000.0;
        Assert.InRange(within, 0.677, 0.689);
    }

    [Theory]
    [InlineData(DType.Int32)]
    [InlineData(DType.Int64)]
    public void RandIntCoversTheHalfOpenRange(DType dtype)
    {
        var r = Locked(() => { Nd.Random.Seed(3); return Nd.Random.RandInt(-3, 4, new Shape(20000), dtype); });
        Assert.Equal(dtype, r.DType);
        var v = r.ToArray<long>();
        Assert.All(v, x => Assert.InRange(x, -3, 3));
        for (long k = -3; k <= 3; k++) Assert.InRange(v.Count(x => x == k), 20000 / 7 * 0.9, 20000 / 7 * 1.1);
        var big = Locked(() => Nd.Random.RandInt(1L << 40, (1L << 40) + 10, new Shape(100), DType.Int64)).ToArray<long>();
        Assert.All(big, x => Assert.InRange(x, 1L << 40, (1L << 40) + 9));
    }

    [Theory]
    [InlineData(new[] { 50, 3 })]
    [InlineData(new[] { 1, 4 })]
    [InlineData(new[] { 17 })]
    [InlineData(new[] { 0, 2 })]
    [InlineData(new[] { 6, 2, 2 })]
    public void ShuffleIsARowPermutation(int[] shape)
    {
        int n = new Shape(shape).Size;
        var x = Nd.Arange(n, dtype: DType.Int32).ReshapeTo(shape);
        var y = Locked(() => { Nd.Random.Seed(4); return Nd.Random.Shuffle(x); });
        Assert.Equal(x.Shape, y.Shape);
        Assert.Equal(DType.Int32, y.DType);
        int rows = shape[0], len = rows == 0 ? 0 : n / rows;
        var v = y.ToArray<int>();
        var firsts = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            // Each row stays intact: consecutive values starting at a multiple of the row length.
            int start = v[r * len];
            Assert.Equal(0, start % Math.Max(1, len));
            for (int i = 0; i < len; i++) Assert.Equal(start + i, v[r * len + i]);
            firsts.Add(start / Math.Max(1, len));
        }
        Assert.Equal(Enumerable.Range(0, rows), firsts.OrderBy(t => t));
        if (rows >= 50) Assert.NotEqual(Enumerable.Range(0, rows), firsts);
        Assert.Equal(new[] { 5 }, Nd.Random.Shuffle(Nd.Array(new[] { 5 })).ToArray<int>());
    }

    [Fact]
    public void RandomOpsRejectBadAttributes()
    {
        Check.Throws<ArgumentException>(() => Nd.Random.RandInt(5, 5), "_random_randint", "high (5)", "low (5)");
        Check.Throws<ArgumentException>(() => Nd.Random.RandInt(0, 5, dtype: DType.Float32), "_random_randint", "dtype", "float32");
        Check.Throws<ArgumentException>(() => Nd.Random.Uniform(0, 1, dtype: DType.Int32), "_random_uniform", "dtype", "int32");
        Check.Throws<ArgumentException>(() => Nd.Random.Uniform(2, 1), "_random_uniform", "high", "low");
        Check.Throws<ArgumentException>(() => Nd.Random.Normal(0, -1), "_random_normal", "scale", "-1");
        // The MXNet names and aliases resolve to the same ops.
        foreach (var name in new[] { "uniform", "random_uniform", "normal", "random_normal", "random_randint", "shuffle" })
            Assert.NotNull(OpRegistry.Get(name));
        var u = Imperative.Invoke1("uniform", new OpAttrs { { "low", 0.0 }, { "high", 1.0 }, { "shape", new Shape(2, 3) } });
        Assert.Equal(new Shape(2, 3), u.Shape);
        Assert.Equal(DType.Float32, u.DType);
        // Without a shape one sample comes back, shape (1,), as in MXNet.
        Assert.Equal(new Shape(1), Imperative.Invoke1("_random_normal", null).Shape);
        Assert.Equal(new Shape(1), Nd.Random.RandInt(0, 3).Shape);
    }
}
