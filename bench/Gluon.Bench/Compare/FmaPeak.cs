using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Bench.Compare;

/// <summary>
/// The machine's fp32 peak as a plain C# loop reaches it: 16 independent FMA chains (enough to
/// cover 2 ports × 4 cycles latency) in a method of their own with no call inside (with a call
/// the JIT spills the accumulators and the loop runs at a fraction of the peak). Vector512 where
/// it is accelerated, else Vector256.
/// </summary>
internal static class FmaPeak
{
    /// <summary>Floating-point operations of one loop iteration.</summary>
    private static int FlopPerIter => 16 * 2 * (Vector512.IsHardwareAccelerated ? 16 : 8);

    /// <summary>Runs the loop on <paramref name="threads"/> threads at once; returns GFLOP/s of all together.</summary>
    public static double Measure(int threads, long iters)
    {
        using var start = new ManualResetEventSlim(false);
        var workers = new Thread[threads];
        var sink = new float[threads];
        for (int t = 0; t < threads; t++)
        {
            int id = t;
            workers[t] = new Thread(() =>
            {
                start.Wait();
                sink[id] = Vector512.IsHardwareAccelerated ? Loop512(iters, id + 1) : Loop256(iters, id + 1);
            }) { IsBackground = true };
            workers[t].Start();
        }
        Thread.Sleep(1);
        long t0 = Stopwatch.GetTimestamp();
        start.Set();
        foreach (var w in workers) w.Join();
        double s = (Stopwatch.GetTimestamp() - t0) / (double)Stopwatch.Frequency;
        if (float.IsNaN(sink.Sum())) throw new InvalidOperationException("FMA loop produced NaN");
        return threads * iters * (double)FlopPerIter / s / 1e9;
    }

    /// <summary>Floating-point operations of one <see cref="Measure"/> call.</summary>
    public static double Flop(int threads, long iters) => (double)threads * iters * FlopPerIter;

    /// <summary>Iterations that take about <paramref name="ms"/> milliseconds on one thread.</summary>
    public static long ItersFor(double ms)
    {
        Measure(1, 1_000_000); // compile and warm up
        long iters = 10_000_000;
        double gf = Measure(1, iters);
        return (long)(ms / 1000 * gf * 1e9 / FlopPerIter);
    }

    // c = c·b + a with b just under 1 converges to a/(1 − b): no overflow, no denormals.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop512(long iters, float seed)
    {
        var a = Vector512.Create(1e-3f);
        var b = Vector512.Create(0.9999f);
        Vector512<float> c0 = Vector512.Create(seed), c1 = c0 + a, c2 = c1 + a, c3 = c2 + a, c4 = c3 + a, c5 = c4 + a,
            c6 = c5 + a, c7 = c6 + a, c8 = c7 + a, c9 = c8 + a, c10 = c9 + a, c11 = c10 + a, c12 = c11 + a,
            c13 = c12 + a, c14 = c13 + a, c15 = c14 + a;
        for (long i = 0; i < iters; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, b, a); c1 = Vector512.FusedMultiplyAdd(c1, b, a);
            c2 = Vector512.FusedMultiplyAdd(c2, b, a); c3 = Vector512.FusedMultiplyAdd(c3, b, a);
            c4 = Vector512.FusedMultiplyAdd(c4, b, a); c5 = Vector512.FusedMultiplyAdd(c5, b, a);
            c6 = Vector512.FusedMultiplyAdd(c6, b, a); c7 = Vector512.FusedMultiplyAdd(c7, b, a);
            c8 = Vector512.FusedMultiplyAdd(c8, b, a); c9 = Vector512.FusedMultiplyAdd(c9, b, a);
            c10 = Vector512.FusedMultiplyAdd(c10, b, a); c11 = Vector512.FusedMultiplyAdd(c11, b, a);
            c12 = Vector512.FusedMultiplyAdd(c12, b, a); c13 = Vector512.FusedMultiplyAdd(c13, b, a);
            c14 = Vector512.FusedMultiplyAdd(c14, b, a); c15 = Vector512.FusedMultiplyAdd(c15, b, a);
        }
        var s = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)) + ((c12 + c13) + (c14 + c15));
        return s.GetElement(0);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop256(long iters, float seed)
    {
        var a = Vector256.Create(1e-3f);
        var b = Vector256.Create(0.9999f);
        Vector256<float> c0 = Vector256.Create(seed), c1 = c0 + a, c2 = c1 + a, c3 = c2 + a, c4 = c3 + a, c5 = c4 + a,
            c6 = c5 + a, c7 = c6 + a, c8 = c7 + a, c9 = c8 + a, c10 = c9 + a, c11 = c10 + a, c12 = c11 + a,
            c13 = c12 + a, c14 = c13 + a, c15 = c14 + a;
        for (long i = 0; i < iters; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, b, a); c1 = Vector256.FusedMultiplyAdd(c1, b, a);
            c2 = Vector256.FusedMultiplyAdd(c2, b, a); c3 = Vector256.FusedMultiplyAdd(c3, b, a);
            c4 = Vector256.FusedMultiplyAdd(c4, b, a); c5 = Vector256.FusedMultiplyAdd(c5, b, a);
            c6 = Vector256.FusedMultiplyAdd(c6, b, a); c7 = Vector256.FusedMultiplyAdd(c7, b, a);
            c8 = Vector256.FusedMultiplyAdd(c8, b, a); c9 = Vector256.FusedMultiplyAdd(c9, b, a);
            c10 = Vector256.FusedMultiplyAdd(c10, b, a); c11 = Vector256.FusedMultiplyAdd(c11, b, a);
            c12 = Vector256.FusedMultiplyAdd(c12, b, a); c13 = Vector256.FusedMultiplyAdd(c13, b, a);
            c14 = Vector256.FusedMultiplyAdd(c14, b, a); c15 = Vector256.FusedMultiplyAdd(c15, b, a);
        }
        var s = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)) + ((c12 + c13) + (c14 + c15));
        return s.GetElement(0);
    }
}
