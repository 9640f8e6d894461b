using BenchmarkDotNet.Attributes;
using Gluon.Bench.Models;
using Gluon.Bench.Onnx;

namespace Gluon.Bench;

/// <summary>ResNet-18 v1 inference (224×224, random weights) with Nd ops, and ONNX Runtime (2 intra-op threads) on the same graph as baseline.</summary>
[MemoryDiagnoser]
public class ResNetBench
{
    [Params(1, 16)]
    public int Batch;

    private ResNet18 _net = null!;
    private NDArray _x = null!;
    private OrtRunner _ort = null!;

    [GlobalSetup]
    public void Setup()
    {
        _net = new ResNet18();
        var input = Init.Uniform(new Random(Batch), Batch * 3 * ResNet18.Size * ResNet18.Size, -1, 1);
        long[] shape = [Batch, 3, ResNet18.Size, ResNet18.Size];
        _x = Init.Nd(input, Batch, 3, ResNet18.Size, ResNet18.Size);
        _ort = new OrtRunner(_net.ToOnnx(Batch, "resnet18_v1"), input, shape, [Batch, 1000], threads: 2);
    }

    [GlobalCleanup]
    public void Cleanup() => _ort.Dispose();

    [Benchmark(Baseline = true)]
    public void OnnxRuntime() => _ort.Run();

    [Benchmark]
    public void Gluon()
    {
        using var s = NDArrayScope.Begin();
        _net.Forward(_x).WaitToRead();
    }
}
