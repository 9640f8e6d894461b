namespace Gluon.Data;

/// <summary>Wraps a list or array of items (MXNet's <c>SimpleDataset(data)</c>); item i is data[i].</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class SimpleDataset<T> : Dataset<T>
{
    private readonly IReadOnlyList<T> _data;

    /// <summary>A dataset over <paramref name="data"/> (not copied).</summary>
    public SimpleDataset(IReadOnlyList<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data;
    }

    /// <inheritdoc />
    public override int Count => _data.Count;

    /// <inheritdoc />
    public override T this[int index]
    {
        get
        {
            CheckIndex(index);
            return _data[index];
        }
    }
}
