using Gluon.Data;

namespace Gluon.Tests.Data;

[Collection(ProcessStateCollection.Name)]
public class SamplerTests
{
    [Fact]
    public void SequentialSamplerStartsAtStart()
    {
        var s = new SequentialSampler(4, start: 3);
        Assert.Equal(4, s.Count);
        Assert.Equal([3, 4, 5, 6], s.ToArray());
    }

    [Fact]
    public void RandomSamplerIsAPermutationReproducibleBySeed()
    {
        var s = new RandomSampler(100);
        Nd.Random.Seed(7);
        var a = s.ToArray();
        var b = s.ToArray();
        Nd.Random.Seed(7);
        var c = s.ToArray();
        Assert.Equal(Enumerable.Range(0, 100), a.Order());
        Assert.Equal(a, c);
        Assert.NotEqual(a, b);
        Assert.NotEqual(Enumerable.Range(0, 100), a);
    }

    [Fact]
    public void FilterSamplerYieldsMatchingIndices()
    {
        var s = new FilterSampler<string>(x => x.StartsWith('a'), ["ab", "b", "ac", "c"]);
        Assert.Equal(2, s.Count);
        Assert.Equal([0, 2], s.ToArray());
    }

    [Fact]
    public void BatchSamplerKeep()
    {
        var s = new BatchSampler(new SequentialSampler(10), 3, LastBatch.Keep);
        Assert.Equal(4, s.Count);
        var batches = s.ToArray();
        Assert.Equal(4, batches.Length);
        Assert.Equal([9], batches[3]);
        Assert.Equal([3, 4, 5], batches[1]);
    }

    [Fact]
    public void BatchSamplerDiscard()
    {
        var s = new BatchSampler(new SequentialSampler(10), 3, LastBatch.Discard);
        Assert.Equal(3, s.Count);
        var batches = s.ToArray();
        Assert.Equal(3, batches.Length);
        Assert.Equal([6, 7, 8], batches[2]);
    }

    [Fact]
    public void BatchSamplerRolloverCarriesTheRemainderIntoTheNextEpoch()
    {
        var s = new BatchSampler(new SequentialSampler(10), 4, LastBatch.Rollover);
        Assert.Equal(2, s.Count);
        var e1 = s.ToArray();
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7]], e1);
        // (2 carried + 10) / 4 = 3 batches, the first starting with the carried 8, 9.
        Assert.Equal(3, s.Count);
        var e2 = s.ToArray();
        Assert.Equal([[8, 9, 0, 1], [2, 3, 4, 5], [6, 7, 8, 9]], e2);
        Assert.Equal(2, s.Count);
    }

    [Fact]
    public void BatchSamplerRejectsBadArguments()
    {
        Check.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(new SequentialSampler(3), 0), "BatchSampler", "batchSize");
        Check.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(new SequentialSampler(3), 2, (LastBatch)7), "BatchSampler", "lastBatch");
    }
}
