namespace Gluon.Data;

/// <summary>
/// Yields, in order, the indices of the items of a dataset for which a predicate holds (MXNet's
/// <c>FilterSampler(fn, dataset)</c>); the predicate runs once per item, at construction.
/// </summary>
/// <typeparam name="T">The dataset's item type.</typeparam>
public sealed class FilterSampler<T> : Sampler<int>
{
    private readonly int[] _indices;

    /// <summary>A sampler over the indices i with fn(dataset[i]) true.</summary>
    public FilterSampler(Func<T, bool> fn, IReadOnlyList<T> dataset)
    {
        ArgumentNullException.ThrowIfNull(fn);
        ArgumentNullException.ThrowIfNull(dataset);
        var idx = new List<int>();
        for (int i = 0; i < dataset.Count; i++)
            if (fn(dataset[i])) idx.Add(i);
        _indices = idx.ToArray();
    }

    /// <inheritdoc />
    public override int Count => _indices.Length;

    /// <inheritdoc />
    public override IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_indices).GetEnumerator();
}
