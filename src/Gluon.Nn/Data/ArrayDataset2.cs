namespace Gluon.Data;

/// <summary>
/// Pairs two equally long lists item by item (MXNet's <c>ArrayDataset(a, b)</c>): item i is
/// (a[i], b[i]). <see cref="ArrayDataset"/> builds one from NDArrays.
/// </summary>
public sealed class ArrayDataset<T1, T2> : Dataset<(T1, T2)>
{
    private readonly IReadOnlyList<T1> _a;
    private readonly IReadOnlyList<T2> _b;

    /// <summary>A dataset of (a[i], b[i]).</summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public ArrayDataset(IReadOnlyList<T1> a, IReadOnlyList<T2> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
            throw new ArgumentException($"ArrayDataset: all arrays must have the same length; argument 0 has length {a.Count} while argument 1 has length {b.Count}");
        _a = a;
        _b = b;
    }

    /// <inheritdoc />
    public override int Count => _a.Count;

    /// <inheritdoc />
    public override (T1, T2) this[int index]
    {
        get
        {
            CheckIndex(index);
            return (_a[index], _b[index]);
        }
    }
}
