using System.Collections.Concurrent;

namespace Gluon.Data;

/// <summary>
/// A fixed set of background threads running posted jobs in order of posting (the DataLoader's
/// workers; MXNet's <c>thread_pool=True</c> pool). Threads are background threads, so an
/// undisposed pool does not keep the process alive.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly BlockingCollection<Action> _jobs = new();
    private readonly Thread[] _threads;

    public WorkerPool(int count)
    {
        _threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"DataLoader worker {i}" };
            _threads[i].Start();
        }
    }

    public void Post(Action job) => _jobs.Add(job);

    private void Run()
    {
        foreach (var job in _jobs.GetConsumingEnumerable()) job();
    }

    /// <summary>Lets the workers finish the queued jobs and exit; does not wait for them.</summary>
    public void Dispose()
    {
        if (!_jobs.IsAddingCompleted) _jobs.CompleteAdding();
    }
}
