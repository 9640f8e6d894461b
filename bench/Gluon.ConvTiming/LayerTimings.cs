using System.Diagnostics;
using Gluon.Ops;

namespace Gluon.ConvTiming;

/// <summary>
/// Stopwatch timings of single layers, forward and backward, on float32. Three figures per layer:
/// forward (not recording), the backward kernel alone (where the op has one) and a training step
/// (recorded forward + autograd backward), each the median of several samples in this process,
/// plus the bytes allocated per call after warm-up (every thread).
/// </summary>
internal static class LayerTimings
{
    private sealed record Case(string Name, Action Forward, Action? BackwardKernel, Action Step);

    public static void Run(List<string> filters, int samples)
    {
        Nd.Random.Seed(1);
        var cases = new List<Case>();
        // LeNet
        Conv(cases, "lenet.conv1 n128 1->6 28 k5p2", 128, 1, 28, 6, 5, 1, 2, 1);
        Conv(cases, "lenet.conv2 n128 6->16 14 k5", 128, 6, 14, 16, 5, 1, 0, 1);
        // ResNet-18 at batch 1 and 16
        foreach (int n in new[] { 1, 16 })
        {
            Conv(cases, $"r18.conv1 n{n} 3->64 224 k7s2", n, 3, 224, 64, 7, 2, 3, 1);
            Conv(cases, $"r18.l1 n{n} 64->64 56 k3", n, 64, 56, 64, 3, 1, 1, 1);
            Conv(cases, $"r18.l2a n{n} 64->128 56 k3s2", n, 64, 56, 128, 3, 2, 1, 1);
            Conv(cases, $"r18.l2ds n{n} 64->128 56 k1s2", n, 64, 56, 128, 1, 2, 0, 1);
            Conv(cases, $"r18.l2 n{n} 128->128 28 k3", n, 128, 28, 128, 3, 1, 1, 1);
            Conv(cases, $"r18.l3 n{n} 256->256 14 k3", n, 256, 14, 256, 3, 1, 1, 1);
            Conv(cases, $"r18.l4 n{n} 512->512 7 k3", n, 512, 7, 512, 3, 1, 1, 1);
            Conv(cases, $"pw n{n} 128->256 28 k1", n, 128, 28, 256, 1, 1, 0, 1);
        }
        // MobileNet depthwise
        Conv(cases, "mbv1.dw n16 64 112 k3 g64", 16, 64, 112, 64, 3, 1, 1, 64);
        Conv(cases, "mbv1.dw n16 256 28 k3s2 g256", 16, 256, 28, 256, 3, 2, 1, 256);
        Conv(cases, "mbv1.dw n1 512 14 k3 g512", 1, 512, 14, 512, 3, 1, 1, 512);
        // Pooling
        Pool(cases, "maxpool 2x2 n128 6x28", [128, 6, 28, 28], "max", [2, 2], [2, 2], [0, 0], false);
        Pool(cases, "maxpool 3x3s2 n16 64x112", [16, 64, 112, 112], "max", [3, 3], [2, 2], [1, 1], false);
        Pool(cases, "avgpool global n16 512x7", [16, 512, 7, 7], "avg", [1, 1], [1, 1], [0, 0], true);
        // Normalization
        BatchNorm(cases, "batchnorm n16 64x56", [16, 64, 56, 56]);
        LayerNorm(cases, "layernorm 4096x1024", [4096, 1024]);
        InstanceNorm(cases, "instancenorm n16 64x56", [16, 64, 56, 56]);
        // FullyConnected
        Fc(cases, "fc n128 784->256", 128, 784, 256);

        Console.WriteLine($"{"layer",-34} {"fwd ms (min)",16} {"bwd ms (min)",16} {"step ms (min)",16}   alloc B/call fwd/bwd/step");
        foreach (var c in cases)
        {
            if (filters.Count > 0 && !filters.Any(f => c.Name.Contains(f, StringComparison.OrdinalIgnoreCase))) continue;
            var (f, fm, fa) = Measure(c.Forward, samples);
            var (b, bm, ba) = c.BackwardKernel is null ? (double.NaN, double.NaN, 0L) : Measure(c.BackwardKernel, samples);
            int g2 = GC.CollectionCount(2), g0 = GC.CollectionCount(0);
            var (s, sm, sa) = Measure(c.Step, samples);
            Console.WriteLine($"{c.Name,-34} {f,8:F3} ({fm,6:F3}) {b,8:F3} ({bm,6:F3}) {s,8:F3} ({sm,6:F3})   {fa}/{ba}/{sa}  step GCs {GC.CollectionCount(0) - g0}/{GC.CollectionCount(2) - g2}");
        }
    }

    private static NDArray Rand(params int[] shape) => Nd.Random.Uniform(-1, 1, new Shape(shape));

    /// <summary>Runs a recorded forward and its backward with a fixed head gradient; frees the results.</summary>
    private static Action StepOf(NDArray[] vars, Func<NDArray> forward, NDArray head)
    {
        foreach (var v in vars) v.AttachGrad();
        return () =>
        {
            NDArray y;
            using (Autograd.Record()) y = forward();
            y.Backward(head);
            y.Dispose();
        };
    }

