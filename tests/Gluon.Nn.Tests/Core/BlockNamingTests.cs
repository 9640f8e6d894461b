using Gluon.Nn;

namespace Gluon.Tests.Core;

/// <summary>Block prefixes and parameter names, checked against the names MXNet 1.x produces.</summary>
public class BlockNamingTests
{
    public BlockNamingTests() => NameManager.ResetGlobal();

    private sealed class Net : Block
    {
        public Net(bool share) : base()
        {
            using (NameScope())
            {
                Dense0 = new Dense(20, inUnits: 20);
                Dense1 = share ? new Dense(20, inUnits: 20, @params: Dense0.CollectParams()) : new Dense(20, inUnits: 20);
            }
        }

        public Dense Dense0 { get; }
        public Dense Dense1 { get; }

        public override NDArray Forward(NDArray x) => Dense1.Call(Nd.Relu(Dense0.Call(x)));
    }

    [Fact]
    public void TopLevelBlocksCountPerHint()
    {
        Assert.Equal("dense0_", new Dense(3).Prefix);
        Assert.Equal("dense1_", new Dense(3).Prefix);
        Assert.Equal("relu0_", new Activation("relu").Prefix);
        var d = new Dense(4);
        Assert.Equal("dense2", d.Name);
        Assert.Equal(["dense2_weight", "dense2_bias"], d.CollectParams().Keys);
    }

    [Fact]
    public void NameScopeGivesLocalCountersUnderTheParentPrefix()
    {
        var net = new Sequential();
        using (net.NameScope())
        {
            net.Add(new Dense(8, activation: "relu"));
            net.Add(new Dense(4));
        }
        Assert.Equal("sequential0_", net.Prefix);
        Assert.Equal(["sequential0_dense0_weight", "sequential0_dense0_bias", "sequential0_dense1_weight", "sequential0_dense1_bias"],
            net.CollectParams().Keys);
        Assert.Equal("sequential0_dense0_relu_", ((Dense)net[0]).Act!.Prefix);
        // a second container starts its own local counters
        var net2 = new HybridSequential();
        using (net2.NameScope()) net2.Add(new Dense(3));
        Assert.Equal("hybridsequential0_dense0_weight", net2.CollectParams().Keys[0]);
    }

    [Fact]
    public void ParamsSharingResolvesToTheSameParameterObjects()
    {
        var shared = new Net(share: true);
        Assert.Equal("net0_", shared.Prefix);
        Assert.Equal("net0_dense0_", shared.Dense0.Prefix);
        Assert.Equal("net0_dense1_", shared.Dense1.Prefix);
        Assert.Same(shared.Dense0.Weight, shared.Dense1.Weight);
        Assert.Same(shared.Dense0.Bias, shared.Dense1.Bias);
        Assert.Equal(["net0_dense0_weight", "net0_dense0_bias"], shared.CollectParams().Keys);
        var separate = new Net(share: false);
        Assert.Equal(["net1_dense0_weight", "net1_dense0_bias", "net1_dense1_weight", "net1_dense1_bias"], separate.CollectParams().Keys);
    }

    [Fact]
    public void FieldsAreRegisteredAsChildrenByAttributeName()
    {
        var net = new Net(share: false);
        Assert.Equal(["dense0", "dense1"], net.Children.Select(c => c.Key));
        Assert.Equal(["dense0.weight", "dense0.bias", "dense1.weight", "dense1.bias"], net.CollectParamsWithPrefix().Select(e => e.Key));
    }

    [Fact]
    public void CollectParamsSelectMatchesAtTheStart()
    {
        var net = new Sequential();
        using (net.NameScope()) { net.Add(new Dense(3)); net.Add(new Dense(3)); }
        Assert.Equal(["sequential0_dense0_weight", "sequential0_dense1_weight"], net.CollectParams(".*weight").Keys);
        Assert.Empty(net.CollectParams("weight").Keys);
        Assert.Equal(["sequential0_dense1_bias"], net.CollectParams("sequential0_dense1_b").Keys);
    }

    [Fact]
    public void ApplyVisitsChildrenBeforeTheParent()
    {
        var net = new Sequential(prefix: "test_");
        using (net.NameScope()) { net.Add(new Dense(3)); net.Add(new Activation("relu")); }
        var order = new List<string>();
        net.Apply(b => order.Add(b.Name));
        Assert.Equal(["test_dense0", "test_relu0", "test"], order);
    }

    [Fact]
    public void EmptyPrefixDisablesTheNameScope()
    {
        var net = new HybridSequential(prefix: "");
        using (net.NameScope()) net.Add(new Dense(2));
        Assert.Equal("", net.Prefix);
        Assert.Equal("dense0_weight", net.CollectParams().Keys[0]);
    }

    [Fact]
    public void HybridBlockRefusesPlainBlockChildren()
    {
        var net = new HybridSequential();
        Check.Throws<ArgumentException>(() => net.Add(new Sequential()), "Children of HybridBlock must also be HybridBlock");
    }

    [Fact]
    public void ReprFollowsMxnet()
    {
        var net = new Sequential();
        using (net.NameScope()) { net.Add(new Dense(10, activation: "relu", inUnits: 5)); net.Add(new Dense(2)); }
        Assert.Equal("Sequential(\n  (0): Dense(5 -> 10, Activation(relu))\n  (1): Dense(None -> 2, linear)\n)", net.ToString());
        var p = net.CollectParams();
        Assert.Equal("Parameter sequential0_dense0_weight (shape=(10, 5), dtype=float32)", p["sequential0_dense0_weight"].ToString());
    }
}
