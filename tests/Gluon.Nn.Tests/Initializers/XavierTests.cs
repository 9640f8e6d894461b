using Gluon.Initializers;

namespace Gluon.Tests.Initialization;

/// <summary>Xavier and MSRAPrelu (inventory G-06, G-07): bounds and variance against the fan formulas.</summary>
public class XavierTests
{
    // (out, in, kh, kw): fan_in = 64·9 = 576, fan_out = 128·9 = 1152.
    private static readonly Shape WeightShape = new(128, 64, 3, 3);

    private static double Factor(string factorType) => factorType switch
    {
        "avg" => (576 + 1152) / 2.0,
        "in" => 576,
        _ => 1152,
    };

    [Theory]
    [InlineData("avg", 3.0)]
    [InlineData("in", 2.0)]
    [InlineData("out", 6.0)]
    public void UniformStaysWithinScaleWithVarianceScaleSquaredOverThree(string factorType, double magnitude)
    {
        Nd.Random.Seed(11);
        double scale = Math.Sqrt(magnitude / Factor(factorType));
        var arr = Nd.Zeros(WeightShape);
        new Xavier("uniform", factorType, magnitude).Init("conv0_weight", arr);
        var (mean, var, maxAbs) = Stats.Moments(arr);
        Assert.True(maxAbs <= scale * (1 + 1e-6), $"max |w| {maxAbs} exceeds scale {scale}");
        Assert.True(maxAbs > scale * 0.99, $"max |w| {maxAbs} far below scale {scale}: wrong bound");
        Assert.InRange(var, scale * scale / 3 * 0.97, scale * scale / 3 * 1.03);
        Assert.InRange(mean, -5 * scale / Math.Sqrt(3 * WeightShape.Size), 5 * scale / Math.Sqrt(3 * WeightShape.Size));
        Assert.Equal(scale, new Xavier("uniform", factorType, magnitude).ScaleFor(WeightShape), 12);
    }

    [Theory]
    [InlineData("avg")]
    [InlineData("in")]
    [InlineData("out")]
    public void GaussianHasStdScale(string factorType)
    {
        Nd.Random.Seed(12);
        double scale = Math.Sqrt(3 / Factor(factorType));
        var arr = Nd.Zeros(WeightShape);
        new Xavier("gaussian", factorType).Init("conv0_weight", arr);
        var (mean, var, maxAbs) = Stats.Moments(arr);
        Assert.InRange(Math.Sqrt(var), scale * 0.98, scale * 1.02);
        Assert.InRange(mean, -5 * scale / Math.Sqrt(WeightShape.Size), 5 * scale / Math.Sqrt(WeightShape.Size));
        Assert.True(maxAbs > 3 * scale, "gaussian draws should exceed 3 sigma somewhere in 73728 samples");
    }

    [Fact]
    public void TwoDimensionalWeightUsesUnitReceptiveField()
    {
        Nd.Random.Seed(13);
        var arr = Nd.Zeros(300, 500);
        new Xavier("gaussian", "in", 2).Init("fc_weight", arr);
        Assert.InRange(Math.Sqrt(Stats.Moments(arr).Var), Math.Sqrt(2.0 / 500) * 0.98, Math.Sqrt(2.0 / 500) * 1.02);
    }

    [Fact]
    public void VectorsAndBadTypesAreRejected()
    {
        Check.Throws<ArgumentException>(() => new Xavier().Init("fc_weight", Nd.Zeros(10)), "Xavier", "fc_weight", "at least 2D");
        Check.Throws<ArgumentException>(() => new Xavier(rndType: "normal"), "rnd_type='normal'");
        Check.Throws<ArgumentException>(() => new Xavier(factorType: "sum"), "factor_type='sum'");
        Check.Throws<ArgumentException>(() => new MSRAPrelu(factorType: "x"), "factor_type='x'");
    }

    [Theory]
    [InlineData("in", 0.25)]
    [InlineData("avg", 0.0)]
    [InlineData("out", 1.0)]
    public void MsraPreluHasStdOfXavierGaussianWithMagnitudeTwoOverOnePlusSlopeSquared(string factorType, double slope)
    {
        Nd.Random.Seed(14);
        double std = Math.Sqrt(2 / (1 + slope * slope) / Factor(factorType));
        var init = new MSRAPrelu(factorType, slope);
        Assert.Equal("gaussian", init.RndType);
        Assert.Equal(2 / (1 + slope * slope), init.Magnitude, 12);
        var arr = Nd.Zeros(WeightShape);
        init.Init("conv1_weight", arr);
        var (mean, var, _) = Stats.Moments(arr);
        Assert.InRange(Math.Sqrt(var), std * 0.98, std * 1.02);
        Assert.InRange(mean, -5 * std / Math.Sqrt(WeightShape.Size), 5 * std / Math.Sqrt(WeightShape.Size));
    }

    [Fact]
    public void ParameterInitializeWithXavierFillsTheDeclaredShape()
    {
        Nd.Random.Seed(15);
        var p = new Parameter("dense9_weight", shape: new Shape(40, 60));
        p.Initialize(new Xavier());
        double scale = Math.Sqrt(3 / 50.0);
        Assert.All(p.Data().ToArray<float>(), v => Assert.InRange(v, -scale, scale));
    }
}
