using Gluon.Nn;

namespace Gluon.Tests.Nn;

/// <summary>Conv1D/2D/3D and their transposes: names, shapes, repr, outputs against direct loops, gradients.</summary>
public class ConvLayerTests
{
    public ConvLayerTests() => NameManager.ResetGlobal();

    private static ConvBase Make(int nd, bool transposed, int channels, int[] k, int[] s, int[] p, int[] d, int g, int[] adj,
        int inChannels = 0, string? activation = null, bool useBias = true) => (nd, transposed) switch
    {
        (1, false) => new Conv1D(channels, k, s, p, d, g, activation: activation, useBias: useBias, inChannels: inChannels),
        (2, false) => new Conv2D(channels, k, s, p, d, g, activation: activation, useBias: useBias, inChannels: inChannels),
        (3, false) => new Conv3D(channels, k, s, p, d, g, activation: activation, useBias: useBias, inChannels: inChannels),
        (1, true) => new Conv1DTranspose(channels, k, s, p, adj, d, g, activation: activation, useBias: useBias, inChannels: inChannels),
        (2, true) => new Conv2DTranspose(channels, k, s, p, adj, d, g, activation: activation, useBias: useBias, inChannels: inChannels),
        _ => new Conv3DTranspose(channels, k, s, p, adj, d, g, activation: activation, useBias: useBias, inChannels: inChannels),
    };

    [Fact]
    public void NamesShapesAndDefaults()
    {
        var c = new Conv2D(16, 3);
        Assert.Equal("conv0_", c.Prefix);
        Assert.Equal(["conv0_weight", "conv0_bias"], c.CollectParams().Keys);
        Assert.Equal(new Shape(16, 0, 3, 3), c.Weight.Shape);
        Assert.Equal(new Shape(16), c.Bias!.Shape);
        Assert.Equal([1, 1], c.Strides);
        Assert.Equal([0, 0], c.Padding);
        Assert.Equal([1, 1], c.Dilation);
        Assert.Equal("NCHW", c.Layout);

        var t = new Conv2DTranspose(8, [3, 5], strides: 2, inChannels: 4, groups: 2);
        Assert.Equal("conv1_", t.Prefix);
        Assert.Equal(new Shape(4, 4, 3, 5), t.Weight.Shape);
        Assert.Equal([2, 2], t.Strides);
        Assert.Equal([0, 0], t.OutputPadding!);

        Assert.Equal(new Shape(6, 2, 3), new Conv1D(6, 3, groups: 2, inChannels: 4).Weight.Shape);
        Assert.Equal(new Shape(6, 3, 1, 2, 3), new Conv3D(6, [1, 2, 3], inChannels: 3).Weight.Shape);
        Assert.Equal(new Shape(3, 2, 2, 2, 2), new Conv3DTranspose(2, 2, inChannels: 3).Weight.Shape);
        Assert.Equal(new Shape(5, 3, 3, 2), new Conv2D(5, 3, layout: "NHWC", inChannels: 2).Weight.Shape);
        Assert.Equal(new Shape(2, 3, 3, 5), new Conv2DTranspose(5, 3, layout: "NHWC", inChannels: 2).Weight.Shape);

        var relu = new Conv2D(4, 3, activation: "relu", useBias: false);
        Assert.Null(relu.Bias);
        Assert.Equal("conv7_relu_", relu.Act!.Prefix);
        Assert.Equal(["conv7_weight"], relu.CollectParams().Keys);
    }

