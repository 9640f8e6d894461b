using Gluon.Initializers;

namespace Gluon.Tests.Initialization;

/// <summary>Bilinear (G-08) and LSTMBias (G-09): deterministic fills against the formulas.</summary>
public class KernelInitializerTests
{
    [Theory]
    [InlineData(2, 3, 4, 4)]
    [InlineData(1, 1, 3, 5)]
    [InlineData(3, 1, 6, 2)]
    [InlineData(1, 2, 1, 1)]
    public void BilinearMatchesTheUpsamplingKernel(int n, int c, int h, int w)
    {
        var shape = new Shape(n, c, h, w);
        var arr = Nd.Zeros(shape);
        new Bilinear().Init("deconv0_weight", arr);
        double f = Math.Ceiling(w / 2.0);
        double center = (2 * f - 1 - f % 2) / (2 * f);
        var expected = new double[shape.Size];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < c; b++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        expected[((a * c + b) * h + y) * w + x] = (1 - Math.Abs(x / f - center)) * (1 - Math.Abs(y / f - center));
        Check.Close(arr, expected, 1e-6, 1e-7);
    }

    [Fact]
    public void BilinearFourByFourIsTheKnownKernel()
    {
        // f = 2, c = 0.75: the 1-D profile is 0.25, 0.75, 0.75, 0.25.
        var arr = Nd.Zeros(1, 1, 4, 4);
        new Bilinear().Init("up_weight", arr);
        double[] p = [0.25, 0.75, 0.75, 0.25];
        var expected = new double[16];
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) expected[y * 4 + x] = p[y] * p[x];
        Check.Close(arr, expected);
        Check.Throws<ArgumentException>(() => new Bilinear().Init("up_weight", Nd.Zeros(3, 3)), "Bilinear", "up_weight", "4-D");
    }

    [Fact]
    public void LstmBiasSetsOnlyTheForgetGateQuarter()
    {
        var arr = Nd.Full(new Shape(20), 9);
        var desc = new InitDesc("lstm0_i2h_bias", new Dictionary<string, object?> { ["__init__"] = new LSTMBias(2.5) });
        new Uniform().Init(desc, arr);   // the explicit __init__ wins over the bias rule
        var expected = new double[20];
        for (int i = 5; i < 10; i++) expected[i] = 2.5;
        Check.Close(arr, expected, 0, 0);
    }

    [Fact]
    public void LstmBiasOnAMatrixSetsRowsOfTheSecondQuarter()
    {
        var arr = Nd.Full(new Shape(9, 2), 4);   // ⌊9/4⌋ = 2 rows per gate: rows 2 and 3
        new LSTMBias().Init(new InitDesc("x", new Dictionary<string, object?> { ["__init__"] = "lstmbias" }), arr);
        Check.Close(arr, [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 0);
        Check.Throws<ArgumentException>(() => new LSTMBias().Init(new InitDesc("s", new Dictionary<string, object?> { ["__init__"] = "lstmbias" }), Nd.Zeros(Shape.Scalar)), "LSTMBias", "scalar");
    }
}
