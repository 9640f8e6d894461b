using Gluon.Cpu;

namespace Gluon.Tests.Threading;

/// <summary>The kernel thread pool: coverage, chunking, exceptions, nesting and concurrent callers.</summary>
public class CpuParallelTests
{
    /// <summary>Runs For and returns how often each index was visited and how many chunks there were.</summary>
    private static (int[] Hits, int Chunks) Run(int count, int minChunk)
    {
        var hits = new int[Math.Max(count, 0)];
        int chunks = 0;
        CpuParallel.For(count, minChunk, (s, e) =>
        {
            Interlocked.Increment(ref chunks);
            Assert.True(0 <= s && s < e && e <= count, $"bad chunk [{s}, {e}) for count {count}");
            for (int i = s; i < e; i++) Interlocked.Increment(ref hits[i]);
        });
        return (hits, chunks);
    }

    [Fact]
    public void EveryIndexRunsExactlyOnce()
    {
        int[] counts = [1, 2, 3, 7, 15, 16, 17, 100, 1000, 4097, 65_537];
        int[] minChunks = [0, 1, 2, 3, 16, 100, 1 << 20];
        for (int rep = 0; rep < 20; rep++)
            foreach (int n in counts)
                foreach (int m in minChunks)
                {
                    var (hits, chunks) = Run(n, m);
                    for (int i = 0; i < n; i++) Assert.True(hits[i] == 1, $"count {n} minChunk {m}: index {i} ran {hits[i]} times");
                    int expect = Math.Min(CpuParallel.Degree, Math.Max(1, n / Math.Max(1, m)));
                    int per = (n + expect - 1) / expect;
                    int nonEmpty = (n + per - 1) / per;
                    Assert.True(chunks == nonEmpty, $"count {n} minChunk {m}: {chunks} chunks, expected {nonEmpty}");
                }
    }

    [Fact]
    public void ZeroAndNegativeCountsRunNothing()
    {
        bool called = false;
        CpuParallel.For(0, 1, (_, _) => called = true);
        CpuParallel.For(-5, 1, (_, _) => called = true);
        Assert.False(called);
    }

    [Fact]
    public void CountOneRunsOnTheCallingThread()
    {
        int thread = -1, calls = 0;
        CpuParallel.For(1, 1, (s, e) => { calls++; thread = Environment.CurrentManagedThreadId; Assert.Equal((0, 1), (s, e)); });
        Assert.Equal(1, calls);
        Assert.Equal(Environment.CurrentManagedThreadId, thread);
    }

    [Fact]
    public void SmallWorkStaysOnTheCallingThread()
    {
        int caller = Environment.CurrentManagedThreadId, other = 0;
        CpuParallel.For(100, 1000, (_, _) => { if (Environment.CurrentManagedThreadId != caller) other++; });
        Assert.Equal(0, other);
    }

    [Fact]
    public void ExceptionFromAnyChunkSurfacesAtTheCaller()
    {
        for (int bad = 0; bad < 2; bad++)
        {
            int badChunk = bad;
            var ex = Assert.Throws<InvalidOperationException>(() =>
                CpuParallel.For(1000, 1, (s, _) => { if (s == 0 ? badChunk == 0 : badChunk == 1) throw new InvalidOperationException($"chunk at {s}"); }));
            Assert.StartsWith("chunk at", ex.Message);
        }
        // The pool still works after a failed job.
        var (hits, _) = Run(1000, 1);
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void ExceptionWhenEveryChunkThrowsIsOneOfThem()
    {
        var ex = Assert.Throws<ArgumentException>(() => CpuParallel.For(1000, 1, (s, _) => throw new ArgumentException($"chunk {s}")));
        Assert.StartsWith("chunk", ex.Message);
    }

    [Fact]
    public void NestedCallsRunInlineWithoutDeadlock()
    {
        const int outer = 64, inner = 333;
        var hits = new int[outer * inner];
        for (int rep = 0; rep < 50; rep++)
        {
            Array.Clear(hits);
            CpuParallel.For(outer, 1, (s, e) =>
            {
                for (int i = s; i < e; i++)
                {
                    int row = i;
                    CpuParallel.For(inner, 1, (a, b) =>
                    {
                        for (int j = a; j < b; j++) Interlocked.Increment(ref hits[row * inner + j]);
                    });
                }
            });
            Assert.All(hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void ConcurrentCallersEachGetTheirWholeRange()
    {
        const int threads = 4, reps = 500;
        var errors = new int[threads];
        var ts = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int id = t;
            ts[t] = new Thread(() =>
            {
                var rng = new Random(id);
                for (int r = 0; r < reps; r++)
                {
                    int n = rng.Next(1, 5000);
                    var (hits, _) = Run(n, rng.Next(1, 64));
                    for (int i = 0; i < n; i++) if (hits[i] != 1) errors[id]++;
                }
            });
            ts[t].Start();
        }
        foreach (var t in ts) t.Join();
        Assert.All(errors, e => Assert.Equal(0, e));
    }

    [Fact]
    public void ManyTinyJobsInARowAllComplete()
    {
        long sum = 0;
        for (int r = 0; r < 20_000; r++)
            CpuParallel.For(2, 1, (s, e) => { for (int i = s; i < e; i++) Interlocked.Add(ref sum, i + 1); });
        Assert.Equal(20_000L * 3, sum);
    }

    [Fact]
    public void JobsAfterTheWorkersWentToSleepStillComplete()
    {
        for (int r = 0; r < 5; r++)
        {
            Thread.Sleep(5); // longer than the workers' spin window
            var (hits, _) = Run(10_000, 1);
            Assert.All(hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void LargeWorkUsesAnotherThreadWhenThereAreSeveralCores()
    {
        if (CpuParallel.Degree < 2) return;
        int caller = Environment.CurrentManagedThreadId;
        bool sawOther = false;
        // The caller may legitimately steal every chunk when the worker is slow to start, so give
        // the worker a chunk long enough to claim.
        for (int r = 0; r < 200 && !sawOther; r++)
            CpuParallel.For(2, 1, (s, _) =>
            {
                if (Environment.CurrentManagedThreadId != caller) Volatile.Write(ref sawOther, true);
                else Thread.SpinWait(20_000);
            });
        Assert.True(sawOther);
    }
}
