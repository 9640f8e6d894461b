using Gluon.Initializers;
using InitConstant = Gluon.Initializers.Constant;

namespace Gluon.Tests.Initialization;

/// <summary>Create by name and by the JSON of Dumps (inventory (g) preamble, G-12).</summary>
[Collection(GlobalRandomCollection.Name)]
public class InitializerRegistryTests
{
    public static TheoryData<string, Initializer> All() => new()
    {
        { "zero", new Zero() },
        { "one", new One() },
        { "constant", new InitConstant(2.5) },
        { "constant", new InitConstant(Nd.Array(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } })) },
        { "uniform", new Uniform(0.3) },
        { "normal", new Normal(0.2) },
        { "xavier", new Xavier("gaussian", "out", 2.34) },
        { "msraprelu", new MSRAPrelu("in", 0.1) },
        { "orthogonal", new Orthogonal(0.9, "normal") },
        { "bilinear", new Bilinear() },
        { "lstmbias", new LSTMBias(0.5) },
        { "fusedrnn", new FusedRNN(new Xavier(), 3, 2, "lstm", true, 0.5) },
        { "fusedrnn", new FusedRNN(null, 4, 1, "gru") },
        { "mixed", new Mixed([".*bias", ".*"], [new Zero(), new Xavier(magnitude: 2)]) },
    };

    [Theory]
    [MemberData(nameof(All))]
    public void DumpsRoundTripsThroughCreate(string name, Initializer init)
    {
        string json = init.Dumps();
        Assert.StartsWith($"[\"{name}\", {{", json);
        var again = Initializer.Create(json);
        Assert.Equal(init.GetType(), again.GetType());
        Assert.Equal(json, again.Dumps());
        Assert.Same(init, Initializer.Create((object)init));

        // Same behaviour after the round trip, on a shape every initializer accepts.
        var shape = json.Contains("[[") ? new Shape(2, 3)
            : init is FusedRNN f ? new Shape(f.Pieces(5).Sum(p => p.Shape.Size))
            : new Shape(8, 6, 4, 4);
        var a = Nd.Zeros(shape);
        var b = Nd.Zeros(shape);
        const string desc = "k_weight";
        // FusedRNN without its own init falls back to the global one: give it a global Uniform.
        var descA = new InitDesc(desc, new Dictionary<string, object?> { ["__init__"] = init });
        var descB = new InitDesc(desc, new Dictionary<string, object?> { ["__init__"] = again });
        Nd.Random.Seed(5); new Uniform().Init(descA, a);
        Nd.Random.Seed(5); new Uniform().Init(descB, b);
        Check.Close(a, b, 0, 0);
    }

    [Fact]
    public void DumpsWritesWhatPythonJsonDumpsWrites()
    {
        Assert.Equal("[\"normal\", {\"sigma\": 0.5}]", new Normal(0.5).Dumps());
        Assert.Equal("[\"xavier\", {\"rnd_type\": \"uniform\", \"factor_type\": \"in\", \"magnitude\": 2.34}]", new Xavier(factorType: "in", magnitude: 2.34).Dumps());
        Assert.Equal("[\"xavier\", {\"rnd_type\": \"uniform\", \"factor_type\": \"avg\", \"magnitude\": 3}]", new Xavier().Dumps());
        Assert.Equal("[\"msraprelu\", {\"factor_type\": \"avg\", \"slope\": 0.25}]", new MSRAPrelu().Dumps());
        Assert.Equal("[\"orthogonal\", {\"scale\": 1.414, \"rand_type\": \"uniform\"}]", new Orthogonal().Dumps());
        Assert.Equal("[\"lstmbias\", {\"forget_bias\": 1.0}]", new LSTMBias().Dumps());
        Assert.Equal("[\"zero\", {}]", new Zero().Dumps());
        Assert.Equal("[\"constant\", {\"value\": [[1.0, 2.0], [3.0, 4.0]]}]", new InitConstant(Nd.Array(new float[,] { { 1, 2 }, { 3, 4 } })).Dumps());
        Assert.Equal("[\"uniform\", {\"scale\": 1e-05}]", new Uniform(1e-5).Dumps());
    }

    [Theory]
    [InlineData("xavier", typeof(Xavier))]
    [InlineData("XAVIER", typeof(Xavier))]
    [InlineData("MSRAPrelu", typeof(MSRAPrelu))]
    [InlineData("orthogonal", typeof(Orthogonal))]
    [InlineData("Bilinear", typeof(Bilinear))]
    [InlineData("LSTMBias", typeof(LSTMBias))]
    [InlineData("zeros", typeof(Zero))]
    [InlineData("ones", typeof(One))]
    [InlineData("uniform", typeof(Uniform))]
    [InlineData("normal", typeof(Normal))]
    public void CreateByNameUsesMxnetDefaults(string name, Type type)
    {
        var init = Initializer.Create(name);
        Assert.IsType(type, init);
        Initializer viaString = name;
        Assert.Equal(init.Dumps(), viaString.Dumps());
        if (init is Xavier x and not MSRAPrelu)
            Assert.Equal(("uniform", "avg", 3.0), (x.RndType, x.FactorType, x.Magnitude));
        if (init is Orthogonal o) Assert.Equal((1.414, "uniform"), (o.Scale, o.RandType));
        if (init is LSTMBias l) Assert.Equal(1.0, l.ForgetBias);
    }

    [Fact]
    public void CreateFromJsonReadsKwargs()
    {
        var x = Assert.IsType<Xavier>(Initializer.Create("[\"xavier\", {\"rnd_type\": \"gaussian\", \"magnitude\": 2}]"));
        Assert.Equal(("gaussian", "avg", 2.0), (x.RndType, x.FactorType, x.Magnitude));
        var m = Assert.IsType<MSRAPrelu>(Initializer.Create("[\"msraprelu\", {\"slope\": 0.5}]"));
        Assert.Equal(2 / 1.25, m.Magnitude, 12);
        var mixed = Initializer.Create("[\"mixed\", {\"patterns\": [\"a\", \".*\"], \"initializers\": [[\"ones\", {}], \"[\\\"zeros\\\", {}]\"]}]");
        var arr = Nd.Zeros(2);
        mixed.Init("a_weight", arr);
        Check.Close(arr, [1, 1]);
    }

    [Fact]
    public void CreateRejectsBadInput()
    {
        Check.Throws<ArgumentException>(() => Initializer.Create("nosuch"), "unknown initializer 'nosuch'");
        Check.Throws<ArgumentException>(() => Initializer.Create("[\"xavier\", {\"magnitud\": 2}]"), "xavier", "unexpected keyword argument 'magnitud'");
        Check.Throws<ArgumentException>(() => Initializer.Create("[\"zero\", {\"value\": 1}]"), "unexpected keyword argument 'value'");
        Check.Throws<ArgumentException>(() => Initializer.Create("[\"xavier\", {\"rnd_type\": \"bad\"}]"), "rnd_type='bad'");
        Check.Throws<ArgumentException>(() => Initializer.Create("[\"xavier\", 3]"), "kwargs");
        Check.Throws<ArgumentException>(() => Initializer.Create("[\"mixed\", {}]"), "patterns");
        Check.Throws<ArgumentException>(() => Initializer.Create("[\"load\", {}]"), "param");
        Check.Throws<ArgumentException>(() => Initializer.Create("[\"constant\", {\"value\": [[1], [2, 3]]}]"), "ragged");
        Check.Throws<ArgumentException>(() => Initializer.Create(3), "Int32");
    }
}
