using Gluon.Nn;

namespace Gluon.Tests.Nn;

/// <summary>MXNet parameter files (save_parameters / legacy full-name files) round-trip through the layers.</summary>
public sealed class LayerPersistenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gluon-layers-").FullName;

    public LayerPersistenceTests() => NameManager.ResetGlobal();

    public void Dispose() => Directory.Delete(_dir, true);

    public static TheoryData<string> Kinds => new() { "batchnorm", "layernorm", "instancenorm", "groupnorm", "embedding", "prelu" };

    private static (HybridBlock Block, NDArray X, string[] Keys) Make(string kind) => kind switch
    {
        "batchnorm" => (new BatchNorm(), Check.RandArray(new Shape(2, 3, 4), 1, dtype: DType.Float32), ["gamma", "beta", "running_mean", "running_var"]),
        "layernorm" => (new LayerNorm(), Check.RandArray(new Shape(2, 5), 1, dtype: DType.Float32), ["gamma", "beta"]),
        "instancenorm" => (new InstanceNorm(scale: true), Check.RandArray(new Shape(2, 3, 4), 1, dtype: DType.Float32), ["gamma", "beta"]),
        "groupnorm" => (new GroupNorm(2), Check.RandArray(new Shape(2, 4, 3), 1, dtype: DType.Float32), ["gamma", "beta"]),
        "embedding" => (new Embedding(6, 3), Nd.Array(new float[] { 0, 5, 3, 1 }, new Shape(2, 2)), ["weight"]),
        "prelu" => (new PReLU(inChannels: 3), Check.RandArray(new Shape(2, 3, 4), 1, dtype: DType.Float32), ["alpha"]),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SaveParametersLoadsIntoAFreshLayerWithIdenticalArrays(string kind)
    {
        var (layer, x, keys) = Make(kind);
        layer.Initialize();
        using (Autograd.TrainMode()) layer.Call(x); // resolves deferred shapes (and moves BatchNorm's running stats)
        int seed = 10;
        foreach (var p in layer.CollectParams().Values) LayerCheck.Randomize(p, seed++, 0.5, 1.5);
        var file = Path.Combine(_dir, kind + ".params");
        layer.SaveParameters(file);
        Assert.Equal(keys, Nd.Load(file).Select(e => e.Name));

        var (fresh, _, _) = Make(kind); // a new prefix, deferred shapes, not initialized
        Assert.NotEqual(layer.Prefix, fresh.Prefix);
        fresh.LoadParameters(file);
        var saved = layer.CollectParams().Values.ToArray();
        var loaded = fresh.CollectParams().Values.ToArray();
        Assert.Equal(saved.Length, loaded.Length);
        for (int i = 0; i < saved.Length; i++)
        {
            Assert.Equal(saved[i].Data().Shape, loaded[i].Data().Shape);
            Assert.Equal(saved[i].Data().ToArray<float>(), loaded[i].Data().ToArray<float>());
        }
        Check.Close(layer.Call(x), fresh.Call(x), 0, 0);
    }

    [Fact]
    public void NetworkFilesUseStructuralNamesAndLegacyFullNamesLoadToo()
    {
        HybridSequential Build()
        {
            var net = new HybridSequential();
            using (net.NameScope())
                net.Add(new Dense(4, inUnits: 3), new BatchNorm(), new PReLU(), new LayerNorm(), new Dropout(0.5));
            return net;
        }
        var net = Build();
        net.Initialize();
        var x = Check.RandArray(new Shape(5, 3), 2, dtype: DType.Float32);
        using (Autograd.TrainMode()) net.Call(x);
        int seed = 20;
        foreach (var p in net.CollectParams().Values) LayerCheck.Randomize(p, seed++, 0.5, 1.5);

        var file = Path.Combine(_dir, "net.params");
        net.SaveParameters(file);
        Assert.Equal(["0.weight", "0.bias", "1.gamma", "1.beta", "1.running_mean", "1.running_var", "2.alpha", "3.gamma", "3.beta"],
            Nd.Load(file).Select(e => e.Name));
        var fresh = Build();
        fresh.LoadParameters(file);
        Check.Close(net.Call(x), fresh.Call(x), 0, 0);

        // MXNet 1.0's save_params wrote full names with the network prefix stripped.
        var legacy = Path.Combine(_dir, "legacy.params");
        Nd.Save(legacy, net.CollectParams().ToDictionary(kv => kv.Key[net.Prefix.Length..], kv => kv.Value.Data()));
        Assert.Contains("batchnorm0_running_var", Nd.Load(legacy).Select(e => e.Name));
        var fromLegacy = Build();
        fromLegacy.LoadParameters(legacy);
        Check.Close(net.Call(x), fromLegacy.Call(x), 0, 0);
    }
}
