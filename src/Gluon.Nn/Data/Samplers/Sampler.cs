using System.Collections;

namespace Gluon.Data;

/// <summary>
/// Yields the indices (or batches of indices) a dataset is read in (MXNet's <c>gluon.data.Sampler</c>).
/// Every enumeration is one epoch.
/// </summary>
/// <typeparam name="T">What is yielded: an index (int) or a batch of indices (int[]).</typeparam>
public abstract class Sampler<T> : IEnumerable<T>
{
    /// <summary>How many elements one epoch yields (<c>len(sampler)</c>).</summary>
    public abstract int Count { get; }

    /// <summary>Starts an epoch.</summary>
    public abstract IEnumerator<T> GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
