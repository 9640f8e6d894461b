using System.Diagnostics;
using Gluon.Bench.Models;

namespace Gluon.Bench.Profile;

/// <summary>
/// Per-op time breakdown of one ResNet-18 v1 (or ResNet-50 v1, MobileNet v1) inference forward (Nd ops, BatchNorm with running
/// statistics): every layer call of the network is timed by a builder that wraps the Nd one, so
/// the library itself carries no timer. Reports, per op kind, the median over forwards of the
/// summed time per forward, and what the forward spends outside the ops (scope disposal).
/// </summary>
internal static class ResNetOpProfile
{
    private static readonly string[] Kinds = ["conv", "batchnorm", "batchnorm+relu", "relu", "add", "maxpool", "globalavgpool", "dense"];

    /// <summary>
    /// Runs the breakdown at each batch size (default 1 and 16) and prints a table; with
    /// <c>--alone</c> first, times each non-convolution op alone on the network's shapes instead.
    /// </summary>
    public static void Run(string[] args)
    {
        // --net resnet50|mobilenet: the same breakdown for another network (default ResNet-18).
        int at = Array.IndexOf(args, "--net");
        string netName = at >= 0 && at + 1 < args.Length ? args[at + 1] : "resnet18";
        if (at >= 0) args = [.. args[..at], .. args[Math.Min(args.Length, at + 2)..]];
        bool alone = args is ["--alone", ..];
        if (alone) args = args[1..];
        bool inPlace = args is ["--inplace", ..];
        if (inPlace) args = args[1..];
        // --cold: 128 MiB written between forwards (not timed), so weights and activations start
        // from memory, as when another program (the peer in `compare`) ran in between.
        bool cold = args is ["--cold", ..];
        if (cold) args = args[1..];
        float[]? junk = cold ? new float[32 << 20] : null;
        int[] batches = args.Length > 0 ? [.. args.Select(int.Parse)] : [1, 16];
        if (alone)
        {
            foreach (int batch in batches) OpsAlone(batch);
            return;
        }
        (InferenceNet net, string title) = netName switch
        {
            "resnet18" => ((InferenceNet)new ResNet18(), "ResNet-18"),
            "resnet50" => (new ResNet50(), "ResNet-50"),
            "mobilenet" => (new MobileNetV1(), "MobileNet v1"),
            _ => throw new ArgumentException($"--net: unknown network '{netName}' (resnet18, resnet50, mobilenet)"),
        };
        Console.WriteLine($"{title} per-op breakdown{(inPlace ? ", relu and add in place (out=)" : "")}{(cold ? ", caches flushed before each forward" : "")} (ms per forward, median, {(s_cpu ? "thread CPU time" : "wall time")}), " +
                          $"{Environment.ProcessorCount} threads, load {Load()}");
        foreach (int batch in batches)
        {
            var shape = new[] { batch, 3, InferenceNet.Size, InferenceNet.Size };
            var x = Init.Nd(Init.Uniform(new Random(batch), shape.Aggregate(1, (a, d) => a * d), -1, 1), shape);
            var timer = new TimingBuilder(inPlace);
            int forwards = batch == 1 ? 60 : 12;
            // Warm-up: tiered compilation and the memory pool reach steady state.
            double t0 = Now();
            while (Now() - t0 < 3000) RunOnce(net, x, timer);
            var perKind = Kinds.ToDictionary(k => k, _ => new List<double>());
            var counts = new Dictionary<string, int>();
            var totals = new List<double>();
            var outside = new List<double>();
            var dispose = new List<double>();
            var perConv = new List<List<double>>();
            int gen0 = GC.CollectionCount(0);
            long alloc = GC.GetAllocatedBytesForCurrentThread();
            for (int f = 0; f < forwards; f++)
            {
                timer.Reset();
                if (junk != null) System.Numerics.Tensors.TensorPrimitives.Add(junk, 1f, junk);
                double total = RunOnce(net, x, timer);
                totals.Add(total);
                outside.Add(total - timer.Ms.Values.Sum() - timer.DisposeMs);
                dispose.Add(timer.DisposeMs);
                foreach (var k in Kinds) perKind[k].Add(timer.Ms.GetValueOrDefault(k));
                foreach (var (k, n) in timer.Calls) counts[k] = n;
                for (int i = 0; i < timer.ConvCalls.Count; i++)
                {
                    if (perConv.Count <= i) perConv.Add([]);
                    perConv[i].Add(timer.ConvCalls[i].Ms);
                }
            }
            alloc = (GC.GetAllocatedBytesForCurrentThread() - alloc) / forwards;
            gen0 = GC.CollectionCount(0) - gen0;
            Console.WriteLine($"batch {batch}: forward {Median(totals):F2} ms (median of {forwards}), " +
                              $"managed alloc {alloc / 1024.0:F1} KiB/forward, gen0 GCs {gen0}");
            foreach (var k in Kinds)
            {
                double m = Median(perKind[k]);
                Console.WriteLine($"  {k,-14} {m,8:F3} ms  {100 * m / Median(totals),5:F1} %  ({counts.GetValueOrDefault(k)} calls)");
            }
            double nonConv = Median(totals.Select((t, i) => t - perKind["conv"][i]).ToList());
            Console.WriteLine($"  {"scope dispose",-14} {Median(dispose),8:F3} ms");
            Console.WriteLine($"  {"between ops",-14} {Median(outside),8:F3} ms  (builder, timer)");
            Console.WriteLine($"  {"non-conv total",-14} {nonConv,8:F3} ms");
            Console.WriteLine("  each convolution in the network (median ms):");
            for (int i = 0; i < perConv.Count; i++)
                Console.WriteLine($"    {i,2} {timer.ConvCalls[i].Name,-36} {Median(perConv[i]),7:F3}");
        }
    }

