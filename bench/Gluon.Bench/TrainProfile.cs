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
