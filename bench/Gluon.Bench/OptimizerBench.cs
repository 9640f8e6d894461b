using BenchmarkDotNet.Attributes;

namespace Gluon.Bench;

/// <summary>
/// One Adam step and one momentum-SGD step on N float32 weights: the fused single-pass op
/// (what the optimizers call) against the same rule composed from elementwise Nd ops (one pass
/// and one temporary per op) and against a plain scalar C# loop on arrays (the no-dispatch floor
/// for a scalar implementation).
/// </summary>
[MemoryDiagnoser]
public class OptimizerBench
{
    [Params(1_000_000)]
    public int N;

    private NDArray _w = null!, _g = null!, _m = null!, _v = null!;
    private float[] _fw = null!, _fg = null!, _fm = null!, _fv = null!;

    [GlobalSetup]
    public void Setup()
    {
        _w = Nd.Random.Uniform(-1, 1, new Shape(N));
        _g = Nd.Random.Uniform(-1, 1, new Shape(N));
        _m = Nd.Zeros(new Shape(N));
        _v = Nd.Zeros(new Shape(N));
        _fw = _w.ToArray<float>();
        _fg = _g.ToArray<float>();
        _fm = new float[N];
        _fv = new float[N];
    }

    [Benchmark] public void FusedAdam() => Nd.AdamUpdate(_w, _g, _m, _v, 1e-3, wd: 1e-4, rescaleGrad: 0.5, @out: _w);

    [Benchmark]
    public void ComposedAdam()
    {
        var g = _g * 0.5 + _w * 1e-4;
        (_m * 0.9 + g * 0.1).CopyTo(_m);
        (_v * 0.999 + Nd.Square(g) * 0.001).CopyTo(_v);
        (_w - _m * 1e-3 / (Nd.Sqrt(_v) + 1e-8)).CopyTo(_w);
    }

    [Benchmark]
    public void ScalarLoopAdam()
    {
        float[] w = _fw, g = _fg, m = _fm, v = _fv;
        for (int i = 0; i < w.Length; i++)
        {
            float gi = 0.5f * g[i] + 1e-4f * w[i];
            m[i] = 0.9f * m[i] + 0.1f * gi;
            v[i] = 0.999f * v[i] + 0.001f * gi * gi;
            w[i] -= 1e-3f * m[i] / (MathF.Sqrt(v[i]) + 1e-8f);
        }
    }

    [Benchmark] public void FusedSgdMom() => Nd.SgdMomUpdate(_w, _g, _m, 0.1, 0.9, 1e-4, 0.5, @out: _w);

    [Benchmark]
    public void ComposedSgdMom()
    {
        (_m * 0.9 - _w * 1e-5 - _g * 0.05).CopyTo(_m);
        (_w + _m).CopyTo(_w);
    }
}
