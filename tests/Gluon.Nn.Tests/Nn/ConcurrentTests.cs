using Gluon.Nn;

namespace Gluon.Tests.Nn;

/// <summary>contrib Concurrent, HybridConcurrent and Identity (inventory row C-26).</summary>
public class ConcurrentTests
{
    public ConcurrentTests() => NameManager.ResetGlobal();

    [Fact]
    public void HybridConcurrentConcatenatesTheBranchesAlongTheAxis()
    {
        var net = new HybridConcurrent(axis: 1);
        using (net.NameScope()) net.Add(new Dense(3, inUnits: 4), new Identity(), new Dense(2, inUnits: 4));
        Assert.Equal("hybridconcurrent0_", net.Prefix);
        Assert.Equal(["hybridconcurrent0_dense0_weight", "hybridconcurrent0_dense0_bias", "hybridconcurrent0_dense1_weight", "hybridconcurrent0_dense1_bias"],
            net.CollectParams().Keys);
        Assert.Equal("hybridconcurrent0_identity0_", net[1].Prefix);
        net.Initialize();
        net.Cast(DType.Float64);
        var x = Check.RandArray(new Shape(2, 4), 1);
        var d0 = (Dense)net[0];
        var d2 = (Dense)net[2];
        var w0 = LayerCheck.Randomize(d0.Weight, 2);
        var w2 = LayerCheck.Randomize(d2.Weight, 3);
        var b0 = LayerCheck.Randomize(d0.Bias!, 4);
        var b2 = LayerCheck.Randomize(d2.Bias!, 5);
        var y = net.Call(x);
        Assert.Equal(new Shape(2, 9), y.Shape);
        var xv = x.ToArray<double>();
        var expected = new double[18];
        for (int n = 0; n < 2; n++)
        {
            for (int u = 0; u < 3; u++) expected[n * 9 + u] = b0[u] + Enumerable.Range(0, 4).Sum(k => xv[n * 4 + k] * w0[u * 4 + k]);
            for (int k = 0; k < 4; k++) expected[n * 9 + 3 + k] = xv[n * 4 + k];
            for (int u = 0; u < 2; u++) expected[n * 9 + 7 + u] = b2[u] + Enumerable.Range(0, 4).Sum(k => xv[n * 4 + k] * w2[u * 4 + k]);
        }
        Check.Close(y, expected, 1e-12, 1e-12);
        LayerCheck.Gradients(net, x);
    }

    [Fact]
    public void ConcurrentDefaultsToTheLastAxisAndAcceptsPlainBlocks()
    {
        var net = new Concurrent();
        using (net.NameScope()) net.Add(new Lambda(v => v * 2), new Identity());
        Assert.Equal("concurrent0_", net.Prefix);
        Assert.Equal(-1, net.Axis);
        var x = Check.RandArray(new Shape(2, 3), 1);
        var y = net.Call(x);
        Assert.Equal(new Shape(2, 6), y.Shape);
        var xv = x.ToArray<double>();
        var expected = new double[12];
        for (int n = 0; n < 2; n++)
            for (int k = 0; k < 3; k++) { expected[n * 6 + k] = 2 * xv[n * 3 + k]; expected[n * 6 + 3 + k] = xv[n * 3 + k]; }
        Check.Close(y, expected, 0, 0);
        Assert.Equal("Concurrent(\n  (0): Lambda(<lambda>)\n  (1): Identity(\n  \n  )\n)", net.ToString());
        Check.Throws<InvalidOperationException>(() => new Concurrent().Call(x), "no children");
    }

    [Fact]
    public void IdentityReturnsItsInput()
    {
        var id = new Identity();
        var x = Check.RandArray(new Shape(3), 1);
        Assert.Same(x, id.Call(x));
        LayerCheck.Gradients(id, x);
    }
}
