using BenchmarkDotNet.Attributes;
using Gluon.Cpu.Kernels;

namespace Gluon.Bench;

/// <summary>
/// Float GEMM through <see cref="Gemm.Run{T}"/> on preallocated matrices: square sizes, and the
/// skinny 128×784 · (256×784)ᵀ product of an MLP's first FullyConnected layer at batch 128.
/// GFLOP/s = 2·m·n·k / time; compare with PERFORMANCE.md's peers measured in the same minute.
/// </summary>
public unsafe class GemmBench
{
    [Params(64, 256, 1024, 2048)]
    public int N;

    private float[] _a = null!, _b = null!, _c = null!;
    private float[] _x = null!, _w = null!, _y = null!;

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
        _x = Rand(128 * 784);
        _w = Rand(256 * 784);
        _y = new float[128 * 256];
    }

    [Benchmark]
    public void Square()
    {
        fixed (float* a = _a, b = _b, c = _c)
            Gemm.Run(false, false, N, N, N, 1f, a, N, b, N, 0f, c, N);
    }

    /// <summary>y[128×256] = x[128×784]·Wᵀ with W stored 256×784 (run once per N value, it does not depend on N).</summary>
    [Benchmark]
    public void Skinny128x784x256()
    {
        fixed (float* x = _x, w = _w, y = _y)
            Gemm.Run(false, true, 128, 256, 784, 1f, x, 784, w, 784, 0f, y, 256);
    }
}
