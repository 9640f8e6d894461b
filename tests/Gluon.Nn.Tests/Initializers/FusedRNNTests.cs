using Gluon.Initializers;
using InitConstant = Gluon.Initializers.Constant;

namespace Gluon.Tests.Initialization;

/// <summary>FusedRNN (inventory G-10): piece layout, forget-gate biases, fallback to the global initializer.</summary>
public class FusedRNNTests
{
    // LSTM, 2 layers, bidirectional, 3 hidden, 5 inputs. Weights: layer 0 per direction
    // 4·3·5 + 4·3·3 = 96, layer 1 per direction 4·3·6 + 4·3·3 = 108: 408 in all. Then for each
    // (layer, direction) a 24-long bias block [i2h i f c o | h2h i f c o], 3 each.
    private const int Size = 504, WeightCount = 408;

    private static double[] Expected(Func<int, double> weight, double forgetBias)
    {
        var e = new double[Size];
        for (int i = 0; i < WeightCount; i++) e[i] = weight(i);
        for (int block = 0; block < 4; block++)
            for (int k = 0; k < 3; k++)
            {
                e[WeightCount + block * 24 + 3 + k] = forgetBias;    // i2h_f
                e[WeightCount + block * 24 + 15 + k] = forgetBias;   // h2h_f
            }
        return e;
    }

    [Fact]
    public void LstmPiecesGetTheirInitializerAndForgetBias()
    {
        var init = new FusedRNN(new InitConstant(0.5), 3, 2, "lstm", bidirectional: true, forgetBias: 2);
        Assert.Equal(5, init.NumInputFor(Size));
        var pieces = init.Pieces(5);
        Assert.Equal(Size, pieces.Sum(p => p.Shape.Size));
        Assert.Equal(("l0_i2h_i_weight", new Shape(3, 5)), pieces[0]);
        Assert.Equal(("l0_h2h_i_weight", new Shape(3, 3)), pieces[4]);
        Assert.Equal(("r0_i2h_i_weight", new Shape(3, 5)), pieces[8]);
        Assert.Equal(("l1_i2h_i_weight", new Shape(3, 6)), pieces[16]);
        Assert.Equal(("l0_i2h_i_bias", new Shape(3)), pieces[32]);

        var arr = Nd.Zeros(Size);
        new Uniform().Init(new InitDesc("rnn_parameters", new Dictionary<string, object?> { ["__init__"] = init }), arr);
        Check.Close(arr, Expected(_ => 0.5, 2), 0, 0);   // Constant's bias rule gives 0 to the other biases
    }

    [Fact]
    public void WithoutItsOwnInitTheGlobalInitializerFillsThePieces()
    {
        Nd.Random.Seed(8);
        var arr = Nd.Zeros(Size);
        var desc = new InitDesc("rnn_parameters", new Dictionary<string, object?> { ["__init__"] = "[\"fusedrnn\", {\"init\": null, \"num_hidden\": 3, \"num_layers\": 2, \"mode\": \"lstm\", \"bidirectional\": true}]" });
        new Uniform(0.1).Init(desc, arr);
        var v = arr.ToArray<double>();
        for (int i = 0; i < WeightCount; i++) Assert.InRange(v[i], -0.1, 0.1);
        Assert.True(v.Take(WeightCount).Count(x => x != 0) > WeightCount - 2, "weights should be random draws");
        var expectedBiases = Expected(_ => 0, 1.0)[WeightCount..];
        Check.Close(expectedBiases, v[WeightCount..], 0, 0, "biases");
    }

    [Fact]
    public void BadSizesAndMissingInitializersAreErrors()
    {
        var init = new FusedRNN(null, 3, 1, "gru");
        Check.Throws<ArgumentException>(() => new Uniform().Init(new InitDesc("p", new Dictionary<string, object?> { ["__init__"] = init }), Nd.Zeros(100)), "100 elements", "gru");
        Check.Throws<ArgumentException>(() => new Uniform().Init(new InitDesc("p", new Dictionary<string, object?> { ["__init__"] = init }), Nd.Zeros(2, 2)), "1-D");
        Check.Throws<ArgumentException>(() => init.Init(new InitDesc("p_weight"), Nd.Zeros(init.Pieces(4).Sum(p => p.Shape.Size))), "no initializer for the pieces");
        Check.Throws<ArgumentException>(() => new FusedRNN(null, 3, 1, "rnn"), "unknown mode 'rnn'");
    }
}