    /// <summary>
    /// Each non-convolution op of the network alone, on every shape it meets there, repeated on
    /// the same input (warm caches): median ms per call and the sum over the network's calls.
    /// </summary>
    private static void OpsAlone(int batch)
    {
        var nd = new NdNetBuilder();
        var r = new Random(1);
        var bn = new Dictionary<int, BatchNormLayer>();
        NDArray Rand(params int[] s) => Init.Nd(Init.Uniform(r, s.Aggregate(1, (a, d) => a * d), -1, 1), s);
        // (channels, side, calls per forward) of BatchNorm / BatchNorm+relu / relu / add in ResNet-18 v1.
        (int C, int H, int Bn, int BnRelu, int Relu, int Add)[] sites =
            [(64, 112, 0, 1, 0, 0), (64, 56, 2, 2, 2, 2), (128, 28, 3, 2, 2, 2), (256, 14, 3, 2, 2, 2), (512, 7, 3, 2, 2, 2)];
        Console.WriteLine($"batch {batch}: ops alone, ms per call (median, {(s_cpu ? "thread CPU time" : "wall time")}), load {Load()}");
        double total = 0;
        foreach (var (c, h, nBn, nBnRelu, nRelu, nAdd) in sites)
        {
            var x = Rand(batch, c, h, h);
            var y = Rand(batch, c, h, h);
            var layer = new BatchNormLayer(r, c);
            double tBn = TimeOp(() => nd.BatchNorm(x, layer));
            double tBnRelu = TimeOp(() => nd.BatchNormRelu(x, layer));
            double tRelu = TimeOp(() => nd.Relu(x));
            double tAdd = TimeOp(() => nd.Add(x, y));
            total += nBn * tBn + nBnRelu * tBnRelu + nRelu * tRelu + nAdd * tAdd;
            Console.WriteLine($"  {c,4}x{h,-3}  batchnorm {tBn,7:F4}  batchnorm+relu {tBnRelu,7:F4}  relu {tRelu,7:F4}  add {tAdd,7:F4}");
        }
        var stem = Rand(batch, 64, 112, 112);
        double tPool = TimeOp(() => nd.MaxPool(stem, 3, 2, 1));
        var last = Rand(batch, 512, 7, 7);
        double tGap = TimeOp(() => nd.GlobalAvgPool(last));
        total += tPool + tGap;
        Console.WriteLine($"  maxpool 3x3 s2 64x112 {tPool:F4}  global avg pool 512x7 {tGap:F4}");
        Console.WriteLine($"  sum over the network's non-conv calls (dense excluded): {total:F3} ms");
    }

    /// <summary>Median ms per call of <paramref name="op"/>, by <see cref="Now"/>.</summary>
    private static double TimeOp(Func<NDArray> op)
    {
        var times = new List<double>();
        double w = Now();
        while (Now() - w < 300) op().Dispose();
        for (int s = 0; s < 21; s++)
        {
            int reps = 0;
            double t0 = Now();
            do { op().Dispose(); reps++; } while (Now() - t0 < 20);
            times.Add((Now() - t0) / reps);
        }
        return Median(times);
    }

