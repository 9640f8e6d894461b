using System.Diagnostics;
using Gluon.Bench.Models;
using Gluon.Ops;

namespace Gluon.Bench;

/// <summary>
/// Where the MLP and LeNet training steps spend their time: step time and GC counts per step,
/// and (run with <c>GLUON_OP_PROFILE=1</c>) the per-op table of <see cref="OpProfiler"/>.
/// </summary>
internal static class TrainProfile
{
    public static void Run()
    {
        if (Environment.GetEnvironmentVariable("PROBE") == "2") { PoolProbe.Run(); return; }
        Console.WriteLine($"op profiler: {(OpProfiler.Enabled ? "on" : "off (set GLUON_OP_PROFILE=1 for the per-op table)")}");
        Profile("MLP 784-256-256-10 step", TrainStep.Mlp(), 400);
        Profile("LeNet step", TrainStep.LeNet(), 60);
    }

    private static void Profile(string name, TrainStep step, int steps)
    {
        for (int i = 0; i < steps / 4 + 5; i++) step.Step();
        OpProfiler.Reset();
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        var times = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            step.Step();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
        Array.Sort(times);
        Console.WriteLine($"\n## {name}: median {times[steps / 2]:F3} ms, min {times[0]:F3} ms over {steps} steps; " +
            $"GCs per 100 steps gen0 {100.0 * (GC.CollectionCount(0) - g0) / steps:F1}, gen1 {100.0 * (GC.CollectionCount(1) - g1) / steps:F1}, " +
            $"gen2 {100.0 * (GC.CollectionCount(2) - g2) / steps:F1}; managed bytes allocated per step {bytes / steps}");
        if (OpProfiler.Enabled) Console.WriteLine(OpProfiler.Report(steps));
        if (Environment.GetEnvironmentVariable("PROBE") == "1") step.Probe();
    }
}

/// <summary>Temporary probe: pooling backward vs relu on LeNet's first pooling shape.</summary>
internal static class PoolProbe
{
    public static void Run()
    {
        var x = Nd.Relu(Init.Nd(Init.Uniform(new Random(1), 128 * 6 * 28 * 28, -1, 1), 128, 6, 28, 28));
        var y = Nd.Pooling(x, [2, 2], "max", stride: [2, 2]);
        var dy = Nd.OnesLike(y);
        var op = OpRegistry.Get("_backward_Pooling");
        var attrs = new OpAttrs { { "kernel", new[] { 2, 2 } }, { "stride", new[] { 2, 2 } }, { "pool_type", "max" } };
        var relu = OpRegistry.Get("_backward_relu");
        var pf = OpRegistry.Get("Pooling");
        for (int rep = 0; rep < 5; rep++)
        {
            double a = T(() => Imperative.Invoke(op, attrs, [dy, x, y])[0].Dispose());
            double b = T(() => Imperative.Invoke(relu, new OpAttrs(), [x, x])[0].Dispose());
            double c = T(() => Imperative.Invoke(pf, attrs, [x])[0].Dispose());
            Console.WriteLine($"pool bwd {a:F3} ms, relu bwd {b:F3} ms, pool fwd {c:F3} ms");
        }
    }

    private static double T(Action f)
    {
        var t = new double[21];
        for (int i = 0; i < t.Length; i++) { long s = Stopwatch.GetTimestamp(); f(); t[i] = Stopwatch.GetElapsedTime(s).TotalMilliseconds; }
        Array.Sort(t);
        return t[10];
    }
}
