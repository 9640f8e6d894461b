using Gluon.Data;

namespace Gluon.Tests.Data;

[Collection(ProcessStateCollection.Name)]
public class DataLoaderTests
{
    /// <summary>n items (image, label): image i is a 2x3 uint8 array filled with i, label i*10.</summary>
    private static Dataset<(NDArray, int)> Images(int n)
    {
        var images = Enumerable.Range(0, n).Select(i => Nd.Full(new Shape(2, 3), i % 256, DType.UInt8)).ToArray();
        return new ArrayDataset<NDArray, int>(images, Enumerable.Range(0, n).Select(i => i * 10).ToArray());
    }

    private static int[] Labels(Batch b) => b[1].ToArray<int>();

    [Fact]
    public void BatchesComeInOrderWithStackedImagesAndInt32Labels()
    {
        var loader = new DataLoader<(NDArray, int)>(Images(7), batchSize: 3);
        Assert.Equal(3, loader.Count);
        var batches = loader.ToList();
        Assert.Equal(3, batches.Count);
        var (data, label) = batches[1];
        Assert.Equal(new Shape(3, 2, 3), data.Shape);
        Assert.Equal(DType.UInt8, data.DType);
        Assert.Equal(DType.Int32, label.DType);
        Assert.Equal([30, 40, 50], label.ToArray<int>());
        var pixels = data.ToArray<byte>();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 6; j++) Assert.Equal((byte)(3 + i), pixels[i * 6 + j]);
        Assert.Equal([60], Labels(batches[2]));
    }

    [Theory]
    [InlineData(LastBatch.Keep, new[] { 4, 4, 2 })]
    [InlineData(LastBatch.Discard, new[] { 4, 4 })]
    public void LastBatchKeepAndDiscard(LastBatch mode, int[] sizes)
    {
        var loader = new DataLoader<(NDArray, int)>(Images(10), batchSize: 4, lastBatch: mode);
        Assert.Equal(sizes.Length, loader.Count);
        var batches = loader.ToList();
        Assert.Equal(sizes, batches.Select(b => b[0].Shape[0]));
        Assert.Equal(Enumerable.Range(0, sizes.Sum()).Select(i => i * 10), batches.SelectMany(Labels));
    }

    [Fact]
    public void LastBatchRolloverCarriesItemsToTheNextEpoch()
    {
        var loader = new DataLoader<(NDArray, int)>(Images(10), batchSize: 4, lastBatch: LastBatch.Rollover);
        Assert.Equal(2, loader.Count);
        Assert.Equal([0, 10, 20, 30, 40, 50, 60, 70], loader.SelectMany(Labels));
        Assert.Equal(3, loader.Count);
        var epoch2 = loader.ToList();
        Assert.Equal(3, epoch2.Count);
        Assert.Equal([80, 90, 0, 10], Labels(epoch2[0]));
    }

    [Fact]
    public void ShuffleVisitsEveryItemOncePerEpochInANewOrder()
    {
        Nd.Random.Seed(3);
        var loader = new DataLoader<(NDArray, int)>(Images(50), batchSize: 8, shuffle: true);
        var e1 = loader.SelectMany(Labels).ToArray();
        var e2 = loader.SelectMany(Labels).ToArray();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i * 10), e1.Order());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i * 10), e2.Order());
        Assert.NotEqual(e1, e2);
        Assert.NotEqual(e1, e1.Order());
    }

    [Fact]
    public void WorkersGiveTheSameBatchesAsTheCallingThread()
    {
        var ds = Images(103).Transform((img, label) => (img, label + 1));
        Nd.Random.Seed(11);
        var serial = new DataLoader<(NDArray, int)>(ds, batchSize: 8, shuffle: true).ToList();
        Nd.Random.Seed(11);
        using var parallel = new DataLoader<(NDArray, int)>(ds, batchSize: 8, shuffle: true, numWorkers: 3);
        var got = parallel.ToList();
        Assert.Equal(serial.Count, got.Count);
        for (int i = 0; i < got.Count; i++)
        {
            Assert.Equal(serial[i][0].ToArray<byte>(), got[i][0].ToArray<byte>());
            Assert.Equal(Labels(serial[i]), Labels(got[i]));
        }
        // A second epoch, and an epoch abandoned early, work too.
        Assert.Equal(13, parallel.Count());
        using (var e = parallel.GetEnumerator()) Assert.True(e.MoveNext());
        Assert.Equal(103, parallel.Sum(b => b[0].Shape[0]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void AnExceptionWhileBuildingABatchSurfacesInTheEnumeration(int workers)
    {
        var ds = new SimpleDataset<int>(Enumerable.Range(0, 20).ToArray()).Transform(i => i == 13 ? throw new FormatException("bad item 13") : i);
        using var loader = new DataLoader<int>(ds, batchSize: 4, numWorkers: workers);
        var seen = new List<int>();
        var e = Assert.ThrowsAny<Exception>(() => { foreach (var b in loader) seen.AddRange(((NDArray)b).ToArray<int>()); });
        Assert.Equal(Enumerable.Range(0, 12), seen);
        if (workers == 0)
        {
            Assert.IsType<FormatException>(e);
        }
        else
        {
            var wrapped = Assert.IsType<InvalidOperationException>(e);
            Assert.IsType<FormatException>(wrapped.InnerException);
            Assert.Contains("batch 3", wrapped.Message);
            Assert.Contains("[12, 13, 14, 15]", wrapped.Message);
            Assert.Contains("bad item 13", wrapped.Message);
        }
    }

    [Fact]
    public void ASlowWorkerRaisesTimeoutException()
    {
        using var release = new ManualResetEventSlim();
        var ds = new SimpleDataset<int>([0, 1]).Transform(i => { release.Wait(TimeSpan.FromSeconds(30)); return i; });
        using var loader = new DataLoader<int>(ds, batchSize: 1, numWorkers: 1, timeout: 1);
        try
        {
            Check.Throws<TimeoutException>(() => loader.First(), "DataLoader", "batch 0", "[0]", "1 s");
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public void DefaultBatchifyKeepsNumberTypes()
    {
        Assert.Equal(DType.Int64, ((NDArray)new DataLoader<long>(new long[] { 1, 2 }, batchSize: 2).First()).DType);
        Assert.Equal(DType.Float64, ((NDArray)new DataLoader<double>(new[] { 1.5, 2.5 }, batchSize: 2).First()).DType);
        var f = (NDArray)new DataLoader<float>(new[] { 1.5f, 2.5f, 3f }, batchSize: 3).First();
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal([1.5f, 2.5f, 3f], f.ToArray<float>());
        var triple = new DataLoader<(float, NDArray, byte)>(new[] { (1f, Nd.Ones(2), (byte)3), (2f, Nd.Zeros(2), (byte)4) }, batchSize: 2).Single();
        Assert.Equal(3, triple.Count);
        Assert.Equal([1f, 1f, 0f, 0f], triple[1].ToArray<float>());
        Assert.Equal(new Shape(2, 2), triple[1].Shape);
        Assert.Equal(DType.UInt8, triple[2].DType);
        Check.Throws<NotSupportedException>(() => new DataLoader<string>(new[] { "a" }, batchSize: 1), "String", "batchifyFn");
    }

    [Fact]
    public void StackingUnderAutogradRecordingUsesTheStackOp()
    {
        var a = Nd.Array<float>([1, 2]);
        var b = Nd.Array<float>([3, 4]);
        a.AttachGrad();
        NDArray stacked;
        using (Autograd.Record())
        {
            stacked = (NDArray)Batchify.Default<NDArray>()([a, b]);
            stacked.Sum().Backward();
        }
        Assert.Equal([1f, 2f, 3f, 4f], stacked.ToArray<float>());
        Assert.Equal([1f, 1f], a.Grad!.ToArray<float>());
    }

    [Fact]
    public void CustomBatchSamplerAndBatchify()
    {
        var batches = new SimpleBatches([[3, 1], [0]]);
        var loader = new DataLoader<int>(new[] { 10, 11, 12, 13 }, batchSampler: batches,
            batchifyFn: items => new Batch(Nd.Array<int>([items.Sum()])));
        Assert.Equal(2, loader.Count);
        Assert.Equal([24, 10], loader.Select(b => ((NDArray)b).AsScalar<int>()));
    }

    [Fact]
    public void ExclusiveArgumentsAreRejected()
    {
        var ds = new[] { 1, 2, 3 };
        Check.Throws<ArgumentException>(() => new DataLoader<int>(ds), "batchSize must be specified unless batchSampler");
        Check.Throws<ArgumentException>(() => new DataLoader<int>(ds, batchSize: 2, shuffle: true, sampler: new SequentialSampler(3)),
            "shuffle must not be specified if sampler");
        var bs = new BatchSampler(new SequentialSampler(3), 2);
        Check.Throws<ArgumentException>(() => new DataLoader<int>(ds, batchSize: 2, batchSampler: bs), "must not be specified if batchSampler");
        Check.Throws<ArgumentException>(() => new DataLoader<int>(ds, shuffle: true, batchSampler: bs), "must not be specified if batchSampler");
        Check.Throws<ArgumentException>(() => new DataLoader<int>(ds, lastBatch: LastBatch.Keep, batchSampler: bs), "must not be specified if batchSampler");
        Check.Throws<ArgumentOutOfRangeException>(() => new DataLoader<int>(ds, batchSize: 2, numWorkers: -1), "numWorkers");
    }

    private sealed class SimpleBatches(int[][] batches) : Sampler<int[]>
    {
        public override int Count => batches.Length;

        public override IEnumerator<int[]> GetEnumerator() => ((IEnumerable<int[]>)batches).GetEnumerator();
    }
}
