using System.Diagnostics;
using Gluon.Bench.Models;
using Gluon.Ops;

namespace Gluon.Bench;

/// <summary>
/// Where the MLP and LeNet training steps spend their time: step time, CPU time and GC counts per
/// step, the MLP's matrix products and SGD update timed alone next to the whole step, and (run with
/// <c>GLUON_OP_PROFILE=1</c>) the per-op table of <see cref="OpProfiler"/>.
/// </summary>
internal static class TrainProfile
{
    public static void Run()
    {
        Console.WriteLine($"op profiler: {(OpProfiler.Enabled ? "on" : "off (set GLUON_OP_PROFILE=1 for the per-op table)")}");
        MlpParts();
        Profile("MLP 784-256-256-10 step", TrainStep.Mlp(), 400);
        Profile("LeNet step", TrainStep.LeNet(), 60);
    }

    private static void Profile(string name, TrainStep step, int steps)
    {
        for (int i = 0; i < steps / 4 + 5; i++) step.Step();
        OpProfiler.Reset();
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var times = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            step.Step();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / steps;
        Array.Sort(times);
        Console.WriteLine($"\n## {name}: median {times[steps / 2]:F3} ms, min {times[0]:F3} ms, 10th percentile {times[steps / 10]:F3} ms, CPU time {cpuMs:F3} ms per step over {steps} steps; " +
            $"GCs per 100 steps gen0 {100.0 * (GC.CollectionCount(0) - g0) / steps:F1}, gen1 {100.0 * (GC.CollectionCount(1) - g1) / steps:F1}, " +
            $"gen2 {100.0 * (GC.CollectionCount(2) - g2) / steps:F1}; managed bytes allocated per step {bytes / steps}");
        if (OpProfiler.Enabled) Console.WriteLine(OpProfiler.Report(steps));
    }

    /// <summary>The MLP step next to its eight matrix products alone (3 forward FullyConnected, 5 backward dots) and its SGD update alone.</summary>
    private static void MlpParts()
    {
        var r = new Random(3);
        NDArray U(params int[] s) => Init.Nd(Init.Uniform(r, new Shape(s).Size, -0.1f, 0.1f), s);
        NDArray xin = U(128, 784), w1 = U(256, 784), b1 = U(256), w2 = U(256, 256), b2 = U(256), w3 = U(10, 256), b3 = U(10);
        NDArray h1 = U(128, 256), h2 = U(128, 256), g3 = U(128, 10), g2 = U(128, 256), g1 = U(128, 256);
        void One(string what, Func<NDArray> f, double flops)
        {
            double ms = Median(() => f().Dispose());
            Console.WriteLine($"  {what}: {ms:F3} ms, {flops / ms / 1e6:F0} GFLOP/s");
        }
        One("FC1 forward 128x784 · (256x784)ᵀ", () => Nd.FullyConnected(xin, w1, b1, 256), 2.0 * 128 * 784 * 256);
        One("FC2 forward 128x256 · (256x256)ᵀ", () => Nd.FullyConnected(h1, w2, b2, 256), 2.0 * 128 * 256 * 256);
        One("dW1 (128x256)ᵀ · 128x784", () => Nd.Dot(g1, xin, transposeA: true), 2.0 * 128 * 784 * 256);
        One("dW2 (128x256)ᵀ · 128x256", () => Nd.Dot(g2, h1, transposeA: true), 2.0 * 128 * 256 * 256);
        One("dx2 128x256 · 256x256", () => Nd.Dot(g2, w2), 2.0 * 128 * 256 * 256);
        void Products()
        {
            using var scope = NDArrayScope.Begin();
            Nd.FullyConnected(xin, w1, b1, 256); Nd.FullyConnected(h1, w2, b2, 256); Nd.FullyConnected(h2, w3, b3, 10);
            Nd.Dot(g3, h2, transposeA: true); Nd.Dot(g3, w3); Nd.Dot(g2, h1, transposeA: true); Nd.Dot(g2, w2); Nd.Dot(g1, xin, transposeA: true);
        }
        var mlp = TrainStep.Mlp();
        for (int rep = 0; rep < 3; rep++)
            Console.WriteLine($"MLP step {Median(() => mlp.Step()):F3} ms, its 8 products alone {Median(Products):F3} ms, its SGD update alone {Median(mlp.UpdateOnly):F3} ms");
    }

    private static double Median(Action f)
    {
        for (int i = 0; i < 60; i++) f();   // past tiered compilation's call-count threshold
        var t = new double[21];
        for (int i = 0; i < t.Length; i++) { long s = Stopwatch.GetTimestamp(); f(); t[i] = Stopwatch.GetElapsedTime(s).TotalMilliseconds; }
        Array.Sort(t);
        return t[10];
    }
}
