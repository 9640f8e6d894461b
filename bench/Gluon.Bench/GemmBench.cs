using BenchmarkDotNet.Attributes;
using Gluon.Cpu.Kernels;

namespace Gluon.Bench;

/// <summary>
/// Float GEMM through <see cref="Gemm.Run{T}"/> on preallocated square matrices (the skinny
/// shapes are in <see cref="GemmSkinnyBench"/>).
/// GFLOP/s = 2·m·n·k / time; compare with PERFORMANCE.md's peers measured in the same minute.
/// </summary>
public unsafe class GemmBench
{
    [Params(64, 256, 512, 1024, 2048)]
    public int N;

    private float[] _a = null!, _b = null!, _c = null!;

    [GlobalSetup]
    public void Setup()
    {
        var r = new Random(0);
        float[] Rand(int count)
        {
            var v = new float[count];
            for (int i = 0; i < count; i++) v[i] = (float)(r.NextDouble() * 2 - 1);
            return v;
        }
        _a = Rand(N * N);
        _b = Rand(N * N);
        _c = new float[N * N];
    }

    [Benchmark]
    public void Square()
    {
        fixed (float* a = _a, b = _b, c = _c)
            Gemm.Run(false, false, N, N, N, 1f, a, N, b, N, 0f, c, N);
    }
}
