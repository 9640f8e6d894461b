using Gluon.Initializers;
using InitConstant = Gluon.Initializers.Constant;

namespace Gluon.Tests.Initialization;

/// <summary>Initializer.__call__ dispatch by name and __init__, legacy names, verbosity (inventory (g), G-12).</summary>
[Collection(GlobalRandomCollection.Name)]
public class InitializerDispatchTests
{
    [Theory]
    [InlineData("fc0_weight", 7)]
    [InlineData("fc0_bias", 0)]
    [InlineData("bn0_gamma", 1)]
    [InlineData("bn0_beta", 0)]
    [InlineData("q_min", 0)]
    [InlineData("q_max", 1)]
    [InlineData("fc0_bias_quantize", 0)]
    public void NameSuffixPicksTheRule(string name, double expected)
    {
        var arr = Nd.Full(new Shape(3), -5);
        new InitConstant(7).Init(new InitDesc(name), arr);
        Check.Close(arr, [expected, expected, expected], 0, 0);
    }

    [Fact]
    public void UnknownNamesAreAnErrorAndLeaveTheArrayAlone()
    {
        var arr = Nd.Full(new Shape(2), -5);
        Check.Throws<ArgumentException>(() => new Uniform().Init(new InitDesc("bn0_running_mean"), arr), "Unknown initialization pattern for bn0_running_mean");
        Check.Close(arr, [-5, -5], 0, 0);
    }

    [Fact]
    public void ExplicitInitWinsAndGlobalInitIsRecorded()
    {
        var global = new Uniform();
        var desc = new InitDesc("bn0_running_mean", new Dictionary<string, object?> { ["__init__"] = "[\"constant\", {\"value\": 3}]" });
        var arr = Nd.Zeros(2);
        global.Init(desc, arr);
        Check.Close(arr, [3, 3], 0, 0);
        Assert.Same(global, desc.GlobalInit);
        new Zero().Init(desc, arr);
        Assert.Same(global, desc.GlobalInit);   // only the first dispatcher is recorded

        var bias = new InitDesc("fc_bias", new Dictionary<string, object?> { ["__init__"] = new One() });
        var b = Nd.Zeros(2);
        global.Init(bias, b);
        Check.Close(b, [1, 1], 0, 0);   // __init__ runs the weight rule even for a bias name
    }

    [Fact]
    public void QuantizedWeightIsOneRandomInt8ValueEverywhere()
    {
        Nd.Random.Seed(3);
        var arr = Nd.Zeros(new Shape(10), DType.Int32);
        new Zero().Init(new InitDesc("conv_weight_quantize"), arr);
        var v = arr.ToArray<int>();
        Assert.All(v, x => Assert.Equal(v[0], x));
        Assert.InRange(v[0], -127, 126);
    }

    [Fact]
    public void LegacyStringNamesFollowMxnetsLegacyRules()
    {
        var init = new InitConstant(7);
        var up = Nd.Zeros(1, 1, 4, 4);
        init.Init("upsampling0_weight", up);
        var expected = Nd.Zeros(1, 1, 4, 4);
        new Bilinear().Init(new InitDesc("x_weight"), expected);
        Check.Close(expected, up, 0, 0);

        var stn = Nd.Full(new Shape(6), 9);
        init.Init("stn_loc_bias", stn);
        Check.Close(stn, [1, 0, 0, 0, 1, 0], 0, 0);
        var stnW = Nd.Full(new Shape(6), 9);
        init.Init("stn_loc_weight", stnW);
        Check.Close(stnW, [0, 0, 0, 0, 0, 0], 0, 0);

        (string Name, double Value)[] rules = [("bn_moving_mean", 0), ("bn_moving_var", 1), ("bn_moving_inv_var", 0), ("x_moving_avg", 0), ("fc_weight", 7), ("fc_bias", 0), ("g_gamma", 1)];
        foreach (var (name, value) in rules)
        {
            var a = Nd.Full(new Shape(2), 9);
            init.Init(name, a);
            Check.Close(a, [value, value], 0, 0, name);
        }
        Check.Throws<ArgumentException>(() => init.Init("stn_loc_bias", Nd.Zeros(4)), "stn_loc_bias", "(6,)");
        Check.Throws<ArgumentException>(() => init.Init("mystery", Nd.Zeros(4)), "Unknown initialization pattern for mystery");
    }

    [Fact]
    public void VerbosityLogsTheRuleAndTheRootMeanSquare()
    {
        var lines = new List<string>();
        Initializer.Logged += lines.Add;
        try
        {
            var init = new InitConstant(2).SetVerbosity(true);
            init.Init(new InitDesc("verbose_test_weight"), Nd.Zeros(4));
            init.Init(new InitDesc("verbose_test_gamma"), Nd.Zeros(4));
            new InitConstant(2).SetVerbosity(true, a => "custom").Init(new InitDesc("verbose_test2_bias"), Nd.Zeros(4));
            new InitConstant(2).Init(new InitDesc("verbose_test3_weight"), Nd.Zeros(4));
        }
        finally { Initializer.Logged -= lines.Add; }
        Assert.Contains("Initialized verbose_test_weight as weight: 2", lines);   // ‖(2,2,2,2)‖/√4 = 2
        Assert.Contains("Initialized verbose_test_gamma as gamma: 1", lines);
        Assert.Contains("Initialized verbose_test2_bias as bias: custom", lines);
        Assert.DoesNotContain(lines, l => l.Contains("verbose_test3"));
    }

    [Fact]
    public void ParameterDictInitializeVerboseLogsEachParameter()
    {
        var dict = new ParameterDict("vdict_");
        dict.Get("fc_weight", shape: new Shape(2, 2));
        dict.Get("fc_bias", shape: new Shape(2), init: new InitConstant(3));
        var lines = new List<string>();
        Initializer.Logged += lines.Add;
        try { dict.Initialize(new One(), verbose: true); }
        finally { Initializer.Logged -= lines.Add; }
        Assert.Contains("Initialized vdict_fc_weight as weight: 1", lines);
        Assert.Contains("Initialized vdict_fc_bias as [\"constant\", {\"value\": 3.0}]: 3", lines);
    }
}