    [Fact]
    public void ReprMatchesMxnet()
    {
        Assert.Equal("Conv2D(3 -> 16, kernel_size=(3, 3), stride=(1, 1))", new Conv2D(16, 3, inChannels: 3).ToString());
        Assert.Equal("Conv2D(None -> 16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))", new Conv2D(16, 3, 2, 1).ToString());
        Assert.Equal("Conv2D(2 -> 16, kernel_size=(3, 5), stride=(1, 1), padding=(1, 2), dilation=(2, 2), groups=2, bias=False, Activation(relu))",
            new Conv2D(16, [3, 5], padding: [1, 2], dilation: 2, groups: 2, activation: "relu", useBias: false, inChannels: 4).ToString());
        Assert.Equal("Conv1D(None -> 8, kernel_size=(3,), stride=(1,))", new Conv1D(8, 3).ToString());
        Assert.Equal("Conv3D(1 -> 2, kernel_size=(1, 2, 3), stride=(1, 1, 1))", new Conv3D(2, [1, 2, 3], inChannels: 1).ToString());
        // MXNet prints weight dim 1 -> dim 0, which for a transposed layer reads channels -> in_channels,
        // and never prints output_padding (its repr checks an attribute name it never sets).
        Assert.Equal("Conv2DTranspose(16 -> 8, kernel_size=(3, 3), stride=(2, 2))",
            new Conv2DTranspose(16, 3, strides: 2, outputPadding: 1, inChannels: 8).ToString());
        // Deferred in_channels sit in weight dim 0 here, which MXNet prints as it is.
        Assert.Equal("Conv1DTranspose(4 -> 0, kernel_size=(2,), stride=(1,))",
            new Conv1DTranspose(4, 2).ToString());
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Check.Throws<ArgumentException>(() => new Conv2D(4, [3, 3, 3]), "Conv2D", "kernel_size", "2 ints");
        Check.Throws<ArgumentException>(() => new Conv2D(4, 3, strides: [1, 1, 1]), "Conv2D", "strides");
        Check.Throws<ArgumentException>(() => new Conv2D(6, 3, groups: 4), "Conv2D", "channels 6", "groups 4");
        Check.Throws<ArgumentException>(() => new Conv2D(4, 3, groups: 2, inChannels: 3), "in_channels 3");
        Check.Throws<ArgumentException>(() => new Conv1D(4, 3, layout: "NWC"), "Conv1D", "NWC", "NCW");
        Check.Throws<ArgumentException>(() => new Conv3D(4, 3, layout: "NCHW"), "Conv3D", "NCHW");
        Check.Throws<ArgumentException>(() => new Conv2D(4, 0), "kernel_size (0, 0)", "positive");
        Check.Throws<ArgumentException>(() => new Conv2D(4, 3, padding: -1), "padding", ">= 0");
        Check.Throws<ArgumentException>(() => new Conv2DTranspose(4, 3, outputPadding: [1, 1, 1]), "output_padding");
        Check.Throws<ArgumentException>(() => new Conv2D(4, default(IntTuple)), "kernel_size is required");
        var c = LayerCheck.Float64(new Conv2D(4, 3, inChannels: 2));
        Check.Throws<ArgumentException>(() => c.Call(Nd.Zeros(new Shape(1, 3, 5, 5), DType.Float64)), "Convolution", "weight");
    }

