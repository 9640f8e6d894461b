using Gluon.Nn;

namespace Gluon.Tests.Nn;

/// <summary>Max/Avg/Global pooling layers and ReflectionPad2D against direct loops, repr, gradients.</summary>
public class ConvPoolingTests
{
    public ConvPoolingTests() => NameManager.ResetGlobal();

    private static PoolingBase Make(bool max, int nd, IntTuple size, IntTuple strides, IntTuple padding, bool ceil, bool includePad = true) => (max, nd) switch
    {
        (true, 1) => new MaxPool1D(size, strides, padding, ceilMode: ceil),
        (true, 2) => new MaxPool2D(size, strides, padding, ceilMode: ceil),
        (true, _) => new MaxPool3D(size, strides, padding, ceilMode: ceil),
        (false, 1) => new AvgPool1D(size, strides, padding, ceil, countIncludePad: includePad),
        (false, 2) => new AvgPool2D(size, strides, padding, ceil, countIncludePad: includePad),
        _ => new AvgPool3D(size, strides, padding, ceil, countIncludePad: includePad),
    };

    [Fact]
    public void NamesDefaultsAndRepr()
    {
        var m = new MaxPool2D();
        Assert.Equal("pool0_", m.Prefix);
        Assert.Empty(m.CollectParams().Keys);
        Assert.Equal("MaxPool2D(size=(2, 2), stride=(2, 2), padding=(0, 0), ceil_mode=False, global_pool=False, pool_type=max, layout=NCHW)", m.ToString());
        var a = new AvgPool1D(3, padding: 1, ceilMode: true);
        Assert.Equal("pool1_", a.Prefix);
        Assert.Equal("AvgPool1D(size=(3,), stride=(3,), padding=(1,), ceil_mode=True, global_pool=False, pool_type=avg, layout=NCW)", a.ToString());
        Assert.Equal(true, a.CountIncludePad);
        Assert.Equal("MaxPool3D(size=(2, 1, 2), stride=(1, 1, 1), padding=(0, 0, 0), ceil_mode=False, global_pool=False, pool_type=max, layout=NDHWC)",
            new MaxPool3D([2, 1, 2], 1, layout: "NDHWC").ToString());
        Assert.Equal("GlobalAvgPool1D(size=(1,), stride=(1,), padding=(0,), ceil_mode=True, global_pool=True, pool_type=avg, layout=NCW)",
            new GlobalAvgPool1D().ToString());
        Assert.Equal("GlobalMaxPool2D(size=(1, 1), stride=(1, 1), padding=(0, 0), ceil_mode=True, global_pool=True, pool_type=max, layout=NHWC)",
            new GlobalMaxPool2D("NHWC").ToString());
        Assert.Equal("pool5_", new GlobalMaxPool3D().Prefix);
        var r = new ReflectionPad2D(2);
        Assert.Equal("reflectionpad2d0_", r.Prefix);
        Assert.Equal("ReflectionPad2D(\n\n)", r.ToString());
        Assert.Equal([0, 0, 0, 0, 2, 2, 2, 2], r.PadWidth);

        Check.Throws<ArgumentException>(() => new MaxPool2D(layout: "NCW"), "MaxPool2D", "NCW", "NCHW and NHWC");
        Check.Throws<ArgumentException>(() => new AvgPool3D([2, 2]), "AvgPool3D", "pool_size", "3 ints");
        Check.Throws<ArgumentException>(() => new MaxPool1D(0), "pool_size", "positive");
        Check.Throws<ArgumentException>(() => new ReflectionPad2D([1, 1]), "ReflectionPad2D", "8 ints");
    }

