using Gluon.Ops;

namespace Gluon.Tests.Ops;

/// <summary>
/// BatchNorm with the moving statistics (inference, or use_global_stats) on the plane sizes of a
/// CNN: y = γ(x − mean)/√(var + eps) + β per channel, checked on planes of every vector remainder,
/// one to several images, and written in place (out = data).
/// </summary>
public class BatchNormInferenceTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var d = new TheoryData<int, int, int>();
        foreach (int inner in new[] { 16, 17, 24, 31, 49, 63, 64, 196 })
            foreach (var (n, c) in new[] { (1, 3), (2, 5), (3, 1) })
                d.Add(n, c, inner);
        return d;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesTheFormulaOnEveryPlaneSize(int n, int c, int inner)
    {
        int[] shape = [n, c, inner];
        var x = Check.Rand(n * c * inner, inner, -2, 3);
        var g = Check.Rand(c, 2, 0.5, 1.5);
        var b = Check.Rand(c, 3);
        var mm = Check.Rand(c, 4);
        var mv = Check.Rand(c, 5, 0.5, 1.5);
        foreach (bool fixGamma in new[] { false, true })
        {
            var expected = new double[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                int k = i / inner % c;
                expected[i] = (fixGamma ? 1 : g[k]) * (x[i] - mm[k]) / Math.Sqrt(mv[k] + 1e-5) + b[k];
            }
            foreach (var dt in new[] { DType.Float64, DType.Float32 })
            {
                NDArray Arr(double[] v, params int[] s) => Nd.Array<double>(v, new Shape(s)).AsType(dt, copy: false);
                double tol = dt == DType.Float64 ? 1e-12 : 2e-6;
                var y = Nd.BatchNorm(Arr(x, shape), Arr(g, c), Arr(b, c), Arr(mm, c), Arr(mv, c), eps: 1e-5, fixGamma: fixGamma, useGlobalStats: true)[0];
                Check.Close(y, expected, tol, tol, $"{dt} fix_gamma={fixGamma}");

                // In place, as an executor's in-place plan or out= runs it.
                var xi = Arr(x, shape);
                var outs = new[] { xi, Nd.Zeros(new Shape(c), dtype: dt), Nd.Zeros(new Shape(c), dtype: dt) };
                using (Autograd.PredictMode())
                    Imperative.Invoke(OpRegistry.Get("BatchNorm"), new OpAttrs { { "eps", 1e-5 }, { "fix_gamma", fixGamma } },
                        [xi, Arr(g, c), Arr(b, c), Arr(mm, c), Arr(mv, c)], outputs: outs);
                Check.Close(xi, expected, tol, tol, $"in place {dt} fix_gamma={fixGamma}");
                Check.Close(outs[1], mm, tol, tol, "mean output");
                Check.Close(outs[2], mv, tol, tol, "var output");
            }
        }
    }

    [Fact]
    public void LargeBatchSplitsOverThreads()
    {
        int[] shape = [4, 64, 28, 28];
        int c = 64, inner = 784;
        var x = Check.Rand(4 * 64 * 784, 11, -2, 2);
        var g = Check.Rand(c, 12, 0.5, 1.5);
        var b = Check.Rand(c, 13);
        var mm = Check.Rand(c, 14);
        var mv = Check.Rand(c, 15, 0.5, 1.5);
        var expected = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int k = i / inner % c;
            expected[i] = g[k] * (x[i] - mm[k]) / Math.Sqrt(mv[k] + 1e-3) + b[k];
        }
        NDArray F(double[] v, params int[] s) => Nd.Array<double>(v, new Shape(s)).AsType(DType.Float32, copy: false);
        NDArray y;
        using (Autograd.PredictMode()) y = Nd.BatchNorm(F(x, shape), F(g, c), F(b, c), F(mm, c), F(mv, c), fixGamma: false)[0];
        Check.Close(y, expected, 2e-6, 2e-6);
    }
}

/// <summary>
/// The per-channel scale-shift kernel itself, with and without the fused relu (NaN and −0 give +0
/// as MXNet's relu), on long planes and on short ones (run as whole rows of expanded factors).
/// </summary>
public unsafe class ChannelScaleShiftTests
{
    [Theory]
    [InlineData(1, 3, 16)]
    [InlineData(2, 5, 49)]
    [InlineData(3, 2, 70)]
    [InlineData(8, 64, 196)]
    [InlineData(5, 7, 1)]
    [InlineData(3, 5, 3)]
    [InlineData(40, 3, 15)]
    [InlineData(2000, 20, 1)]
    public void ScaleShiftAndReluMatchTheFormula(int o, int c, int inner)
    {
        int n = o * c * inner;
        var x = new float[n];
        var r = new Random(inner);
        for (int i = 0; i < n; i++) x[i] = i % 11 == 0 ? float.NaN : (float)(r.NextDouble() * 4 - 2);
        var scale = new float[c];
        var shift = new float[c];
        for (int k = 0; k < c; k++) { scale[k] = (float)(0.5 + r.NextDouble()); shift[k] = (float)(r.NextDouble() - 0.5); }
        foreach (bool relu in new[] { false, true })
        {
            var y = new float[n];
            fixed (float* xp = x, yp = y, sp = scale, hp = shift)
                Gluon.Cpu.Kernels.ChannelScaleShift.Run(xp, yp, o, c, inner, sp, hp, relu);
            for (int i = 0; i < n; i++)
            {
                int k = i / inner % c;
                float v = x[i] * scale[k] + shift[k];
                float e = relu ? (v > 0 ? v : 0) : v;
                if (float.IsNaN(e)) Assert.True(float.IsNaN(y[i]), $"index {i}: expected NaN, got {y[i]}");
                else
                {
                    Assert.True(Math.Abs(y[i] - e) <= 1e-6f * (1 + Math.Abs(e)), $"relu={relu} index {i}: expected {e}, got {y[i]}");
                    if (relu) Assert.False(float.IsNegative(y[i]), $"index {i}: relu gave {y[i]}");
                }
            }
        }
    }
}
