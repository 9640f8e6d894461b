using Gluon.Cpu.Kernels;

namespace Gluon.Tests.Ops;

/// <summary>
/// The F(4×4, 3×3) Winograd kernels against plain-loop references computed in double: odd sizes
/// (not multiples of the 4-wide tile or of a vector of tiles), 1×1 images, pads 0-2, bias or none,
/// batches, blocks split over the cores or steps split over the cores; and the same through
/// Nd.Convolution with autograd where the dispatch rule picks Winograd.
/// </summary>
public unsafe class WinogradTests
{
    /// <summary>(n, ci, ih, iw, co, ph, pw, bias).</summary>
    public static TheoryData<int, int, int, int, int, int, int, bool> Shapes() => new()
    {
        { 1, 3, 1, 1, 2, 1, 1, true },      // 1×1 image, one tile, mostly padding
        { 1, 2, 3, 3, 3, 0, 0, false },     // 1×1 output from a 3×3 image without pad
        { 2, 5, 7, 9, 4, 1, 1, true },      // partial tiles both ways, batch 2
        { 1, 4, 13, 6, 5, 0, 0, true },     // pad 0
        { 3, 2, 5, 5, 3, 2, 2, false },     // pad 2 (output larger than the image)
        { 2, 17, 10, 23, 9, 1, 2, true },   // unequal pads, channels not a multiple of a vector
        { 1, 6, 9, 70, 7, 1, 1, true },     // a row of 18 tiles: more than one vector of tiles, partial group
        { 2, 8, 66, 5, 6, 1, 0, false },    // many rows of tiles: several blocks, split over the cores
        { 16, 3, 12, 12, 4, 1, 1, true },   // batch 16: blocks span images
        { 1, 128, 44, 44, 128, 1, 1, true }, // 121 tiles, too few to split over the cores: two blocks in turn
        { 1, 300, 6, 6, 20, 1, 1, true },   // two k blocks of 150, Co past a register tile, more channels than tiles
        { 1, 16, 24, 24, 16, 1, 1, false }, // 36 tiles: a last column panel of 4, the narrow kernel
        { 2, 40, 30, 30, 12, 0, 1, true },  // more tiles than channels, Co not a multiple of the register tile
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardMatchesLoops(int n, int ci, int ih, int iw, int co, int ph, int pw, bool bias)
    {
        int[] xs = [n, ci, ih, iw], ws = [co, ci, 3, 3];
        var x = Check.Rand(n * ci * ih * iw, 1);
        var w = Check.Rand(co * ci * 9, 2);
        var b = bias ? Check.Rand(co, 3) : null;
        var expected = ConvRef.Conv(x, xs, w, ws, b, [1, 1], [ph, pw], [1, 1], 1, out var ys);
        var y = new float[expected.Length];
        Array.Fill(y, float.NaN);
        float[] xf = ToFloat(x), wf = ToFloat(w), bf = b is null ? [] : ToFloat(b);
        fixed (float* px = xf, pw_ = wf, pb = bf, py = y)
            Winograd.Forward(px, pw_, py, b is null ? null : pb, n, ci, ih, iw, co, ph, pw);
        Assert.Equal(ys[2] * ys[3] * n * co, y.Length);
        Near(expected, y, "winograd forward");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void DataGradientMatchesLoops(int n, int ci, int ih, int iw, int co, int ph, int pw, bool bias)
    {
        _ = bias; // the data gradient has no bias; the shapes are shared with the forward test
        int oh = ih + 2 * ph - 2, ow = iw + 2 * pw - 2;
        int[] ys = [n, co, oh, ow], ws = [co, ci, 3, 3];
        var dy = Check.Rand(n * co * oh * ow, 4);
        var w = Check.Rand(co * ci * 9, 5);
        // dx is the transposed convolution (the adjoint) of dy.
        var expected = ConvRef.Deconv(dy, ys, w, ws, null, [1, 1], [ph, pw], [1, 1], 1, [ih, iw], out var xs);
        Assert.Equal(new[] { n, ci, ih, iw }, xs);
        var dx = new float[expected.Length];
        Array.Fill(dx, float.NaN);
        float[] dyf = ToFloat(dy), wf = ToFloat(w);
        fixed (float* pdy = dyf, pw_ = wf, pdx = dx)
            Winograd.DataGradient(pdy, pw_, pdx, n, ci, ih, iw, co, ph, pw);
        Near(expected, dx, "winograd data gradient");
    }

    [Theory]
    [InlineData(1, 64, 56, 64)]
    [InlineData(2, 128, 28, 128)]
    [InlineData(1, 256, 14, 256)]
    [InlineData(1, 512, 7, 512)]
    public void ResNetLayerErrorStaysSmall(int n, int c, int hw, int f)
    {
        // Long sums (up to 512·9 terms) with weights of ResNet's scale.
        int[] xs = [n, c, hw, hw], ws = [f, c, 3, 3];
        var x = Check.Rand(n * c * hw * hw, 6);
        var w = Check.Rand(f * c * 9, 7, -0.1, 0.1);
        var expected = ConvRef.Conv(x, xs, w, ws, null, [1, 1], [1, 1], [1, 1], 1, out _);
        var y = new float[expected.Length];
        float[] xf = ToFloat(x), wf = ToFloat(w);
        fixed (float* px = xf, pw = wf, py = y)
            Winograd.Forward(px, pw, py, null, n, c, hw, hw, f, 1, 1);
        Near(expected, y, "ResNet layer");
    }

    [Theory]
    [InlineData(4, 16, 9, 11, 16, 1)]
    [InlineData(2, 32, 14, 14, 24, 1)]
    [InlineData(8, 20, 10, 7, 18, 0)]
    [InlineData(6, 16, 5, 8, 32, 2)]
    public void ConvolutionOpForwardAndGradientsUseIt(int n, int c, int h, int wd, int f, int p)
    {
        int[] xs = [n, c, h, wd], ws = [f, c, 3, 3];
        Assert.True(Winograd.Pays(c, f, n * ((h + 2 * p - 2 + 3) / 4) * ((wd + 2 * p - 2 + 3) / 4)), "the dispatch rule should pick Winograd here");
        var x = Check.Rand(n * c * h * wd, 11);
        var w = Check.Rand(f * c * 9, 12);
        var b = Check.Rand(f, 13);
        var expected = ConvRef.Conv(x, xs, w, ws, b, [1, 1], [p, p], [1, 1], 1, out var ys);
        var dyv = Check.Rand(expected.Length, 14);
        var X = Nd.Array<double>(x, xs).AsType(DType.Float32);
        var W = Nd.Array<double>(w, ws).AsType(DType.Float32);
        var B = Nd.Array<double>(b).AsType(DType.Float32);
        X.AttachGrad();
        W.AttachGrad();
        B.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.Convolution(X, W, B, [3, 3], f, pad: [p, p]);
        Check.Close(y, expected, 1e-4, 1e-4, "forward");
        y.Backward(Nd.Array<double>(dyv, ys).AsType(DType.Float32));
        var dxRef = ConvRef.Deconv(dyv, ys, w, ws, null, [1, 1], [p, p], [1, 1], 1, [h, wd], out _);
        Check.Close(X.Grad!, dxRef, 1e-4, 1e-4, "data gradient");
    }

    [Fact]
    public void DeconvolutionForwardAndDataGradientUseIt()
    {
        // Deconvolution's forward is the convolution's data gradient and its data gradient the
        // convolution's forward: both run through Winograd at 16 -> 24 channels, 36 tiles.
        int[] xs = [4, 16, 9, 10], ws = [16, 24, 3, 3];
        var x = Check.Rand(4 * 16 * 90, 31);
        var w = Check.Rand(16 * 24 * 9, 32);
        var b = Check.Rand(24, 33);
        var expected = ConvRef.Deconv(x, xs, w, ws, b, [1, 1], [1, 1], [1, 1], 1, [9, 10], out var ys);
        var dyv = Check.Rand(expected.Length, 34);
        var X = Nd.Array<double>(x, xs).AsType(DType.Float32);
        var W = Nd.Array<double>(w, ws).AsType(DType.Float32);
        var B = Nd.Array<double>(b).AsType(DType.Float32);
        X.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.Deconvolution(X, W, B, [3, 3], 24, pad: [1, 1]);
        Check.Close(y, expected, 1e-4, 1e-4, "deconvolution forward");
        y.Backward(Nd.Array<double>(dyv, ys).AsType(DType.Float32));
        Check.Close(X.Grad!, ConvRef.Conv(dyv, ys, w, ws, null, [1, 1], [1, 1], [1, 1], 1, out _), 1e-4, 1e-4, "deconvolution data gradient");
    }

    [Fact]
    public void RepeatedCallsOfDifferentShapesAgree()
    {
        // Scratch (U, V, M, staging strips) is reused between calls and shapes: nothing stale may leak.
        float[] Run(int n, int c, int h, int f, int seed)
        {
            var x = ToFloat(Check.Rand(n * c * h * h, seed));
            var w = ToFloat(Check.Rand(f * c * 9, seed + 1));
            var y = new float[n * f * h * h];
            fixed (float* px = x, pw = w, py = y) Winograd.Forward(px, pw, py, null, n, c, h, h, f, 1, 1);
            return y;
        }
        var first = Run(2, 5, 11, 7, 21);
        Run(3, 40, 30, 24, 23);
        Assert.Equal(first, Run(2, 5, 11, 7, 21));
    }

    /// <summary>
    /// Every value within 3e-5 of the output's largest magnitude: F(4, 3) rounds more than a direct
    /// sum (transform coefficients up to 8 and 1/6), about 1e-5 of the scale in float.
    /// </summary>
    private static void Near(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-30, expected.Max(Math.Abs));
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 3e-5 * scale, $"{what}: index {i}: expected {expected[i]}, got {actual[i]} (output scale {scale})");
    }

    private static float[] ToFloat(double[] a) => Array.ConvertAll(a, v => (float)v);

    private static double[] ToDouble(float[] a) => Array.ConvertAll(a, v => (double)v);
}
