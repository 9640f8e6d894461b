using Gluon.Initializers;
using InitConstant = Gluon.Initializers.Constant;

namespace Gluon.Tests.Initialization;

/// <summary>Mixed and Load (inventory G-11).</summary>
[Collection(GlobalRandomCollection.Name)]
public class MixedLoadTests
{
    [Fact]
    public void MixedRoutesByTheFirstPatternMatchingAtTheStart()
    {
        var init = new Mixed([".*bias", "conv", ".*"], [new InitConstant(1), new InitConstant(2), new InitConstant(3)]);
        var a = Nd.Zeros(2);
        init.Init(new InitDesc("fc_bias"), a);
        Check.Close(a, [0, 0]);   // routed to Constant(1), whose bias rule gives 0
        var b = Nd.Zeros(2);
        init.Init(new InitDesc("conv0_weight"), b);
        Check.Close(b, [2, 2]);
        var c = Nd.Zeros(2);
        init.Init(new InitDesc("dense_conv_weight"), c);   // "conv" must match at the start, as re.match
        Check.Close(c, [3, 3]);
        var d = Nd.Zeros(2);
        init.Init(new InitDesc("fc_bias", new Dictionary<string, object?> { ["__init__"] = "ones" }), d);
        Check.Close(d, [1, 1]);   // the chosen initializer honours __init__
    }

    [Fact]
    public void MixedWithoutAMatchAndBadListsAreErrors()
    {
        var init = new Mixed(["bias"], [new Zero()]);
        Check.Throws<ArgumentException>(() => init.Init(new InitDesc("fc_weight"), Nd.Zeros(2)), "fc_weight", "did not match any pattern");
        Check.Throws<ArgumentException>(() => new Mixed(["a", "b"], [new Zero()]), "2 patterns but 1 initializers");
        Check.Throws<ArgumentException>(() => new Mixed(["(unclosed"], [new Zero()]), "pattern 0", "(unclosed");
    }

    [Fact]
    public void MixedDrivesParameterInitialization()
    {
        var w = new Parameter("net_fc_weight", shape: new Shape(2, 2));
        var b = new Parameter("net_fc_bias", shape: new Shape(2));
        var init = new Mixed([".*weight"], [new InitConstant(5)]);
        w.Initialize(init);
        Check.Close(w.Data(), [5, 5, 5, 5]);
        Check.Throws<ArgumentException>(() => b.Initialize(init), "net_fc_bias");
    }

    private static Dictionary<string, NDArray> Saved() => new()
    {
        ["arg:fc_weight"] = Nd.Array(new float[,] { { 1, 2 }, { 3, 4 } }),
        ["aux:bn_moving_mean"] = Nd.Array(new float[] { 5, 6, 7 }),
        ["fc_bias"] = Nd.Array(new float[] { 8, 9 }),
    };

    private static void CheckLoads(Load init)
    {
        Assert.Equal(new[] { "bn_moving_mean", "fc_bias", "fc_weight" }, init.Names.Order());
        var w = Nd.Zeros(2, 2);
        init.Init(new InitDesc("fc_weight"), w);
        Check.Close(w, [1, 2, 3, 4]);
        var m = Nd.Zeros(new Shape(3), DType.Float64);
        init.Init(new InitDesc("bn_moving_mean"), m);   // a name no rule knows: loading needs none
        Check.Close(m, [5, 6, 7]);
        Assert.Equal(DType.Float64, m.DType);
        var bias = Nd.Zeros(2);
        init.Init(new InitDesc("fc_bias"), bias);
        Check.Close(bias, [8, 9]);
        var bad = Nd.Zeros(3, 2);
        Check.Throws<ArgumentException>(() => init.Init(new InitDesc("fc_weight"), bad), "fc_weight", "Shape mismatch", "(3, 2)", "(2, 2)");
        Check.Close(bad, [0, 0, 0, 0, 0, 0], 0, 0);
    }

    [Fact]
    public void LoadFromADictionaryStripsArgAndAuxPrefixes()
    {
        var init = new Load(Saved());
        CheckLoads(init);
        Check.Throws<ArgumentException>(() => init.Init(new InitDesc("other_weight"), Nd.Zeros(2)), "other_weight", "no default Initializer");
        var withDefault = new Load(Saved(), new InitConstant(4));
        var o = Nd.Zeros(2);
        withDefault.Init(new InitDesc("other_weight"), o);
        Check.Close(o, [4, 4]);
    }

    [Fact]
    public void LoadFromAFileSavedWithNdSave()
    {
        string dir = Path.Combine(Path.GetTempPath(), "gluon-init-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "net.params");
            Nd.Save(file, Saved());
            var init = new Load(file, verbose: true);
            var lines = new List<string>();
            Initializer.Logged += lines.Add;
            try { CheckLoads(init); }
            finally { Initializer.Logged -= lines.Add; }
            Assert.Contains("Initialized fc_weight by loading", lines);

            // JSON round trip keeps the file and the default.
            var again = Initializer.Create(new Load(file, new Zero()).Dumps());
            var o = Nd.Ones(2);
            again.Init(new InitDesc("other_weight"), o);
            Check.Close(o, [0, 0]);

            string list = Path.Combine(dir, "list.params");
            Nd.Save(list, new[] { Nd.Zeros(2) });
            Check.Throws<ArgumentException>(() => new Load(list), "unnamed list");
        }
        finally { Directory.Delete(dir, true); }
    }
}
