using Gluon.Data;

namespace Gluon.Tests.Data;

public class DatasetTests
{
    private static SimpleDataset<int> Range(int n) => new(Enumerable.Range(0, n).ToArray());

    [Fact]
    public void SimpleDatasetIndexesAndCounts()
    {
        var ds = Range(5);
        Assert.Equal(5, ds.Count);
        Assert.Equal(3, ds[3]);
        Assert.Equal([0, 1, 2, 3, 4], ds.ToArray());
        Check.Throws<ArgumentOutOfRangeException>(() => _ = ds[5], "SimpleDataset", "index 5", "[0, 5)");
    }

    [Fact]
    public void ArrayDatasetPairsItemsAndRejectsUnequalLengths()
    {
        var ds = new ArrayDataset<int, string>([1, 2, 3], ["a", "b", "c"]);
        Assert.Equal(3, ds.Count);
        Assert.Equal((2, "b"), ds[1]);
        Check.Throws<ArgumentException>(() => new ArrayDataset<int, int>([1, 2, 3], [1, 2]), "ArrayDataset", "length 3", "length 2");
    }

    [Fact]
    public void ArrayDatasetFromNDArraysGivesRowViewsAndHostLabels()
    {
        var x = Nd.Array<float>(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), new Shape(4, 3));
        var y = Nd.Array<float>([10, 11, 12, 13]);
        var ds = ArrayDataset.Create<int>(x, y);
        Assert.Equal(4, ds.Count);
        var (row, label) = ds[2];
        Assert.Equal(new Shape(3), row.Shape);
        Assert.Equal([6f, 7f, 8f], row.ToArray<float>());
        Assert.True(row.SharesStorageWith(x));
        Assert.Equal(12, label);
        Check.Throws<ArgumentException>(() => ArrayDataset.Create<int>(x, x), "label must be a 1-D", "(4, 3)");
        Check.Throws<ArgumentException>(() => ArrayDataset.Create(x, new[] { 1, 2 }), "length 4", "length 2");
    }

    [Fact]
    public void TransformIsLazyOrEager()
    {
        int calls = 0;
        var ds = Range(4);
        var lazy = ds.Transform(v => { calls++; return v * 10; });
        Assert.Equal(0, calls);
        Assert.Equal(20, lazy[2]);
        Assert.Equal(20, lazy[2]);
        Assert.Equal(2, calls);
        calls = 0;
        var eager = ds.Transform(v => { calls++; return v * 10; }, lazy: false);
        Assert.Equal(4, calls);
        Assert.IsType<SimpleDataset<int>>(eager);
        Assert.Equal([0, 10, 20, 30], eager.ToArray());
        Assert.Equal(4, calls);
    }

    [Fact]
    public void TupleTransformsUnpackAndTransformFirstTouchesElementZeroOnly()
    {
        var ds = new ArrayDataset<int, int>([1, 2, 3], [10, 20, 30]);
        Assert.Equal([11, 22, 33], ds.Transform((a, b) => a + b).ToArray());
        var first = ds.TransformFirst(a => $"x{a}");
        Assert.Equal(("x2", 20), first[1]);
        var three = new SimpleDataset<(int, int, int)>([(1, 2, 3)]).TransformFirst(a => -a, lazy: false);
        Assert.Equal((-1, 2, 3), three[0]);
        Assert.Equal(6, new SimpleDataset<(int, int, int)>([(1, 2, 3)]).Transform((a, b, c) => a + b + c)[0]);
    }

    [Fact]
    public void FilterKeepsMatchingItemsInOrder()
    {
        var even = Range(10).Filter(v => v % 2 == 0);
        Assert.Equal([0, 2, 4, 6, 8], even.ToArray());
    }

    [Fact]
    public void ShardGivesContiguousShardsWithTheRemainderFirst()
    {
        var ds = Range(10);
        // 10 = 4 + 3 + 3: the first 10 % 3 = 1 shard gets the extra item.
        Assert.Equal([0, 1, 2, 3], ds.Shard(3, 0).ToArray());
        Assert.Equal([4, 5, 6], ds.Shard(3, 1).ToArray());
        Assert.Equal([7, 8, 9], ds.Shard(3, 2).ToArray());
        var all = Enumerable.Range(0, 4).SelectMany(i => Range(7).Shard(4, i)).ToArray();
        Assert.Equal(Enumerable.Range(0, 7), all);
        Check.Throws<ArgumentOutOfRangeException>(() => ds.Shard(3, 3), "Shard", "index 3");
        Check.Throws<ArgumentOutOfRangeException>(() => ds.Shard(0, 0), "Shard", "numShards");
    }

    [Fact]
    public void TakeAndSample()
    {
        var ds = Range(6);
        Assert.Equal([0, 1, 2], ds.Take(3).ToArray());
        Assert.Equal(6, ds.Take(100).Count);
        Assert.Equal(6, ds.Take(null).Count);
        Assert.Equal([2, 3, 4], ds.Sample(new SequentialSampler(3, start: 2)).ToArray());
        Check.Throws<ArgumentOutOfRangeException>(() => ds.Sample(new SequentialSampler(3, start: 5)), "Sample", "index 6");
    }
}
