using Gluon.Nn;

namespace Gluon.Tests.Nn;

/// <summary>LeakyReLU, PReLU, ELU, SELU, GELU, Swish (inventory rows C-20..C-25) against scalar formulas.</summary>
public class ActivationLayerTests
{
    public ActivationLayerTests() => NameManager.ResetGlobal();

    private const double SeluLambda = 1.0507009873554804934, SeluAlpha = 1.6732632423543772848;

    // Inputs kept away from 0, where these functions have a kink (finite differences straddle it).
    private static NDArray Input(int seed)
    {
        var v = Check.Rand(24, seed, -3, 3).Select(a => Math.Abs(a) < 0.05 ? a + 0.1 : a).ToArray();
        return Nd.Array<double>(v, new Shape(2, 3, 4));
    }

    private static double Erf(double x)
    {
        // Abramowitz-Stegun 7.1.26 is too coarse; integrate the series instead (|x| ≤ 3 here).
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    public static TheoryData<string> Layers => new() { "leaky", "elu", "selu", "gelu", "swish" };

    private static (HybridBlock Block, Func<double, double> F, string Prefix) Make(string kind) => kind switch
    {
        "leaky" => (new LeakyReLU(0.1), v => v > 0 ? v : 0.1 * v, "leakyrelu0_"),
        "elu" => (new ELU(0.7), v => v > 0 ? v : 0.7 * (Math.Exp(v) - 1), "elu0_"),
        "selu" => (new SELU(), v => SeluLambda * (v > 0 ? v : SeluAlpha * (Math.Exp(v) - 1)), "selu0_"),
        "gelu" => (new GELU(), v => 0.5 * v * (1 + Erf(v / Math.Sqrt(2))), "gelu0_"),
        "swish" => (new Swish(1.5), v => v / (1 + Math.Exp(-1.5 * v)), "swish0_"),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void MatchesTheScalarFormulaWithFiniteDifferenceGradients(string kind)
    {
        var (block, f, prefix) = Make(kind);
        Assert.Equal(prefix, block.Prefix);
        Assert.Empty(block.CollectParams().Keys);
        var x = Input(3);
        Check.Close(block.Call(x), x.ToArray<double>().Select(f).ToArray(), 1e-10, 1e-12);
        LayerCheck.Gradients(block, x);
    }

    [Fact]
    public void ReprsAndArgumentChecks()
    {
        Assert.Equal("LeakyReLU(0.1)", new LeakyReLU(0.1).ToString());
        Assert.Equal("LeakyReLU(0.0)", new LeakyReLU(0).ToString());
        Assert.Equal("ELU(\n\n)", new ELU().ToString());
        Assert.Equal(1.0, new ELU().Alpha);
        Assert.Equal(1.0, new Swish().Beta);
        Check.Throws<ArgumentOutOfRangeException>(() => new LeakyReLU(-0.1), "no less than 0");
    }

    [Fact]
    public void PReLUHasOneSharedSlopeByDefault()
    {
        var p = new PReLU();
        Assert.Equal(["prelu0_alpha"], p.CollectParams().Keys);
        Assert.Equal(new Shape(1), p.Alpha.Shape);
        p.Initialize();
        Check.Close(p.Alpha.Data(), [0.25]);
        var x = Input(4).AsType(DType.Float32);
        var expected = x.ToArray<float>().Select(v => v > 0 ? (double)v : 0.25 * v).ToArray();
        Check.Close(p.Call(x), expected, 1e-6, 1e-7);
    }

    [Fact]
    public void PReLUWithChannelsAppliesOneSlopePerChannelOnAxis1()
    {
        var p = new PReLU(new Initializers.Constant(0.1), inChannels: 3);
        Assert.Equal(new Shape(3), p.Alpha.Shape);
        p.Initialize();
        p.Cast(DType.Float64);
        var alpha = LayerCheck.Randomize(p.Alpha, 5, 0.1, 0.9);
        var x = Input(6);
        var xv = x.ToArray<double>();
        var expected = new double[xv.Length];
        for (int i = 0; i < xv.Length; i++) expected[i] = xv[i] > 0 ? xv[i] : alpha[i / 4 % 3] * xv[i];
        Check.Close(p.Call(x), expected, 1e-12, 1e-12);
        LayerCheck.Gradients(p, x);
        Check.Throws<ArgumentOutOfRangeException>(() => new PReLU(inChannels: 0), "in_channels");
    }
}
