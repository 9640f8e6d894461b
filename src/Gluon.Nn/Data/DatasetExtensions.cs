namespace Gluon.Data;

/// <summary>
/// The tuple forms of <c>Dataset.transform</c> and <c>transform_first</c>: for (data, label)
/// items MXNet unpacks the tuple into the function's arguments, and <c>transform_first</c>
/// changes element 0 only.
/// </summary>
public static class DatasetExtensions
{
    /// <summary>Item i becomes fn(a, b) for item i = (a, b) (<c>transform(fn, lazy)</c> with tuple unpacking).</summary>
    public static Dataset<TOut> Transform<T1, T2, TOut>(this Dataset<(T1, T2)> dataset, Func<T1, T2, TOut> fn, bool lazy = true)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return dataset.Transform(x => fn(x.Item1, x.Item2), lazy);
    }

    /// <summary>Item i becomes fn(a, b, c) for item i = (a, b, c) (<c>transform(fn, lazy)</c> with tuple unpacking).</summary>
    public static Dataset<TOut> Transform<T1, T2, T3, TOut>(this Dataset<(T1, T2, T3)> dataset, Func<T1, T2, T3, TOut> fn, bool lazy = true)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return dataset.Transform(x => fn(x.Item1, x.Item2, x.Item3), lazy);
    }

    /// <summary>Item (a, b) becomes (fn(a), b) (<c>transform_first(fn, lazy)</c>).</summary>
    public static Dataset<(TOut, T2)> TransformFirst<T1, T2, TOut>(this Dataset<(T1, T2)> dataset, Func<T1, TOut> fn, bool lazy = true)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return dataset.Transform(x => (fn(x.Item1), x.Item2), lazy);
    }

    /// <summary>Item (a, b, c) becomes (fn(a), b, c) (<c>transform_first(fn, lazy)</c>).</summary>
    public static Dataset<(TOut, T2, T3)> TransformFirst<T1, T2, T3, TOut>(this Dataset<(T1, T2, T3)> dataset, Func<T1, TOut> fn, bool lazy = true)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return dataset.Transform(x => (fn(x.Item1), x.Item2, x.Item3), lazy);
    }
}
