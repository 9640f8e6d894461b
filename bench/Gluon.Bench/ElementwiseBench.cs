using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Gluon.Bench;

/// <summary>
/// Bandwidth-bound ops through the whole dispatcher (shape inference, allocation from the pool,
/// kernel) against TensorPrimitives on preallocated spans: the ratio is the dispatch overhead
/// plus any kernel gap. TensorPrimitives runs on one thread.
/// </summary>
[MemoryDiagnoser]
public class ElementwiseBench
{
    [Params(1_000, 1_000_000)]
    public int N;

    private NDArray _a = null!, _b = null!, _m = null!, _row = null!;
    private float[] _fa = null!, _fb = null!, _fo = null!;

    [GlobalSetup]
    public void Setup()
    {
        _a = Nd.Arange(N);
        _b = Nd.Arange(N) * 0.5;
        _m = Nd.Arange(N).ReshapeTo(N / 1000, 1000);
        _row = Nd.Arange(1000);
        _fa = _a.ToArray<float>();
        _fb = _b.ToArray<float>();
        _fo = new float[N];
    }

    [Benchmark] public void NdAdd() => (_a + _b).Dispose();
    [Benchmark] public void TensorPrimitivesAdd() => TensorPrimitives.Add(_fa, _fb, _fo);
    [Benchmark] public void NdBroadcastAddRow() => (_m + _row).Dispose();
    [Benchmark] public void NdExp() => Nd.Exp(_a).Dispose();
    [Benchmark] public void TensorPrimitivesExp() => TensorPrimitives.Exp(_fa, _fo);
    [Benchmark] public void NdSum() => Nd.Sum(_a).Dispose();
    [Benchmark] public float TensorPrimitivesSum() => TensorPrimitives.Sum(_fa);
    [Benchmark] public void NdSumAxis0() => Nd.Sum(_m, 0).Dispose();
    [Benchmark] public void NdRelu() => Nd.Relu(_a).Dispose();
    [Benchmark] public void TensorPrimitivesRelu() => TensorPrimitives.Max(_fa, 0f, _fo);

    /// <summary>Softmax over each 1000-wide row of the (N/1000, 1000) matrix.</summary>
    [Benchmark] public void NdSoftmaxRows() => Nd.Softmax(_m).Dispose();

    [Benchmark]
    public void TensorPrimitivesSoftmaxRows()
    {
        for (int r = 0; r < N / 1000; r++)
            TensorPrimitives.SoftMax(_fa.AsSpan(r * 1000, 1000), _fo.AsSpan(r * 1000, 1000));
    }
}
