namespace Gluon.Data;

/// <summary>Applies a function to every item on read (MXNet's <c>_LazyTransformDataset</c>).</summary>
internal sealed class LazyTransformDataset<TIn, TOut>(Dataset<TIn> data, Func<TIn, TOut> fn) : Dataset<TOut>
{
    public override int Count => data.Count;

    public override TOut this[int index] => fn(data[index]);
}
