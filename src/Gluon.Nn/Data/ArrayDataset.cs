namespace Gluon.Data;

/// <summary>
/// Builds <see cref="ArrayDataset{T1, T2}"/> from arrays (MXNet's <c>ArrayDataset(*args)</c>): an
/// NDArray argument gives its first-axis rows as items (views), except a 1-D NDArray, whose
/// elements are copied to host values as MXNet converts it to numpy.
/// </summary>
public static class ArrayDataset
{
    /// <summary>Items (data[i], label[i]) from two lists of equal length.</summary>
    public static ArrayDataset<T1, T2> Create<T1, T2>(IReadOnlyList<T1> data, IReadOnlyList<T2> label) => new(data, label);

    /// <summary>Items (data[i], label[i]) with data[i] the i-th row view of <paramref name="data"/>.</summary>
    public static ArrayDataset<NDArray, T2> Create<T2>(NDArray data, IReadOnlyList<T2> label) => new(Rows(data), label);

    /// <summary>
    /// Items (data[i], label[i]) with data[i] the i-th row view of <paramref name="data"/> and label[i] the i-th
    /// element of the 1-D array <paramref name="label"/>, read as <typeparamref name="TLabel"/> (converted).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="label"/> is not 1-D.</exception>
    public static ArrayDataset<NDArray, TLabel> Create<TLabel>(NDArray data, NDArray label) where TLabel : unmanaged
    {
        if (label.NDim != 1)
            throw new ArgumentException($"ArrayDataset: label must be a 1-D NDArray to be read as {typeof(TLabel).Name} values, got shape {label.Shape}", nameof(label));
        return new(Rows(data), label.ToArray<TLabel>());
    }

    /// <summary>The first-axis rows of <paramref name="x"/> as a read-only list of views (no copy).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is 0-D.</exception>
    public static IReadOnlyList<NDArray> Rows(NDArray x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return new NDArrayRows(x);
    }
}