    private static void Conv(List<Case> cases, string name, int n, int ci, int hw, int co, int k, int s, int p, int g)
    {
        var x = Rand(n, ci, hw, hw);
        var w = Rand(co, ci / g, k, k);
        var b = Rand(co);
        int[] kk = [k, k], ss = [s, s], pp = [p, p];
        NDArray Fwd() => Nd.Convolution(x, w, b, kk, co, stride: ss, pad: pp, numGroup: g);
        NDArray dy;
        using (Autograd.Pause()) dy = Fwd();
        var attrs = new OpAttrs { { "kernel", kk }, { "stride", ss }, { "pad", pp }, { "num_filter", co }, { "num_group", g } };
        var op = OpRegistry.Get("_backward_Convolution");
        NDArray[] ins = [dy, x, w];
        cases.Add(new Case(name, () => Fwd().Dispose(), () => DisposeAll(Imperative.Invoke(op, attrs, ins)), StepOf([x, w, b], Fwd, dy)));
    }

    private static void Pool(List<Case> cases, string name, int[] shape, string type, int[] k, int[] s, int[] p, bool global)
    {
        var x = Rand(shape);
        NDArray Fwd() => Nd.Pooling(x, k, type, global, stride: s, pad: p);
        NDArray y;
        using (Autograd.Pause()) y = Fwd();
        var attrs = new OpAttrs { { "kernel", k }, { "pool_type", type }, { "global_pool", global }, { "stride", s }, { "pad", p } };
        var op = OpRegistry.Get("_backward_Pooling");
        NDArray[] ins = [y, x, y];
        cases.Add(new Case(name, () => Fwd().Dispose(), () => DisposeAll(Imperative.Invoke(op, attrs, ins)), StepOf([x], Fwd, y)));
    }

    private static void BatchNorm(List<Case> cases, string name, int[] shape)
    {
        int c = shape[1];
        var x = Rand(shape);
        var gamma = Nd.Ones(c);
        var beta = Nd.Zeros(c);
        var mm = Nd.Zeros(c);
        var mv = Nd.Ones(c);
        NDArray Fwd() => Nd.BatchNorm(x, gamma, beta, mm, mv, fixGamma: false)[0];
        NDArray y;
        using (Autograd.Pause()) y = Fwd();
        cases.Add(new Case(name, () =>
        {
            using (Autograd.TrainMode()) DisposeAll(Nd.BatchNorm(x, gamma, beta, mm, mv, fixGamma: false));
        }, null, StepOf([x, gamma, beta], Fwd, y)));
    }

    private static void LayerNorm(List<Case> cases, string name, int[] shape)
    {
        int c = shape[^1];
        var x = Rand(shape);
        var gamma = Nd.Ones(c);
        var beta = Nd.Zeros(c);
        NDArray Fwd() => Nd.LayerNorm(x, gamma, beta)[0];
        NDArray y;
        using (Autograd.Pause()) y = Fwd();
        cases.Add(new Case(name, () => DisposeAll(Nd.LayerNorm(x, gamma, beta)), null, StepOf([x, gamma, beta], Fwd, y)));
    }

    private static void InstanceNorm(List<Case> cases, string name, int[] shape)
    {
        int c = shape[1];
        var x = Rand(shape);
        var gamma = Nd.Ones(c);
        var beta = Nd.Zeros(c);
        NDArray Fwd() => Nd.InstanceNorm(x, gamma, beta);
        NDArray y;
        using (Autograd.Pause()) y = Fwd();
        cases.Add(new Case(name, () => Fwd().Dispose(), null, StepOf([x, gamma, beta], Fwd, y)));
    }

    private static void Fc(List<Case> cases, string name, int n, int inUnits, int hidden)
    {
        var x = Rand(n, inUnits);
        var w = Rand(hidden, inUnits);
        var b = Rand(hidden);
        NDArray Fwd() => Nd.FullyConnected(x, w, b, hidden);
        NDArray y;
        using (Autograd.Pause()) y = Fwd();
        cases.Add(new Case(name, () => Fwd().Dispose(), null, StepOf([x, w, b], Fwd, y)));
    }

    private static void DisposeAll(NDArray[] a)
    {
        foreach (var x in a) x.Dispose();
    }

    /// <summary>Median ms per call over <paramref name="samples"/> samples of about 10 ms each, after a warm-up; bytes allocated per call.</summary>
    private static (double Median, double Min, long Bytes) Measure(Action op, int samples)
    {
        // Warm up for a fixed time so tiered compilation has promoted the path.
        long t0 = Stopwatch.GetTimestamp();
        int calls = 0;
        while (calls < 3 || Stopwatch.GetElapsedTime(t0).TotalMilliseconds < 300) { op(); calls++; }
        double once = Stopwatch.GetElapsedTime(t0).TotalMilliseconds / calls;
        int iters = Math.Max(1, (int)(10 / Math.Max(once, 1e-3)));
        var ms = new double[samples];
        long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        for (int s = 0; s < samples; s++)
        {
            long ts = Stopwatch.GetTimestamp();
            for (int i = 0; i < iters; i++) op();
            ms[s] = Stopwatch.GetElapsedTime(ts).TotalMilliseconds / iters;
        }
        long bytes = (GC.GetTotalAllocatedBytes(precise: true) - bytes0) / ((long)samples * iters);
        Array.Sort(ms);
        return (ms[samples / 2], ms[0], bytes);
    }
}
