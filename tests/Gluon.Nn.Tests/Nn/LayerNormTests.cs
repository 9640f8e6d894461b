using Gluon.Nn;

namespace Gluon.Tests.Nn;

/// <summary>nn.LayerNorm, nn.InstanceNorm and nn.GroupNorm (inventory rows C-09..C-11) against plain-loop references.</summary>
public class LayerNormTests
{
    public LayerNormTests() => NameManager.ResetGlobal();

    private static NDArray Prepare(HybridBlock layer, int[] dims, int seed)
    {
        layer.Initialize();
        layer.Cast(DType.Float64);
        var x = Check.RandArray(new Shape(dims), seed, -2, 3);
        layer.Call(x);
        return x;
    }

    private static int Ravel(int[] idx, int[] dims, int skip)
    {
        int r = 0;
        for (int d = 0; d < dims.Length; d++) if (d != skip) r = r * dims[d] + idx[d];
        return r;
    }

    [Fact]
    public void LayerNormNamesShapesAndRepr()
    {
        var ln = new LayerNorm();
        Assert.Equal(["layernorm0_gamma", "layernorm0_beta"], ln.CollectParams().Keys);
        Assert.Equal(new Shape(0), ln.Gamma.Shape);
        Assert.Equal("LayerNorm(eps=1e-05, axis=-1, center=True, scale=True, in_channels=0)", ln.ToString());
        var frozen = new LayerNorm(axis: 1, epsilon: 1e-3, center: false, scale: false, inChannels: 4);
        Assert.Equal(GradReq.Null, frozen.Gamma.GradReq);
        Assert.Equal(GradReq.Null, frozen.Beta.GradReq);
        Assert.Equal("LayerNorm(eps=0.001, axis=1, center=False, scale=False, in_channels=4)", frozen.ToString());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(0)]
    public void LayerNormMatchesReferenceAndInfersInChannels(int axis)
    {
        int[] dims = [2, 3, 4];
        int ax = axis < 0 ? axis + 3 : axis, c = dims[ax];
        var ln = new LayerNorm(axis: axis);
        var x = Prepare(ln, dims, 5);
        Assert.Equal(new Shape(c), ln.Gamma.Shape);
        Assert.Equal(new Shape(c), ln.Beta.Shape);
        var gamma = LayerCheck.Randomize(ln.Gamma, 1);
        var beta = LayerCheck.Randomize(ln.Beta, 2);
        var expected = NormRef.Normalize(x.ToArray<double>(), dims, i => Ravel(i, dims, ax), x.Shape.Size / c, i => i[ax], gamma, beta, 1e-5).Y;
        Check.Close(ln.Call(x), expected, 1e-10, 1e-10);
        LayerCheck.Gradients(ln, x);
    }

    [Fact]
    public void InstanceNormNamesShapesAndRepr()
    {
        var inorm = new InstanceNorm();
        Assert.Equal(["instancenorm0_gamma", "instancenorm0_beta"], inorm.CollectParams().Keys);
        Assert.Equal(GradReq.Null, inorm.Gamma.GradReq); // scale defaults to False
        Assert.Equal(GradReq.Write, inorm.Beta.GradReq);
        Assert.Equal("InstanceNorm(eps=1e-05, axis=1, center=True, scale=False, in_channels=0)", inorm.ToString());
        var x = Prepare(inorm, [2, 3, 4], 1);
        Assert.Equal(new Shape(3), inorm.Gamma.Shape);
        Assert.Equal("InstanceNorm(eps=1e-05, axis=1, center=True, scale=False, in_channels=3)", inorm.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void InstanceNormNormalizesEachSampleAndChannel(int axis)
    {
        int[] dims = [2, 3, 2, 4];
        int ax = axis < 0 ? axis + 4 : axis, c = dims[ax];
        var inorm = new InstanceNorm(axis: axis, scale: true, epsilon: 1e-3);
        var x = Prepare(inorm, dims, 7);
        Assert.Equal(new Shape(c), inorm.Gamma.Shape);
        var gamma = LayerCheck.Randomize(inorm.Gamma, 1);
        var beta = LayerCheck.Randomize(inorm.Beta, 2);
        var expected = NormRef.Normalize(x.ToArray<double>(), dims, i => i[0] * c + i[ax], dims[0] * c, i => i[ax], gamma, beta, 1e-3).Y;
        Check.Close(inorm.Call(x), expected, 1e-10, 1e-10);
        LayerCheck.Gradients(inorm, x);
    }

    [Fact]
    public void GroupNormParametersArePerGroup()
    {
        var gn = new GroupNorm(numGroups: 2);
        Assert.Equal(["groupnorm0_gamma", "groupnorm0_beta"], gn.CollectParams().Keys);
        Assert.Equal(new Shape(2), gn.Gamma.Shape);
        Assert.Equal(new Shape(2), gn.Beta.Shape);
        Assert.Equal("GroupNorm(eps=1e-05, num_groups=2, center=True, scale=True)", gn.ToString());
        Check.Throws<ArgumentOutOfRangeException>(() => new GroupNorm(0), "num_groups");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void GroupNormMatchesReference(int groups)
    {
        int[] dims = [2, 4, 3];
        var gn = new GroupNorm(numGroups: groups);
        var x = Prepare(gn, dims, 3);
        var gamma = LayerCheck.Randomize(gn.Gamma, 1);
        var beta = LayerCheck.Randomize(gn.Beta, 2);
        int per = dims[1] / groups;
        var expected = NormRef.Normalize(x.ToArray<double>(), dims, i => i[0] * groups + i[1] / per, dims[0] * groups, i => i[1] / per, gamma, beta, 1e-5).Y;
        Check.Close(gn.Call(x), expected, 1e-10, 1e-10);
        LayerCheck.Gradients(gn, x);
    }

    [Fact]
    public void GroupNormMatchesMxnetDocstringExample()
    {
        // python/mxnet/gluon/nn/basic_layers.py, GroupNorm docstring: GroupNorm() on arange(24).reshape(2, 3, 4).
        var gn = new GroupNorm();
        gn.Initialize();
        var x = Nd.Array(Enumerable.Range(0, 24).Select(v => (float)v).ToArray(), new Shape(2, 3, 4));
        double[] row = [-1.5932543, -1.3035717, -1.0138891, -0.7242065, -0.4345239, -0.1448413, 0.1448413, 0.4345239, 0.7242065, 1.0138891, 1.3035717, 1.5932543];
        Check.Close(gn.Call(x), [.. row, .. row], 1e-5, 1e-5);
    }

    [Fact]
    public void GroupNormRejectsBadData()
    {
        var gn = new GroupNorm(numGroups: 3);
        gn.Initialize();
        Check.Throws<ArgumentException>(() => gn.Call(Nd.Ones(2, 4, 2)), "GroupNorm", "num_groups 3", "4 channels");
        Check.Throws<ArgumentException>(() => gn.Call(Nd.Ones(2, 6)), "GroupNorm", "at least 3 dims");
    }
}
