namespace Gluon.Tests.Ops;

/// <summary>
/// Float32 forward and backward of Convolution on shapes that reach each path of the CPU driver:
/// pointwise in place (wide images), column tiles spanning several images, several tiles per
/// image, im2col/col2im split over the cores (batch 1), per-core batch blocks, stride, dilation,
/// groups, and the direct depthwise kernels (depth multiplier, stride 2, 1-D), against plain loops.
/// </summary>
public class ConvolutionPathTests
{
    /// <summary>(data shape, num_filter, kernel, stride, pad, dilate, groups).</summary>
    public static TheoryData<int[], int, int[], int[], int[], int[], int> Cases() => new()
    {
        { [4, 16, 24, 24], 32, [1, 1], [1, 1], [0, 0], [1, 1], 1 },    // pointwise in place, threaded over images
        { [1, 8, 20, 20], 12, [1, 1], [1, 1], [0, 0], [1, 1], 2 },     // pointwise in place, grouped, one thread
        { [3, 16, 7, 7], 24, [1, 1], [1, 1], [0, 0], [1, 1], 1 },      // pointwise, small image: tile spans images
        { [2, 16, 15, 15], 8, [1, 1], [2, 2], [0, 0], [1, 1], 1 },     // 1x1 stride 2 (ResNet downsample)
        { [1, 64, 50, 50], 16, [3, 3], [1, 1], [1, 1], [1, 1], 1 },    // batch 1: two tiles, im2col/col2im split by channel
        { [5, 32, 9, 9], 16, [3, 3], [1, 1], [1, 1], [1, 1], 1 },      // per-core image blocks, tile spans images
        { [3, 8, 17, 19], 12, [3, 3], [2, 2], [2, 2], [2, 2], 2 },     // stride 2, dilation 2, groups
        { [2, 3, 37, 35], 8, [7, 7], [2, 2], [3, 3], [1, 1], 1 },      // 7x7 stride 2, odd sizes
        { [2, 8, 11, 13], 8, [3, 3], [1, 1], [1, 1], [1, 1], 8 },      // depthwise
        { [2, 6, 12, 13], 6, [3, 3], [2, 2], [1, 1], [1, 1], 6 },      // depthwise stride 2
        { [2, 4, 9, 10], 8, [3, 3], [1, 1], [2, 2], [2, 2], 4 },       // depthwise, multiplier 2, dilation 2
        { [3, 16, 9, 9], 16, [5, 3], [1, 2], [2, 0], [1, 1], 16 },     // depthwise, uneven kernel and stride
        { [2, 4, 20], 4, [3], [1], [1], [1], 4 },                      // 1-D depthwise
        { [2, 5, 31], 6, [4], [3], [1], [1], 1 },                      // 1-D
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32ForwardAndGradientsMatchLoops(int[] xs, int f, int[] k, int[] s, int[] p, int[] d, int g)
    {
        int[] ws = [f, xs[1] / g, .. k];
        var x = Check.Rand(new Shape(xs).Size, 61);
        var w = Check.Rand(new Shape(ws).Size, 62);
        var b = Check.Rand(f, 63);
        var expected = ConvRef.Conv(x, xs, w, ws, b, s, p, d, g, out var ys);
        var dyv = Check.Rand(new Shape(ys).Size, 64);

        var X = Nd.Array<double>(x, xs).AsType(DType.Float32);
        var W = Nd.Array<double>(w, ws).AsType(DType.Float32);
        var B = Nd.Array<double>(b).AsType(DType.Float32);
        X.AttachGrad();
        W.AttachGrad();
        B.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.Convolution(X, W, B, k, f, stride: s, pad: p, dilate: d, numGroup: g);
        Check.Close(y, expected, 1e-4, 1e-4, "forward");
        y.Backward(Nd.Array<double>(dyv, ys).AsType(DType.Float32));

        // dx is the transposed convolution of dy; dw and db are sums over the batch and positions.
        var dxRef = ConvRef.Deconv(dyv, ys, w, ws, null, s, p, d, g, xs[2..], out _);
        Check.Close(X.Grad!, dxRef, 1e-4, 1e-4, "data gradient");
        Check.Close(W.Grad!, WeightGradient(x, xs, dyv, ys, ws, s, p, d, g), 1e-4, 1e-4, "weight gradient");
        var dbRef = new double[f];
        int sp = dyv.Length / (ys[0] * f);
        for (int i = 0; i < dyv.Length; i++) dbRef[i / sp % f] += dyv[i];
        Check.Close(B.Grad!, dbRef, 1e-4, 1e-4, "bias gradient");
    }

    [Theory]
    [InlineData(new[] { 1, 3, 5, 6 }, 3, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, 3)]
    [InlineData(new[] { 2, 2, 5, 5 }, 4, new[] { 3, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 2, 1 }, 2)]
    [InlineData(new[] { 1, 2, 16, 16 }, 3, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 1, 1 }, 1)]
    [InlineData(new[] { 3, 2, 3, 3 }, 2, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 1, 1 }, 1)]
    public void DepthwiseAndPointwiseGradientsMatchFiniteDifferences(int[] xs, int f, int[] k, int[] s, int[] p, int[] d, int g)
    {
        int[] ws = [f, xs[1] / g, .. k];
        var x = Check.RandArray(new Shape(xs), 71);
        var w = Check.RandArray(new Shape(ws), 72);
        var b = Check.RandArray(new Shape(f), 73);
        Check.NumericGradient(a => Nd.Convolution(a[0], a[1], a[2], k, f, stride: s, pad: p, dilate: d, numGroup: g), [x, w, b]);
    }

    [Fact]
    public void RepeatedCallsGiveTheSameResult()
    {
        // The per-thread scratch is reused between calls (and between shapes): stale contents must not leak.
        var big = Check.RandArray(new Shape(2, 16, 20, 20), 81, dtype: DType.Float32);
        var wBig = Check.RandArray(new Shape(8, 16, 3, 3), 82, dtype: DType.Float32);
        var small = Check.RandArray(new Shape(3, 4, 6, 7), 83, dtype: DType.Float32);
        var wSmall = Check.RandArray(new Shape(5, 4, 3, 3), 84, dtype: DType.Float32);
        var first = Nd.Convolution(small, wSmall, null, [3, 3], 5, pad: [1, 1]).ToArray<double>();
        Nd.Convolution(big, wBig, null, [3, 3], 8, pad: [1, 1]).Dispose();
        var again = Nd.Convolution(small, wSmall, null, [3, 3], 5, pad: [1, 1]).ToArray<double>();
        Assert.Equal(first, again);
    }

    /// <summary>dw[o, c, k] = Σ dy[n, o, out] · x[n, grp·C/G + c, out·s − p + k·d] (plain loops, 1-D or 2-D).</summary>
    private static double[] WeightGradient(double[] x, int[] xs, double[] dy, int[] ys, int[] ws, int[] s, int[] p, int[] d, int g)
    {
        bool oneD = xs.Length == 3;
        int N = xs[0], C = xs[1], IH = oneD ? 1 : xs[2], IW = xs[^1];
        int F = ys[1], OH = oneD ? 1 : ys[2], OW = ys[^1];
        int Cg = ws[1], KH = oneD ? 1 : ws[2], KW = ws[^1];
        int SH = oneD ? 1 : s[0], PH = oneD ? 0 : p[0], DH = oneD ? 1 : d[0];
        int SW = s[^1], PW = p[^1], DW = d[^1];
        int Fg = F / g;
        var dw = new double[F * Cg * KH * KW];
        for (int n = 0; n < N; n++)
        for (int o = 0; o < F; o++)
        for (int oh = 0; oh < OH; oh++)
        for (int ow = 0; ow < OW; ow++)
        {
            double gv = dy[((n * F + o) * OH + oh) * OW + ow];
            for (int c = 0; c < Cg; c++)
            for (int kh = 0; kh < KH; kh++)
            for (int kw = 0; kw < KW; kw++)
            {
                int ih = oh * SH - PH + kh * DH, iw = ow * SW - PW + kw * DW;
                if (ih < 0 || ih >= IH || iw < 0 || iw >= IW) continue;
                int ci = o / Fg * Cg + c;
                dw[((o * Cg + c) * KH + kh) * KW + kw] += gv * x[((n * C + ci) * IH + ih) * IW + iw];
            }
        }
        return dw;
    }
}
