using BenchmarkDotNet.Attributes;

namespace Gluon.Bench;

/// <summary>
/// The CTCLoss op (loss and gradient computed together in the forward pass) on a speech-like
/// batch: T time steps, N samples, C classes (blank last), labels of length L.
/// </summary>
[MemoryDiagnoser]
public class CtcBench
{
    [Params(100)] public int T;
    [Params(32)] public int N;
    [Params(40)] public int C;
    [Params(20)] public int L;

    private NDArray _data = null!, _label = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = Nd.Random.Uniform(-1, 1, new Shape(T, N, C));
        var rnd = new Random(1);
        var lab = new float[N * L];
        for (int i = 0; i < lab.Length; i++) lab[i] = rnd.Next(C - 1);
        _label = Nd.Array<float>(lab, new Shape(N, L));
    }

    [Benchmark] public void CTCLossForward() => Nd.CTCLoss(_data, _label, blankLabel: "last").Dispose();
}
