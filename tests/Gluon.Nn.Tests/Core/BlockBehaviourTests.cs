using Gluon.Initializers;
using Gluon.Nn;

namespace Gluon.Tests.Core;

/// <summary>Forward hooks, dynamic graphs, Cast, Hybridize flags and Summary (rows B-20..B-25).</summary>
public class BlockBehaviourTests
{
    public BlockBehaviourTests() => NameManager.ResetGlobal();

    /// <summary>A tree-structured network: Forward recurses with ordinary C# control flow (the seed's dynamic-graph example).</summary>
    private sealed class TreeNet : Block
    {
        private readonly Dense _leaf;
        private readonly Dense _combine;

        public TreeNet()
        {
            using (NameScope())
            {
                _leaf = new Dense(4, activation: "tanh", inUnits: 3);
                _combine = new Dense(4, activation: "tanh", inUnits: 8);
            }
        }

        public NDArray Evaluate(Tree t, NDArray[] leaves) => t.Left is null
            ? _leaf.Call(leaves[t.Leaf])
            : _combine.Call(Nd.Concat([Evaluate(t.Left, leaves), Evaluate(t.Right!, leaves)], dim: 1));

        public Dense Leaf => _leaf;
        public Dense Combine => _combine;
    }

    private sealed record Tree(int Leaf, Tree? Left = null, Tree? Right = null);

    [Fact]
    public void DynamicGraphRecursesOverATree()
    {
        var net = new TreeNet();
        net.Initialize(new Normal(0.5));
        var leaves = Enumerable.Range(0, 3).Select(i => Check.RandArray(new Shape(1, 3), i, dtype: DType.Float32)).ToArray();
        var tree = new Tree(-1, new Tree(0), new Tree(-1, new Tree(1), new Tree(2)));
        NDArray y;
        using (Autograd.Record()) y = net.Evaluate(tree, leaves);
        y.Backward();
        // reference: the same recursion with explicit math
        NDArray Ref(Tree t) => t.Left is null
            ? Nd.Tanh(Nd.Dot(leaves[t.Leaf], net.Leaf.Weight.Data(), transposeB: true) + net.Leaf.Bias!.Data())
            : Nd.Tanh(Nd.Dot(Nd.Concat([Ref(t.Left), Ref(t.Right!)], dim: 1), net.Combine.Weight.Data(), transposeB: true) + net.Combine.Bias!.Data());
        Check.Close(Ref(tree), y, 1e-5, 1e-6);
        Assert.Contains(net.Combine.Weight.Grad().ToArray<float>(), v => v != 0);
        Assert.Contains(net.Leaf.Weight.Grad().ToArray<float>(), v => v != 0);
    }

    [Fact]
    public void HooksRunAroundForwardAndDetach()
    {
        var d = new Dense(2, inUnits: 2);
        d.Initialize();
        var log = new List<string>();
        var pre = d.RegisterForwardPreHook((b, inputs) => log.Add($"pre {b.Name} {inputs[0]!.Shape}"));
        using (d.RegisterForwardHook((b, inputs, outputs) => log.Add($"post {b.Name} {outputs[0].Shape}")))
            d.Call(Nd.Ones(1, 2));
        pre.Detach();
        d.Call(Nd.Ones(1, 2));
        Assert.Equal(["pre dense0 (1, 2)", "post dense0 (1, 2)"], log);
    }

    [Fact]
    public void CastConvertsEveryParameter()
    {
        var net = new Sequential();
        using (net.NameScope()) net.Add(new Dense(2, inUnits: 2), new Dense(1, inUnits: 2));
        net.Initialize();
        net.Cast(DType.Float64);
        Assert.All(net.CollectParams().Values, p => Assert.Equal(DType.Float64, p.Data().DType));
        Assert.Equal(DType.Float64, net.Call(Nd.Ones(new Shape(1, 2), DType.Float64)).DType);
    }

    [Fact]
    public void HybridizeRecursesAndWarnsOnSequentialOfHybrids()
    {
        var net = new Sequential();
        using (net.NameScope()) net.Add(new Dense(2, inUnits: 2));
        var warnings = new List<string>();
        Warnings.Raised += warnings.Add;
        try { net.Hybridize(); }
        finally { Warnings.Raised -= warnings.Add; }
        Assert.True(((Dense)net[0]).IsActive);
        Assert.Contains(warnings, w => w.Contains("Consider using HybridSequential"));
    }

    [Fact]
    public void HybridBlockRejectsInputsOnSeveralContexts()
    {
        var d = new Dense(2, inUnits: 2);
        d.Initialize(ctx: new[] { Context.Cpu(0), Context.Cpu(1) });
        Check.Throws<ArgumentException>(() => d.Call(Nd.Ones(1, 2), Nd.Ones(new Shape(1, 2), ctx: Context.Cpu(1))), "same context");
        // one input on cpu(1) uses the copy there
        Assert.Equal(Context.Cpu(1), d.Call(Nd.Ones(new Shape(1, 2), ctx: Context.Cpu(1))).Context);
    }

    [Fact]
    public void SummaryPrintsMxnetTable()
    {
        var net = new HybridSequential();
        using (net.NameScope()) net.Add(new Dense(10, activation: "relu", inUnits: 4), new Dense(3, inUnits: 10));
        net.Initialize();
        var text = net.Summary(Nd.Ones(2, 4));
        var lines = text.Split('\n');
        Assert.Equal(new string('-', 80), lines[0]);
        Assert.Equal($"{"Layer (type)",20}  {"Output Shape",42} {"Param #",15}", lines[1]);
        Assert.Equal($"{"Input",20}  {"(2, 4)",42} {"0",15}", lines[3]);
        Assert.Equal($"{"Activation-1",20}  {"(2, 10)",42} {"0",15}", lines[4]);
        Assert.Equal($"{"Dense-2",20}  {"(2, 10)",42} {"50",15}", lines[5]);
        Assert.Equal($"{"Dense-3",20}  {"(2, 3)",42} {"33",15}", lines[6]);
        Assert.Contains("   Total params: 83", text);
        Assert.Contains("Unique parameters in model: 83", text);
        net.Hybridize();
        Check.Throws<InvalidOperationException>(() => net.Summary(Nd.Ones(2, 4)), "must not be hybridized");
    }
}