    public static TheoryData<bool, int, int[], int[]?, int[], bool, bool, int[]> Cases => new()
    {
        // max, nd, pool_size, strides (null: default), padding, ceil_mode, count_include_pad, input spatial
        { true, 1, [2], null, [0], false, true, [7] },
        { true, 1, [3], [2], [1], true, true, [8] },
        { false, 1, [3], [2], [1], false, false, [8] },
        { true, 2, [2, 2], null, [0, 0], false, true, [6, 5] },
        { true, 2, [3, 2], [2, 1], [1, 1], true, true, [6, 5] },
        { false, 2, [3, 3], [2, 2], [1, 1], true, true, [6, 7] },
        { false, 2, [3, 3], [2, 2], [1, 1], true, false, [6, 7] },
        { true, 3, [2, 2, 2], null, [0, 0, 0], true, true, [3, 4, 5] },
        { false, 3, [2, 3, 2], [1, 2, 2], [1, 1, 0], false, false, [3, 4, 5] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PoolingMatchesDirectLoops(bool max, int nd, int[] k, int[]? s, int[] p, bool ceil, bool includePad, int[] spatial)
    {
        var layer = Make(max, nd, k, s ?? default(IntTuple), p, ceil, includePad);
        Assert.Equal(s ?? k, layer.Strides);
        int[] xs = [2, 3, .. spatial];
        var x = Check.RandArray(new Shape(xs), 11);
        var y = layer.Call(x);
        var expected = ConvRef.Pool(x.ToArray<double>(), xs, k, s ?? k, p, max ? "max" : "avg", ceil ? "full" : "valid", includePad, 1, false, out var ys);
        Assert.Equal(new Shape(ys), y.Shape);
        Check.Close(y, expected, 1e-12, 1e-12);
        LayerCheck.Gradients(layer, x);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GlobalPoolingKeepsUnitSpatialDims(int nd)
    {
        int[] xs = [2, 3, .. new[] { 4, 3, 5 }[..nd]];
        var x = Check.RandArray(new Shape(xs), 12);
        PoolingBase[] layers = nd switch
        {
            1 => [new GlobalMaxPool1D(), new GlobalAvgPool1D()],
            2 => [new GlobalMaxPool2D(), new GlobalAvgPool2D()],
            _ => [new GlobalMaxPool3D(), new GlobalAvgPool3D()],
        };
        foreach (var layer in layers)
        {
            var y = layer.Call(x);
            var expected = ConvRef.Pool(x.ToArray<double>(), xs, [], [], [], layer.PoolType, "full", true, 1, true, out var ys);
            Assert.Equal(new Shape(ys), y.Shape);
            Assert.All(ys[2..], d => Assert.Equal(1, d));
            Check.Close(y, expected, 1e-12, 1e-12);
            LayerCheck.Gradients(layer, x);
        }
    }

    [Theory]
    [InlineData("max")]
    [InlineData("avg")]
    [InlineData("gmax")]
    public void ChannelLastMatchesChannelFirst(string kind)
    {
        (PoolingBase, PoolingBase) pair = kind switch
        {
            "max" => (new MaxPool2D(3, 2, 1, ceilMode: true), new MaxPool2D(3, 2, 1, "NHWC", ceilMode: true)),
            "avg" => (new AvgPool2D(3, 2, 1, countIncludePad: false), new AvgPool2D(3, 2, 1, layout: "NHWC", countIncludePad: false)),
            _ => (new GlobalMaxPool2D(), new GlobalMaxPool2D("NHWC")),
        };
        var x = Check.RandArray(new Shape(2, 3, 6, 5), 13);
        Check.Close(Nd.Transpose(pair.Item1.Call(x), 0, 2, 3, 1), pair.Item2.Call(Nd.Transpose(x, 0, 2, 3, 1)), 0, 0);
        var x1 = Check.RandArray(new Shape(2, 3, 7), 14);
        Check.Close(Nd.Transpose(new AvgPool1D(2).Call(x1), 0, 2, 1), new AvgPool1D(2, layout: "NWC").Call(Nd.Transpose(x1, 0, 2, 1)), 0, 0);
        var x3 = Check.RandArray(new Shape(1, 2, 4, 4, 3), 15);
        Check.Close(Nd.Transpose(new MaxPool3D().Call(x3), 0, 2, 3, 4, 1), new MaxPool3D(layout: "NDHWC").Call(Nd.Transpose(x3, 0, 2, 3, 4, 1)), 0, 0);
        Check.Throws<ArgumentException>(() => pair.Item2.Call(Check.RandArray(new Shape(2, 6, 5), 1)), "(2, 6, 5)", "4 dims", "NHWC");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ReflectionPad2DMirrorsTheBorder(int pad)
    {
        var x = Check.RandArray(new Shape(2, 3, 4, 5), 16);
        var y = new ReflectionPad2D(pad).Call(x);
        Assert.Equal(new Shape(2, 3, 4 + 2 * pad, 5 + 2 * pad), y.Shape);
        var xv = x.ToArray<double>();
        int H = 4, W = 5, Ho = H + 2 * pad, Wo = W + 2 * pad;
        // reflect(i) mirrors about the edge without repeating it: -1 -> 1, n -> n-2.
        static int Reflect(int i, int n) => i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
        var expected = new double[2 * 3 * Ho * Wo];
        for (int nc = 0; nc < 6; nc++)
        for (int i = 0; i < Ho; i++)
        for (int j = 0; j < Wo; j++)
            expected[(nc * Ho + i) * Wo + j] = xv[(nc * H + Reflect(i - pad, H)) * W + Reflect(j - pad, W)];
        Check.Close(y, expected, 0, 0);
        LayerCheck.Gradients(new ReflectionPad2D(pad), x);
        Check.Throws<ArgumentException>(() => new ReflectionPad2D(4).Call(x), "reflect", "smaller");
    }
}
