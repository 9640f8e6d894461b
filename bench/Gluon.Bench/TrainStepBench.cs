using BenchmarkDotNet.Attributes;
using Gluon.Bench.Models;

namespace Gluon.Bench;

/// <summary>The MLP 784-256-256-10 and LeNet training steps of issue 3 (batch 128, forward + backward + SGD), and LeNet's forward alone.</summary>
[MemoryDiagnoser]
public class TrainStepBench
{
    private TrainStep _mlp = null!, _lenet = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mlp = TrainStep.Mlp();
        _lenet = TrainStep.LeNet();
    }

    [Benchmark] public float MlpStep() => _mlp.Step();
    [Benchmark] public float LeNetStep() => _lenet.Step();
    [Benchmark] public void LeNetForward() => _lenet.Forward();
}
