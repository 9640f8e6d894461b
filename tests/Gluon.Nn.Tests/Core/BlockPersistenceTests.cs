using Gluon.Initializers;
using Gluon.Nn;

namespace Gluon.Tests.Core;

/// <summary>SaveParameters/LoadParameters and ParameterDict.Save/Load (rows B-16, B-17, P-27, P-28), including real MXNet files.</summary>
public class BlockPersistenceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gluon-persist-" + Guid.NewGuid().ToString("N"));

    public BlockPersistenceTests()
    {
        NameManager.ResetGlobal();
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The d2l MLP: a Block with fields hidden and output, as in d2l's mlp.params.</summary>
    private sealed class Mlp : Block
    {
        private readonly Dense _hidden;
        private readonly Dense _output;

        public Mlp(int inUnits = 0)
        {
            using (NameScope())
            {
                _hidden = new Dense(256, activation: "relu", inUnits: inUnits);
                _output = new Dense(10, inUnits: inUnits == 0 ? 0 : 256);
            }
        }

        public Dense Hidden => _hidden;

        public override NDArray Forward(NDArray x) => _output.Call(_hidden.Call(x));
    }

    /// <summary>A file of shared/external/mxnet-models (see <see cref="MxnetSamples"/>).</summary>
    private static string ModelFile(params string[] parts) => MxnetSamples.Path(parts);

    [Fact]
    public void LoadsD2lSaveParametersFileWithStructuralNames()
    {
        var net = new Mlp();
        net.LoadParameters(ModelFile("d2l-mlp", "mlp.params"));
        var p = net.CollectParamsWithPrefix().ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(new Shape(256, 20), p["hidden.weight"].Shape);
        Assert.Equal(new Shape(10, 256), p["output.weight"].Shape);
        Assert.All(p["hidden.weight"].Data().ToArray<float>(), v => Assert.InRange(v, -0.07f, 0.07f));
        Assert.All(p["hidden.bias"].Data().ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(p["output.bias"].Data().ToArray<float>(), v => Assert.Equal(0f, v));
        var y = net.Call(Nd.Ones(2, 20));
        Assert.Equal(new Shape(2, 10), y.Shape);
    }

    [Fact]
    public void LoadsExportedArgPrefixedFileIntoMatchingPrefixes()
    {
        var net = new HybridSequential(prefix: "");
        using (net.NameScope())
            net.Add(new Dense(256, "relu", prefix: "dense3_"), new Dense(128, "relu", prefix: "dense4_"), new Dense(2, prefix: "dense5_"));
        net.LoadParameters(ModelFile("d2l-mlp", "my_mlp-0000.params"));
        Assert.Equal(new Shape(256, 512), ((Dense)net[0]).Weight.Shape);
        Assert.All(((Dense)net[2]).Bias!.Data().ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.Equal(new Shape(1, 2), net.Call(Nd.Ones(1, 512)).Shape);
    }

    [Fact]
    public void SaveThenLoadGivesIdenticalArrays()
    {
        var a = new Mlp(inUnits: 20);
        a.Initialize(new Normal(1));
        var file = Path.Combine(_dir, "a.params");
        a.SaveParameters(file);
        var names = Nd.Load(file).Select(e => e.Name).ToArray();
        Assert.Equal(["hidden.weight", "hidden.bias", "output.weight", "output.bias"], names);
        var b = new Mlp(inUnits: 20);
        b.Initialize(new Zero());
        b.LoadParameters(file);
        var pa = a.CollectParamsWithPrefix();
        var pb = b.CollectParamsWithPrefix();
        for (int i = 0; i < pa.Count; i++) Check.Close(pa[i].Value.Data(), pb[i].Value.Data(), 0, 0);
    }

    [Fact]
    public void MissingOrExtraNamesFailAndLeaveParametersUntouched()
    {
        var small = new Dense(3, inUnits: 2, useBias: false);
        small.Initialize(new One());
        var file = Path.Combine(_dir, "small.params");
        small.SaveParameters(file);
        var big = new Dense(3, inUnits: 2);
        big.Initialize(new Initializers.Constant(5));
        var before = big.Weight.Data().ToArray<float>();
        var e = Assert.Throws<InvalidDataException>(() => big.LoadParameters(file));
        Assert.Contains("'bias' is missing", e.Message);
        Assert.Contains("'weight'", e.Message);
        Assert.Equal(before, big.Weight.Data().ToArray<float>());
        big.LoadParameters(file, allowMissing: true);
        Check.Close(big.Weight.Data(), Enumerable.Repeat(1.0, 6).ToArray());

        var bigFile = Path.Combine(_dir, "big.params");
        big.SaveParameters(bigFile);
        var other = new Dense(3, inUnits: 2, useBias: false);
        other.Initialize(new Zero());
        Check.Throws<InvalidDataException>(() => other.LoadParameters(bigFile), "'bias' loaded from file", "not present");
        other.LoadParameters(bigFile, ignoreExtra: true);
        Check.Close(other.Weight.Data(), Enumerable.Repeat(1.0, 6).ToArray());

        // shape mismatch: checked before anything is written
        var wrong = new Dense(4, inUnits: 2);
        wrong.Initialize(new Initializers.Constant(9));
        Check.Throws<InvalidDataException>(() => wrong.LoadParameters(bigFile), "shape incompatible");
        Assert.All(wrong.Weight.Data().ToArray<float>(), v => Assert.Equal(9f, v));
        Assert.All(wrong.Bias!.Data().ToArray<float>(), v => Assert.Equal(0f, v)); // Dense biases default to zeros
    }

    [Fact]
    public void LegacyFullNameFilesRoundTripThroughParameterDict()
    {
        var net = new Sequential();
        using (net.NameScope()) net.Add(new Dense(4, inUnits: 3), new Dense(2, inUnits: 4));
        net.Initialize(new Normal(1));
        var file = Path.Combine(_dir, "legacy.params");
        net.CollectParams().Save(file, stripPrefix: net.Prefix);
        Assert.Equal(["dense0_weight", "dense0_bias", "dense1_weight", "dense1_bias"], Nd.Load(file).Select(e => e.Name));
        Check.Throws<ArgumentException>(() => net.CollectParams().Save(file, stripPrefix: "nope_"), "does not start with 'nope_'");
        var again = new Sequential();
        using (again.NameScope()) again.Add(new Dense(4, inUnits: 3), new Dense(2, inUnits: 4));
        again.LoadParameters(file); // no dots: legacy path with the block's prefix restored
        Check.Close(((Dense)net[1]).Weight.Data(), ((Dense)again[1]).Weight.Data(), 0, 0);
    }

    [Fact]
    public void SharedParametersSaveOnceWithDeduplicate()
    {
        var a = new Dense(3, inUnits: 3);
        var net = new Sequential();
        net.Add(a);
        net.Add(new Dense(3, inUnits: 3, @params: a.CollectParams()));
        net.Initialize();
        var file = Path.Combine(_dir, "dedup.params");
        net.SaveParameters(file, deduplicate: true);
        Assert.Equal(["1.weight", "1.bias"], Nd.Load(file).Select(e => e.Name));
        var b = new Dense(3, inUnits: 3);
        var net2 = new Sequential();
        net2.Add(b);
        net2.Add(new Dense(3, inUnits: 3, @params: b.CollectParams()));
        net2.Initialize(new Zero());
        net2.LoadParameters(file); // either alias present counts
        Check.Close(a.Weight.Data(), b.Weight.Data(), 0, 0);
    }

    [Fact]
    public void SaveNeverLeavesAHalfWrittenFile()
    {
        var d = new Dense(2, inUnits: 2);
        d.Initialize();
        var file = Path.Combine(_dir, "keep.params");
        d.SaveParameters(file);
        var bytes = File.ReadAllBytes(file);
        var deferred = new Dense(2);
        deferred.Initialize();
        Assert.ThrowsAny<InvalidOperationException>(() => deferred.SaveParameters(file));
        Assert.Equal(bytes, File.ReadAllBytes(file));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void DeprecatedSaveParamsWritesLegacyNamesAndWarns()
    {
        var net = new Sequential();
        using (net.NameScope()) net.Add(new Dense(2, inUnits: 3));
        net.Initialize(new Normal(1));
        var file = Path.Combine(_dir, "old.params");
        var warnings = new List<string>();
        Warnings.Raised += warnings.Add;
        try
        {
#pragma warning disable CS0618 // the deprecated API is what this test checks
            net.SaveParams(file);
            var again = new Sequential();
            using (again.NameScope()) again.Add(new Dense(2, inUnits: 3));
            again.LoadParams(file);
#pragma warning restore CS0618
            Check.Close(((Dense)net[0]).Weight.Data(), ((Dense)again[0]).Weight.Data(), 0, 0);
        }
        finally { Warnings.Raised -= warnings.Add; }
        Assert.Equal(["dense0_weight", "dense0_bias"], Nd.Load(file).Select(e => e.Name));
        Assert.Contains(warnings, w => w.Contains("save_params is deprecated"));
        Assert.Contains(warnings, w => w.Contains("load_params is deprecated"));
    }
}
