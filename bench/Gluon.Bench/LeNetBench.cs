using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Gluon.Nn;

namespace Gluon.Bench;

/// <summary>
/// LeNet (Conv2D/MaxPool2D/Dense from Gluon.Nn) on a batch of 28×28 images: forward, and
/// forward + backward under autograd, through the blocks and through the same ops called
/// directly, so the difference is the cost of the Block layer (hooks, naming, parameter lookup).
/// </summary>
[MemoryDiagnoser]
public class LeNetBench
{
    private HybridSequential _net = null!;
    private NDArray _x = null!;
    private NDArray[] _w = null!;

    /// <summary>Batch size.</summary>
    [Params(64)] public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _net = new HybridSequential();
        using (_net.NameScope())
            _net.Add(new Conv2D(6, 5, padding: 2, activation: "relu"), new MaxPool2D(2), new Conv2D(16, 5, activation: "relu"),
                new MaxPool2D(2), new Dense(120, activation: "relu"), new Dense(84, activation: "relu"), new Dense(10));
        _net.Initialize(new Gluon.Initializers.Normal(0.1));
        _x = Nd.Array<float>(Enumerable.Range(0, Batch * 784).Select(i => (float)((i * 7919 % 1000) / 1000.0)).ToArray(), new Shape(Batch, 1, 28, 28));
        _net.Call(_x);
        _w = _net.CollectParams().Values.Select(p => p.Data()).ToArray();
    }

    [Benchmark] public void BlocksForward() => _net.Call(_x);

    [Benchmark] public void OpsForward() => Direct();

    [Benchmark]
    public void BlocksForwardBackward()
    {
        NDArray y;
        using (Autograd.Record()) y = _net.Call(_x);
        y.Backward();
    }

    [Benchmark]
    public void OpsForwardBackward()
    {
        NDArray y;
        using (Autograd.Record()) y = Direct();
        y.Backward();
    }

    private NDArray Direct()
    {
        var h = Nd.Relu(Nd.Convolution(_x, _w[0], _w[1], [5, 5], 6, pad: [2, 2]));
        h = Nd.Pooling(h, [2, 2], stride: [2, 2]);
        h = Nd.Relu(Nd.Convolution(h, _w[2], _w[3], [5, 5], 16));
        h = Nd.Pooling(h, [2, 2], stride: [2, 2]);
        h = Nd.Relu(Nd.FullyConnected(h, _w[4], _w[5], 120));
        h = Nd.Relu(Nd.FullyConnected(h, _w[6], _w[7], 84));
        return Nd.FullyConnected(h, _w[8], _w[9], 10);
    }

    /// <summary>A quick Stopwatch run (median of 21 samples) without BenchmarkDotNet.</summary>
    public static void RunQuick()
    {
        var b = new LeNetBench { Batch = 64 };
        b.Setup();
        Measure("LeNet batch 64 forward, blocks", b.BlocksForward);
        Measure("LeNet batch 64 forward, ops", b.OpsForward);
        Measure("LeNet batch 64 fwd+bwd, blocks", b.BlocksForwardBackward);
        Measure("LeNet batch 64 fwd+bwd, ops", b.OpsForwardBackward);
    }

    private static void Measure(string name, Action op)
    {
        const int samples = 21;
        long warmEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < warmEnd) op();
        var ms = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            op();
            ms[s] = (Stopwatch.GetTimestamp() - t0) * 1e3 / Stopwatch.Frequency;
        }
        Array.Sort(ms);
        Console.WriteLine($"{name,-34} median {ms[samples / 2],7:F2} ms  (min {ms[0],7:F2}, max {ms[^1],7:F2})");
    }
}
