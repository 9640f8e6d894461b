namespace Gluon.Data;

/// <summary>
/// MXNet's <c>default_batchify_fn</c> for a known item type: NDArray items are stacked on a new
/// axis 0 (<c>stack</c>); tuple items are batchified field by field (nested tuples are
/// flattened into consecutive fields); numbers become one NDArray keeping their type
/// (int to int32, long to int64, float to float32, double to float64, byte to uint8, ...).
/// </summary>
public static class Batchify
{
    /// <summary>The default batchify function for items of type <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">T is not NDArray, a supported number type, or a value tuple of those.</exception>
    public static Func<IReadOnlyList<T>, Batch> Default<T>()
    {
        var batcher = FieldBatcher.For<T>();
        return items =>
        {
            if (items.Count == 0) throw new ArgumentException("batchify: cannot batch an empty list of items", nameof(items));
            var fields = new List<NDArray>(batcher.FieldCount);
            batcher.Append(items, fields);
            return new Batch(fields.ToArray());
        };
    }
}