    public static TheoryData<int, int, int, int[], int[], int[], int[], int, int[]> ConvCases => new()
    {
        // nd, channels, in_channels, kernel, stride, pad, dilation, groups, input spatial
        { 1, 3, 2, [3], [1], [0], [1], 1, [7] },
        { 1, 4, 4, [2], [2], [1], [2], 2, [9] },
        { 2, 4, 3, [3, 3], [1, 1], [1, 1], [1, 1], 1, [5, 6] },
        { 2, 6, 4, [3, 2], [2, 1], [1, 0], [1, 2], 2, [7, 6] },
        { 2, 4, 4, [3, 3], [1, 1], [2, 2], [2, 2], 4, [5, 5] },
        { 3, 4, 2, [2, 3, 2], [1, 2, 1], [0, 1, 1], [1, 1, 2], 2, [3, 5, 4] },
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void ConvolutionMatchesDirectLoops(int nd, int channels, int inCh, int[] k, int[] s, int[] p, int[] d, int g, int[] spatial)
    {
        var layer = LayerCheck.Float64(Make(nd, false, channels, k, s, p, d, g, [], inChannels: inCh));
        int[] xs = [2, inCh, .. spatial];
        var x = Check.RandArray(new Shape(xs), 3);
        var y = layer.Call(x);
        var expected = ConvRef.Conv(x.ToArray<double>(), xs, layer.Weight.Data().ToArray<double>(), layer.Weight.Shape!.ToArray(),
            layer.Bias!.Data().ToArray<double>(), s, p, d, g, out var ys);
        Assert.Equal(new Shape(ys), y.Shape);
        Check.Close(y, expected, 1e-10, 1e-12);
    }

    public static TheoryData<int, int, int, int[], int[], int[], int[], int, int[], int[]> DeconvCases => new()
    {
        // nd, channels, in_channels, kernel, stride, pad, dilation, groups, output_padding, input spatial
        { 1, 3, 2, [3], [1], [0], [1], 1, [0], [5] },
        { 1, 4, 2, [3], [2], [1], [1], 2, [1], [4] },
        { 2, 2, 3, [3, 3], [2, 2], [1, 1], [1, 1], 1, [1, 0], [3, 4] },
        { 2, 4, 4, [2, 3], [3, 1], [0, 1], [2, 1], 2, [2, 0], [3, 3] },
        { 3, 2, 2, [2, 2, 3], [2, 1, 2], [0, 0, 1], [1, 2, 1], 1, [1, 0, 1], [2, 3, 2] },
    };

    [Theory]
    [MemberData(nameof(DeconvCases))]
    public void TransposedConvolutionMatchesDirectLoops(int nd, int channels, int inCh, int[] k, int[] s, int[] p, int[] d, int g, int[] adj, int[] spatial)
    {
        var layer = LayerCheck.Float64(Make(nd, true, channels, k, s, p, d, g, adj, inChannels: inCh));
        Assert.Equal(new Shape([inCh, channels / g, .. k]), layer.Weight.Shape);
        int[] xs = [2, inCh, .. spatial];
        var x = Check.RandArray(new Shape(xs), 4);
        var y = layer.Call(x);
        var outSpatial = spatial.Select((v, i) => ConvRef.DeconvOut(v, k[i], s[i], p[i], d[i], adj[i])).ToArray();
        var expected = ConvRef.Deconv(x.ToArray<double>(), xs, layer.Weight.Data().ToArray<double>(), layer.Weight.Shape!.ToArray(),
            layer.Bias!.Data().ToArray<double>(), s, p, d, g, outSpatial, out var ys);
        Assert.Equal(new Shape(ys), y.Shape);
        Check.Close(y, expected, 1e-10, 1e-12);
    }

    [Fact]
    public void ActivationAndNoBias()
    {
        var layer = LayerCheck.Float64(new Conv2D(3, 2, activation: "relu", useBias: false, inChannels: 2));
        var x = Check.RandArray(new Shape(1, 2, 4, 4), 5);
        var expected = ConvRef.Conv(x.ToArray<double>(), [1, 2, 4, 4], layer.Weight.Data().ToArray<double>(), [3, 2, 2, 2], null,
            [1, 1], [0, 0], [1, 1], 1, out _).Select(v => Math.Max(v, 0)).ToArray();
        Check.Close(layer.Call(x), expected, 1e-10, 1e-12);
    }

    [Fact]
    public void DeferredInChannelsAreInferred()
    {
        var conv = new Conv2D(4, 3, groups: 2);
        var tr = new Conv2DTranspose(6, 3, strides: 2, outputPadding: 1, groups: 3);
        conv.Initialize();
        tr.Initialize();
        Assert.True(conv.Weight.IsDeferred);
        var y = conv.Call(Nd.Ones(new Shape(2, 6, 5, 5)));
        Assert.Equal(new Shape(4, 3, 3, 3), conv.Weight.Shape);
        Assert.Equal(new Shape(2, 4, 3, 3), y.Shape);
        Assert.Equal("Conv2D(3 -> 4, kernel_size=(3, 3), stride=(1, 1), groups=2)", conv.ToString());
        var z = tr.Call(Nd.Ones(new Shape(1, 9, 3, 3)));
        Assert.Equal(new Shape(9, 2, 3, 3), tr.Weight.Shape);
        Assert.Equal(new Shape(1, 6, 8, 8), z.Shape);
        Assert.True(tr.Weight.IsInitialized);

        var nhwc = new Conv2D(5, 3, layout: "NHWC");
        nhwc.Initialize();
        Assert.Equal(new Shape(2, 3, 3, 5), nhwc.Call(Nd.Ones(new Shape(2, 5, 5, 7))).Shape);
        Assert.Equal(new Shape(5, 3, 3, 7), nhwc.Weight.Shape);
        var nhwcT = new Conv2DTranspose(5, 3, layout: "NHWC");
        nhwcT.Initialize();
        Assert.Equal(new Shape(2, 7, 7, 5), nhwcT.Call(Nd.Ones(new Shape(2, 5, 5, 7))).Shape);
        Assert.Equal(new Shape(7, 3, 3, 5), nhwcT.Weight.Shape);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ChannelLastMatchesChannelFirst(bool transposed)
    {
        Block Make2(string layout) => transposed
            ? new Conv2DTranspose(4, [3, 2], strides: 2, padding: 1, outputPadding: 1, groups: 2, layout: layout, inChannels: 6)
            : new Conv2D(4, [3, 2], strides: 2, padding: 1, groups: 2, layout: layout, inChannels: 6);
        var first = (ConvBase)LayerCheck.Float64(Make2("NCHW"));
        var last = (ConvBase)LayerCheck.Float64(Make2("NHWC"));
        last.Weight.SetData(Nd.Transpose(first.Weight.Data(), 0, 2, 3, 1));
        last.Bias!.SetData(first.Bias!.Data());
        var x = Check.RandArray(new Shape(2, 6, 5, 4), 6);
        var expected = Nd.Transpose(first.Call(x), 0, 2, 3, 1);
        Check.Close(expected, last.Call(Nd.Transpose(x, 0, 2, 3, 1)), 1e-12, 1e-12);
        Check.Close(Nd.Transpose(first.Call(Check.RandArray(new Shape(1, 6, 3, 3), 9)), 0, 2, 3, 1),
            last.Call(Nd.Transpose(Check.RandArray(new Shape(1, 6, 3, 3), 9), 0, 2, 3, 1)), 1e-12, 1e-12);
        LayerCheck.Gradients(last, Check.RandArray(new Shape(1, 3, 3, 6), 8));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void GradientsMatchFiniteDifferences(int nd, bool transposed)
    {
        int[] k = nd == 3 ? [2, 1, 2] : Enumerable.Repeat(2, nd).ToArray();
        int[] s = Enumerable.Repeat(2, nd).ToArray(), p = Enumerable.Repeat(1, nd).ToArray(), d = Enumerable.Repeat(1, nd).ToArray();
        if (nd == 2) d = [2, 1];
        int[] adj = transposed ? Enumerable.Repeat(1, nd).ToArray() : [];
        var layer = LayerCheck.Float64(Make(nd, transposed, 4, k, s, p, d, 2, adj, inChannels: 4, activation: "tanh"));
        int[] spatial = nd switch { 1 => [5], 2 => [4, 3], _ => [3, 2, 3] };
        LayerCheck.Gradients(layer, Check.RandArray(new Shape([2, 4, .. spatial]), 10));
    }
}
