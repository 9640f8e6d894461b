using BenchmarkDotNet.Attributes;
using Gluon.Cpu.Kernels;

namespace Gluon.Bench;

/// <summary>
/// Skinny float GEMMs through <see cref="Gemm.Run{T}"/>: a short-and-wide and a tall-and-narrow
/// product, a matrix-vector product (m = 1), and an MLP's first layer x[128×784]·W[256×784]ᵀ.
/// Shape "m×n×k", with a trailing T when B is stored transposed (n×k).
/// </summary>
public unsafe class GemmSkinnyBench
{
    [Params("128x4096x1024", "4096x128x1024", "1x4096x1024", "128x256x784T")]
    public string Shape = "";

    private int _m, _n, _k;
    private bool _tb;
    private float[] _a = null!, _b = null!, _c = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tb = Shape.EndsWith('T');
        var d = Shape.TrimEnd('T').Split('x').Select(int.Parse).ToArray();
        (_m, _n, _k) = (d[0], d[1], d[2]);
        var r = new Random(0);
        _a = Enumerable.Range(0, _m * _k).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
        _b = Enumerable.Range(0, _k * _n).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
        _c = new float[_m * _n];
    }

    [Benchmark]
    public void Run()
    {
        fixed (float* a = _a, b = _b, c = _c)
            Gemm.Run(false, _tb, _m, _n, _k, 1f, a, _k, b, _tb ? _k : _n, 0f, c, _n);
    }
}
