namespace Gluon.Data;

/// <summary>
/// The items of a dataset at the indices a sampler yields (MXNet's <c>_SampledDataset</c>). The
/// indices are drawn once, at construction, so a random sampler gives one fixed order.
/// </summary>
internal sealed class SampledDataset<T> : Dataset<T>
{
    private readonly Dataset<T> _data;
    private readonly int[] _indices;

    public SampledDataset(Dataset<T> data, Sampler<int> sampler)
    {
        _data = data;
        _indices = sampler.ToArray();
        foreach (int i in _indices)
            if ((uint)i >= (uint)data.Count)
                throw new ArgumentOutOfRangeException(nameof(sampler), $"Dataset.Sample: the sampler yielded index {i}, outside [0, {data.Count})");
    }

    public override int Count => _indices.Length;

    public override T this[int index]
    {
        get
        {
            CheckIndex(index);
            return _data[_indices[index]];
        }
    }
}