    /// <summary>
    /// Milliseconds: wall time, or with GLUON_PROFILE_CPU=1 this thread's CPU time (steady on a
    /// loaded host; run with DOTNET_PROCESSOR_COUNT=1 so that all the work is on this thread).
    /// </summary>
    private static double Now() => s_cpu ? ThreadCpuClock.Ms() : Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    private static readonly bool s_cpu = Environment.GetEnvironmentVariable("GLUON_PROFILE_CPU") == "1" && ThreadCpuClock.Available;

    private static double RunOnce(InferenceNet net, NDArray x, TimingBuilder timer)
    {
        double t0 = Now();
        var scope = NDArrayScope.Begin();
        net.Build(timer, x).WaitToRead();
        double t1 = Now();
        scope.Dispose();
        double t2 = Now();
        timer.DisposeMs = t2 - t1;
        return t2 - t0;
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToArray();
        return s.Length == 0 ? 0 : s[s.Length / 2];
    }

    private static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>
    /// The Nd builder with a stopwatch around each layer call (the CPU backend runs kernels
    /// synchronously). With <c>inPlace</c>, relu overwrites its input and add its first input
    /// (MXNet's <c>out=</c>; safe here because ResNet-18 uses either input nowhere else).
    /// </summary>
    private sealed class TimingBuilder(bool inPlace) : INetBuilder<NDArray>
    {
        private readonly NdNetBuilder _nd = new();
        private static readonly Gluon.Ops.OpDef s_act = Gluon.Ops.OpRegistry.Get("Activation");
        private static readonly Gluon.Ops.OpDef s_add = Gluon.Ops.OpRegistry.Get("elemwise_add");
        private static readonly Gluon.Ops.OpAttrs s_relu = new() { { "act_type", "relu" } };
        private static readonly Gluon.Ops.OpAttrs s_none = new();
        public Dictionary<string, double> Ms { get; } = [];
        public Dictionary<string, int> Calls { get; } = [];
        public double DisposeMs { get; set; }

        /// <summary>Each convolution call of the last forward, in order: its layer and input side, and its time.</summary>
        public List<(string Name, double Ms)> ConvCalls { get; } = [];

        public void Reset()
        {
            Ms.Clear();
            Calls.Clear();
            ConvCalls.Clear();
        }

        private NDArray Time(string kind, Func<NDArray> op)
        {
            double t0 = Now();
            var y = op();
            y.WaitToRead();
            Ms[kind] = Ms.GetValueOrDefault(kind) + Now() - t0;
            Calls[kind] = Calls.GetValueOrDefault(kind) + 1;
            return y;
        }

        public NDArray Conv(NDArray x, ConvLayer c)
        {
            double before = Ms.GetValueOrDefault("conv");
            var y = Time("conv", () => _nd.Conv(x, c));
            ConvCalls.Add(($"{c} {x.Shape[2]}×{x.Shape[3]}", Ms["conv"] - before));
            return y;
        }
        public NDArray BatchNorm(NDArray x, BatchNormLayer bn) => Time("batchnorm", () => _nd.BatchNorm(x, bn));
        public NDArray BatchNormRelu(NDArray x, BatchNormLayer bn) => Time("batchnorm+relu", () => _nd.BatchNormRelu(x, bn));
        public NDArray Relu(NDArray x) => Time("relu", () => inPlace ? Gluon.Ops.Imperative.Invoke(s_act, s_relu, [x], outputs: [x])[0] : _nd.Relu(x));
        public NDArray MaxPool(NDArray x, int kernel, int stride, int pad) => Time("maxpool", () => _nd.MaxPool(x, kernel, stride, pad));
        public NDArray Add(NDArray a, NDArray b) => Time("add", () => inPlace ? Gluon.Ops.Imperative.Invoke(s_add, s_none, [a, b], outputs: [a])[0] : _nd.Add(a, b));
        public NDArray GlobalAvgPool(NDArray x) => Time("globalavgpool", () => _nd.GlobalAvgPool(x));
        public NDArray Dense(NDArray x, DenseLayer d) => Time("dense", () => _nd.Dense(x, d));
        public void Release(NDArray x)
        {
            // In place, relu and add return their input: that array is still live.
            if (!inPlace) _nd.Release(x);
        }
    }
}
