using System.Collections;

namespace Gluon.Data;

/// <summary>
/// An indexable collection of samples (MXNet's <c>gluon.data.Dataset</c>): <see cref="Count"/>
/// items read with the indexer. Tuple-valued items (data, label) are C# value tuples; the
/// tuple-unpacking forms of <c>transform</c> and <c>transform_first</c> are in
/// <see cref="DatasetExtensions"/>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public abstract class Dataset<T> : IReadOnlyList<T>
{
    /// <summary>Number of items (<c>len(dataset)</c>).</summary>
    public abstract int Count { get; }

    /// <summary>The item at <paramref name="index"/> (0 &lt;= index &lt; Count).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [0, Count).</exception>
    public abstract T this[int index] { get; }

    /// <summary>
    /// A dataset whose item i is <paramref name="fn"/>(this[i]) (<c>transform(fn, lazy)</c>). Lazy: fn runs
    /// on every read. Not lazy: fn runs once per item now and the results are kept in a <see cref="SimpleDataset{T}"/>.
    /// </summary>
    public Dataset<TOut> Transform<TOut>(Func<T, TOut> fn, bool lazy = true)
    {
        ArgumentNullException.ThrowIfNull(fn);
        var trans = new LazyTransformDataset<T, TOut>(this, fn);
        if (lazy) return trans;
        var items = new TOut[trans.Count];
        for (int i = 0; i < items.Length; i++) items[i] = trans[i];
        return new SimpleDataset<TOut>(items);
    }

    /// <summary>
    /// The items for which <paramref name="fn"/> returns true, in order (<c>filter(fn)</c>); fn is evaluated
    /// once per item now, through a <see cref="FilterSampler{T}"/>.
    /// </summary>
    public Dataset<T> Filter(Func<T, bool> fn) => Sample(new FilterSampler<T>(fn, this));

    /// <summary>
    /// Shard <paramref name="index"/> of <paramref name="numShards"/> contiguous shards (<c>shard</c>): every shard
    /// holds Count / numShards items and the first Count % numShards shards one more.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">numShards &lt; 1, or index outside [0, numShards).</exception>
    public Dataset<T> Shard(int numShards, int index)
    {
        if (numShards < 1) throw new ArgumentOutOfRangeException(nameof(numShards), $"Dataset.Shard: numShards must be >= 1, got {numShards}");
        if (index < 0 || index >= numShards)
            throw new ArgumentOutOfRangeException(nameof(index), $"Dataset.Shard: index {index} is outside [0, {numShards})");
        int length = Count, shardLen = length / numShards, rest = length % numShards;
        int start = shardLen * index + Math.Min(index, rest);
        int end = start + shardLen + (index < rest ? 1 : 0);
        return new SampledDataset<T>(this, new SequentialSampler(end - start, start));
    }

    /// <summary>The first <paramref name="count"/> items (<c>take(count)</c>); null or a count above Count takes all.</summary>
    /// <exception cref="ArgumentOutOfRangeException">count is negative.</exception>
    public Dataset<T> Take(int? count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"Dataset.Take: count must be >= 0, got {count}");
        int n = count is int c && c < Count ? c : Count;
        return new SampledDataset<T>(this, new SequentialSampler(n));
    }

    /// <summary>The items at the indices <paramref name="sampler"/> yields, in its order (<c>sample(sampler)</c>).</summary>
    public Dataset<T> Sample(Sampler<int> sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        return new SampledDataset<T>(this, sampler);
    }

    /// <summary>Enumerates the items in index order.</summary>
    public IEnumerator<T> GetEnumerator()
    {
        int n = Count;
        for (int i = 0; i < n; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Throws the standard out-of-range error for <paramref name="index"/> when it is outside [0, Count).</summary>
    protected void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"{GetType().Name}: index {index} is outside [0, {Count})");
    }
}
