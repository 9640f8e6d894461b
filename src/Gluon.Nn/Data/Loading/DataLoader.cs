namespace Gluon.Data;

/// <summary>
/// Loads a dataset in mini-batches (MXNet's <c>gluon.data.DataLoader</c>). Every enumeration is one
/// epoch; it yields <see cref="Count"/> batches, each built by reading the items at one batch of
/// indices from the batch sampler and combining them with the batchify function.
/// With <c>numWorkers</c> &gt; 0 the batches are built on that many background threads (MXNet's
/// <c>thread_pool=True</c>), up to <c>prefetch</c> batches ahead of the consumer, and still yielded
/// in sampler order; an exception thrown while building a batch is rethrown by the enumeration, as
/// the inner exception of an <see cref="InvalidOperationException"/> naming the batch.
/// </summary>
/// <typeparam name="T">The dataset's item type.</typeparam>
public sealed class DataLoader<T> : IEnumerable<Batch>, IDisposable
{
    private readonly IReadOnlyList<T> _dataset;
    private readonly Sampler<int[]> _batchSampler;
    private readonly Func<IReadOnlyList<T>, Batch> _batchify;
    private readonly int _numWorkers, _prefetch;
    private readonly TimeSpan _timeout;
    private WorkerPool? _pool;

    /// <summary>
    /// A loader over <paramref name="dataset"/>. Either <paramref name="batchSize"/> (with optional
    /// <paramref name="shuffle"/> or <paramref name="sampler"/>, and <paramref name="lastBatch"/>, default Keep)
    /// or <paramref name="batchSampler"/> alone says which items form each batch.
    /// </summary>
    /// <param name="dataset">The items.</param>
    /// <param name="batchSize">Items per batch; required unless <paramref name="batchSampler"/> is given.</param>
    /// <param name="shuffle">Read in a new random order every epoch (a <see cref="RandomSampler"/>).</param>
    /// <param name="sampler">The index order (excludes <paramref name="shuffle"/>); default sequential.</param>
    /// <param name="lastBatch">What to do with a short last batch; default <see cref="LastBatch.Keep"/>.</param>
    /// <param name="batchSampler">Yields the index batches directly (excludes batchSize, shuffle, sampler and lastBatch).</param>
    /// <param name="batchifyFn">Combines a list of items into a batch; default <see cref="Batchify.Default{T}"/>.</param>
    /// <param name="numWorkers">Background threads building batches; 0 builds them on the enumerating thread.</param>
    /// <param name="prefetch">Batches built ahead with workers; default 2 * numWorkers (at least 1 with workers).</param>
    /// <param name="timeout">Seconds to wait for one batch from the workers before a <see cref="TimeoutException"/>.</param>
    /// <exception cref="ArgumentException">An exclusive combination of arguments, or a missing batch size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">numWorkers or timeout is negative / not positive.</exception>
    public DataLoader(IReadOnlyList<T> dataset, int? batchSize = null, bool shuffle = false, Sampler<int>? sampler = null,
        LastBatch? lastBatch = null, Sampler<int[]>? batchSampler = null, Func<IReadOnlyList<T>, Batch>? batchifyFn = null,
        int numWorkers = 0, int? prefetch = null, int timeout = 120)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSampler is null)
        {
            if (batchSize is null)
                throw new ArgumentException("DataLoader: batchSize must be specified unless batchSampler is specified", nameof(batchSize));
            if (sampler is null)
                sampler = shuffle ? new RandomSampler(dataset.Count) : new SequentialSampler(dataset.Count);
            else if (shuffle)
                throw new ArgumentException("DataLoader: shuffle must not be specified if sampler is specified", nameof(shuffle));
            batchSampler = new BatchSampler(sampler, batchSize.Value, lastBatch ?? LastBatch.Keep);
        }
        else if (batchSize is not null || shuffle || sampler is not null || lastBatch is not null)
        {
            throw new ArgumentException("DataLoader: batchSize, shuffle, sampler and lastBatch must not be specified if batchSampler is specified", nameof(batchSampler));
        }
        if (numWorkers < 0) throw new ArgumentOutOfRangeException(nameof(numWorkers), $"DataLoader: numWorkers must be >= 0, got {numWorkers}");
        if (timeout <= 0) throw new ArgumentOutOfRangeException(nameof(timeout), $"DataLoader: timeout must be > 0 seconds, got {timeout}");
        _dataset = dataset;
        _batchSampler = batchSampler;
        _batchify = batchifyFn ?? Batchify.Default<T>();
        _numWorkers = numWorkers;
        _prefetch = Math.Max(0, prefetch ?? 2 * numWorkers);
        _timeout = TimeSpan.FromSeconds(timeout);
    }

    /// <summary>Number of batches in the next epoch (<c>len(loader)</c>, the batch sampler's count).</summary>
    public int Count => _batchSampler.Count;

    /// <summary>Background threads building batches.</summary>
    public int NumWorkers => _numWorkers;

    /// <summary>Starts an epoch.</summary>
    public IEnumerator<Batch> GetEnumerator() => _numWorkers == 0 ? Serial() : Parallel();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerator<Batch> Serial()
    {
        foreach (var indices in _batchSampler) yield return Build(indices);
    }

    private IEnumerator<Batch> Parallel()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pool = _pool ??= new WorkerPool(_numWorkers);
        // MXNet's loader with prefetch=0 and workers yields nothing; one batch in flight is the least that works.
        int depth = Math.Max(1, _prefetch);
        var pending = new Queue<(int Seq, int[] Indices, TaskCompletionSource<Batch> Done)>();
        var epoch = new CancellationTokenSource();
        var batches = _batchSampler.GetEnumerator();
        int seq = 0;
        try
        {
            while (pending.Count < depth && batches.MoveNext()) pending.Enqueue(Submit(pool, seq++, batches.Current, epoch.Token));
            while (pending.Count > 0)
            {
                var next = pending.Dequeue();
                if (batches.MoveNext()) pending.Enqueue(Submit(pool, seq++, batches.Current, epoch.Token));
                yield return Await(next.Seq, next.Indices, next.Done.Task);
            }
        }
        finally
        {
            // Jobs of an abandoned epoch that have not started are skipped.
            epoch.Cancel();
            batches.Dispose();
        }
    }

    private (int, int[], TaskCompletionSource<Batch>) Submit(WorkerPool pool, int seq, int[] indices, CancellationToken token)
    {
        var done = new TaskCompletionSource<Batch>(TaskCreationOptions.RunContinuationsAsynchronously);
        pool.Post(() =>
        {
            if (token.IsCancellationRequested) { done.TrySetCanceled(token); return; }
            try { done.TrySetResult(Build(indices)); }
            catch (Exception e) { done.TrySetException(e); }
        });
        return (seq, indices, done);
    }

    private Batch Await(int seq, int[] indices, Task<Batch> task)
    {
        try
        {
            if (!task.Wait(_timeout))
                throw new TimeoutException($"DataLoader: batch {seq} (items {Describe(indices)}) was not ready after {_timeout.TotalSeconds} s");
            return task.Result;
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            var inner = e.InnerExceptions[0];
            throw new InvalidOperationException(
                $"DataLoader: a worker failed building batch {seq} (items {Describe(indices)}): {inner.GetType().Name}: {inner.Message}", inner);
        }
    }

    private static string Describe(int[] indices) =>
        indices.Length <= 8 ? "[" + string.Join(", ", indices) + "]" : $"[{string.Join(", ", indices[..8])}, ... {indices.Length} in all]";

    private Batch Build(int[] indices)
    {
        var items = new T[indices.Length];
        for (int i = 0; i < items.Length; i++) items[i] = _dataset[indices[i]];
        return _batchify(items);
    }

    private bool _disposed;

    /// <summary>Stops the worker threads (they finish the batches already queued).</summary>
    public void Dispose()
    {
        _disposed = true;
        _pool?.Dispose();
        _pool = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the worker threads of a loader that was not disposed.</summary>
    ~DataLoader() => _pool?.Dispose();
}
