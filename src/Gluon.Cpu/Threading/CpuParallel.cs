using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Gluon.Cpu;

/// <summary>
/// Splits a range of independent work items over the cores when it is large enough to pay for
/// the hand-off; small work stays on the calling thread. The body is called once per chunk.
/// </summary>
/// <remarks>
/// A dedicated pool instead of <see cref="Parallel.For(int, int, Action{int})"/>: one worker per
/// extra core, each spinning for a short while after a job and then blocking, so that the tiny
/// kernels of a training loop hand their second half over in well under a microsecond and
/// without allocating. The caller runs chunk 0 itself and then claims any chunk no worker has
/// taken yet, so a worker that is asleep (or descheduled on a busy machine) never makes a job
/// slower than running it alone. One job at a time: a nested call (from inside a body) or a
/// call from a second thread while a job runs executes its chunks inline on its own thread.
/// </remarks>
public static class CpuParallel
{
    /// <summary>Worker count (the machine's cores).</summary>
    public static int Degree { get; } = Environment.ProcessorCount;

    /// <summary>How long a worker spins after its last job before it blocks (Stopwatch ticks, about 100 µs).</summary>
    private static readonly long s_spinTicks = Stopwatch.Frequency / 10_000;

    // The job being run. Written only by the thread that owns the pool (s_owner == 1), before it
    // publishes the job's claim word; read by a worker only after it claimed a chunk of that job,
    // and the job (so these fields) cannot change until every claimed chunk has completed.
    private static Action<int, int>? s_body;
    private static int s_count, s_per;

    // Claim word: job id (high 32 bits), chunk count (bits 16..31), next chunk (bits 0..15).
    // One word so that a worker still looking at an earlier job can never claim a chunk of the
    // current one with stale fields: its compare-exchange fails on the job id.
    private static long s_claim;
    private static int s_remaining;
    private static Exception? s_error;
    private static int s_owner;
    private static uint s_jobId;

    private static readonly Worker[] s_workers = StartWorkers();

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, <paramref name="count"/>) in chunks of at
    /// least <paramref name="minChunk"/> items.
    /// </summary>
    /// <param name="count">Number of work items; nothing runs when it is 0 or negative.</param>
    /// <param name="minChunk">Smallest number of items worth handing to another core.</param>
    /// <param name="body">Called once per chunk with its [start, end) range; chunks may run concurrently.</param>
    /// <exception cref="Exception">The first exception a chunk threw, rethrown on the calling thread after every chunk finished.</exception>
    public static void For(int count, int minChunk, Action<int, int> body)
    {
        if (count <= 0) return;
        int chunks = Math.Min(Degree, Math.Max(1, count / Math.Max(1, minChunk)));
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }
        int per = (count + chunks - 1) / chunks;
        // Nested calls, and a second thread arriving while a job runs, keep to their own thread.
        if (Interlocked.CompareExchange(ref s_owner, 1, 0) != 0)
        {
            RunInline(count, per, chunks, body);
            return;
        }
        try
        {
            RunPooled(count, per, chunks, body);
        }
        finally
        {
            s_body = null;
            Volatile.Write(ref s_owner, 0);
        }
    }

    private static void RunInline(int count, int per, int chunks, Action<int, int> body)
    {
        for (int c = 0; c < chunks; c++)
        {
            int s = c * per, e = Math.Min(count, s + per);
            if (s < e) body(s, e);
        }
    }

    private static void RunPooled(int count, int per, int chunks, Action<int, int> body)
    {
        s_body = body;
        s_count = count;
        s_per = per;
        s_error = null;
        s_remaining = chunks;
        uint job = unchecked(++s_jobId);
        // The exchange is a full fence: the fields above are visible before the claim word.
        Interlocked.Exchange(ref s_claim, ((long)job << 32) | ((long)chunks << 16));

        // Wake sleeping workers, only as many as there are chunks beyond the caller's.
        var workers = s_workers;
        for (int w = 0; w < workers.Length && w < chunks - 1; w++) workers[w].Wake();

        while (TryRunChunk(job)) { }

        if (Volatile.Read(ref s_remaining) != 0)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref s_remaining) != 0) spin.SpinOnce(sleep1Threshold: -1);
        }
        if (s_error is { } error)
        {
            s_error = null;
            ExceptionDispatchInfo.Throw(error);
        }
    }

    /// <summary>Claims and runs one chunk of job <paramref name="job"/>; false when none is left.</summary>
    private static bool TryRunChunk(uint job)
    {
        long word = Volatile.Read(ref s_claim);
        while (true)
        {
            if ((uint)(word >> 32) != job) return false;
            int next = (int)(word & 0xFFFF), chunks = (int)((word >> 16) & 0xFFFF);
            if (next >= chunks) return false;
            long seen = Interlocked.CompareExchange(ref s_claim, word + 1, word);
            if (seen != word) { word = seen; continue; }
            RunChunk(next);
            return true;
        }
    }

    private static void RunChunk(int c)
    {
        try
        {
            int s = c * s_per, e = Math.Min(s_count, s + s_per);
            if (s < e) s_body!(s, e);
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref s_error, ex, null);
        }
        finally
        {
            Interlocked.Decrement(ref s_remaining);
        }
    }

    private static Worker[] StartWorkers()
    {
        var workers = new Worker[Math.Max(0, Degree - 1)];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = new Worker();
            var t = new Thread(workers[i].Loop) { IsBackground = true, Name = $"Gluon CPU worker {i + 1}" };
            t.Start();
        }
        return workers;
    }

    /// <summary>One pool thread: waits for a new job id, helps with its chunks, repeats.</summary>
    private sealed class Worker
    {
        private readonly SemaphoreSlim _signal = new(0);
        // 1 while the worker is (about to be) blocked on _signal; whoever flips it to 0 first
        // decides whether a Release is owed, so a wake-up is never lost nor left over.
        private int _sleeping;

        public void Wake()
        {
            if (Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) == 1)
                _signal.Release();
        }

        public void Loop()
        {
            uint seen = (uint)(Volatile.Read(ref s_claim) >> 32);
            long lastWork = Stopwatch.GetTimestamp();
            while (true)
            {
                uint job = (uint)(Volatile.Read(ref s_claim) >> 32);
                if (job != seen)
                {
                    seen = job;
                    while (TryRunChunk(job)) { }
                    lastWork = Stopwatch.GetTimestamp();
                    continue;
                }
                if (Stopwatch.GetTimestamp() - lastWork < s_spinTicks)
                {
                    Thread.SpinWait(8);
                    continue;
                }
                // Block. The exchange is a full fence, so a job published before it is seen by
                // the re-check below, and one published after it finds _sleeping == 1 and wakes us.
                Interlocked.Exchange(ref _sleeping, 1);
                if ((uint)(Volatile.Read(ref s_claim) >> 32) != seen && Interlocked.Exchange(ref _sleeping, 0) == 1)
                    continue;
                _signal.Wait();
                lastWork = Stopwatch.GetTimestamp();
            }
        }
    }
}
