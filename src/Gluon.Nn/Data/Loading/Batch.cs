using System.Collections;

namespace Gluon.Data;

/// <summary>
/// One batch from a <see cref="DataLoader{T}"/>: one NDArray per field of the items (one for
/// NDArray or number items, two for (data, label) tuples), each with the batch as axis 0.
/// Deconstructs into its fields (<c>foreach (var (data, label) in loader)</c>) and converts to
/// NDArray when it has a single field.
/// </summary>
public sealed class Batch : IReadOnlyList<NDArray>
{
    private readonly NDArray[] _fields;

    /// <summary>A batch of the given fields.</summary>
    /// <exception cref="ArgumentException">No fields.</exception>
    public Batch(params NDArray[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Length == 0) throw new ArgumentException("Batch: at least one field is required", nameof(fields));
        _fields = fields;
    }

    /// <summary>Number of fields.</summary>
    public int Count => _fields.Length;

    /// <summary>Field <paramref name="index"/>.</summary>
    public NDArray this[int index] => _fields[index];

    /// <summary>The two fields (data, label).</summary>
    /// <exception cref="InvalidOperationException">The batch does not have exactly two fields.</exception>
    public void Deconstruct(out NDArray first, out NDArray second)
    {
        Expect(2);
        first = _fields[0];
        second = _fields[1];
    }

    /// <summary>The three fields.</summary>
    /// <exception cref="InvalidOperationException">The batch does not have exactly three fields.</exception>
    public void Deconstruct(out NDArray first, out NDArray second, out NDArray third)
    {
        Expect(3);
        first = _fields[0];
        second = _fields[1];
        third = _fields[2];
    }

    /// <summary>The only field of a one-field batch.</summary>
    /// <exception cref="InvalidOperationException">The batch has more than one field.</exception>
    public static explicit operator NDArray(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Expect(1);
        return batch._fields[0];
    }

    private void Expect(int n)
    {
        if (_fields.Length != n)
            throw new InvalidOperationException($"Batch: has {_fields.Length} fields, not {n}");
    }

    /// <inheritdoc />
    public IEnumerator<NDArray> GetEnumerator() => ((IEnumerable<NDArray>)_fields).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
