using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Gluon.Cpu;

namespace Gluon.Bench;

/// <summary>
/// Per-call overhead of tiny ops through the dispatcher (attribute parse, inference, allocation,
/// kernel lookup) and of a tiny <see cref="CpuParallel.For"/> hand-off. The kernels themselves
/// take tens of nanoseconds here, so the time is almost all overhead.
/// </summary>
[MemoryDiagnoser]
public class DispatchBench
{
    private NDArray _a = null!, _b = null!, _x = null!;
    private static readonly Action<int, int> s_noop = static (_, _) => { };

    [GlobalSetup]
    public void Setup()
    {
        _a = Nd.Arange(1000);
        _b = Nd.Arange(1000) * 0.5;
        _x = Nd.Arange(16);
    }

    [Benchmark] public void Add1000() => (_a + _b).Dispose();
    [Benchmark] public void AddNoDispose1000() => _ = _a + _b;
    [Benchmark] public void Exp16() => Nd.Exp(_x).Dispose();
    [Benchmark] public void MulScalar16() => (_x * 2.0).Dispose();
    [Benchmark] public void ParallelForTiny() => CpuParallel.For(2, 1, s_noop);

    /// <summary>
    /// A quick Stopwatch loop without BenchmarkDotNet (seconds instead of minutes): median ns per
    /// call over 31 samples, and bytes allocated per call.
    /// </summary>
    public static void RunQuick()
    {
        var b = new DispatchBench();
        b.Setup();
        Measure("a + b, 1000 floats (Dispose)", b.Add1000);
        Measure("a + b, 1000 floats (no Dispose)", b.AddNoDispose1000);
        Measure("Nd.Exp, 16 floats (Dispose)", b.Exp16);
        Measure("x * 2.0, 16 floats (Dispose)", b.MulScalar16);
        Measure("CpuParallel.For(2, 1, noop)", b.ParallelForTiny);
        // Components, to see where the time of a call goes.
        var shape = new Shape(1000);
        Measure("  Nd.Empty(1000) + Dispose", () => Nd.Empty(shape).Dispose());
        var add = Gluon.Ops.OpRegistry.Get("broadcast_add");
        var attrs = new Gluon.Ops.OpAttrs();
        NDArray[] ins = [b._a, b._b];
        Measure("  Invoke(OpDef, reused attrs) + Dispose", () => Gluon.Ops.Imperative.Invoke(add, attrs, ins)[0].Dispose());
        Measure("  OpRegistry.Get", () => Gluon.Ops.OpRegistry.Get("broadcast_add"));
        Measure("  new OpAttrs scalar", () => new Gluon.Ops.OpAttrs { { "scalar", 2.0 }, { "is_int", false } });
    }

    private static void Measure(string name, Action op)
    {
        const int samples = 31, iters = 20_000;
        // Warm up for a fixed time rather than a count, so that tiered compilation has promoted
        // every method on the path (a count-based warm-up can still measure tier-0 code).
        long warmEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 2;
        while (Stopwatch.GetTimestamp() < warmEnd)
            for (int i = 0; i < 1000; i++) op();
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        var ns = new double[samples];
        long bytes0 = GC.GetAllocatedBytesForCurrentThread();
        for (int s = 0; s < samples; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < iters; i++) op();
            ns[s] = (Stopwatch.GetTimestamp() - t0) * 1e9 / Stopwatch.Frequency / iters;
        }
        double alloc = (double)(GC.GetAllocatedBytesForCurrentThread() - bytes0) / samples / iters;
        Array.Sort(ns);
        Console.WriteLine($"{name,-40} median {ns[samples / 2],6:F0} ns  (min {ns[0],5:F0}, max {ns[^1],6:F0})  {alloc,4:F0} B/call  " +
            $"GCs {GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}");
    }
}
