using Gluon.Cpu.Kernels;

namespace Gluon.Tests.Ops;

/// <summary>
/// The direct (implicit-GEMM) float32 convolution: forward over the padded, phase-split image copy,
/// the stride-1 data gradient as a flipped-kernel forward, and the small-kernel weight gradient,
/// against plain loops (through <see cref="ConvolutionPathTests"/>), against the im2col path, and
/// by finite differences in float32 (the loss is linear in each input, so central differences are
/// exact up to rounding).
/// </summary>
public class DirectConvTests
{
    /// <summary>(data shape, num_filter, kernel, stride, pad, dilate, groups): shapes that reach each branch of DirectConv.</summary>
    public static TheoryData<int[], int, int[], int[], int[], int[], int> Cases() => new()
    {
        { [3, 1, 12, 12], 6, [5, 5], [1, 1], [2, 2], [1, 1], 1 },      // LeNet conv1: 6 channels pad to a tile, direct dW
        { [4, 6, 14, 14], 16, [5, 5], [1, 1], [0, 0], [1, 1], 1 },     // LeNet conv2: flipped dx, direct dW, whole images per core
        { [1, 6, 14, 14], 16, [5, 5], [1, 1], [0, 0], [1, 1], 1 },     // LeNet conv2 batch 1
        { [1, 3, 23, 21], 9, [7, 7], [2, 2], [3, 3], [1, 1], 1 },      // stem: 7x7 stride 2, four phases, odd sizes
        { [2, 5, 17, 16], 7, [3, 3], [2, 2], [1, 1], [1, 1], 1 },      // 3x3 stride 2
        { [1, 64, 9, 9], 72, [3, 3], [2, 2], [1, 1], [1, 1], 1 },      // few tiles: channel blocks split over the cores
        { [2, 8, 13, 11], 12, [1, 3], [2, 2], [0, 1], [1, 1], 1 },     // 1x3 stride 2: one row phase, two column phases
        { [2, 4, 16, 17], 6, [3, 3], [3, 2], [2, 1], [2, 3], 2 },      // stride 3/2, dilation 2/3, groups
        { [2, 8, 10, 9], 10, [5, 3], [1, 1], [2, 1], [1, 2], 2 },      // uneven kernel, dilation, groups of 5 channels, flipped dx
        { [1, 32, 40, 40], 24, [3, 3], [1, 1], [1, 1], [1, 1], 1 },    // batch 1 large enough to share one image's tiles
        { [3, 4, 37], 5, [5], [1], [2], [1], 1 },                      // 1-D
        { [3, 256, 5, 5], 72, [3, 3], [1, 1], [1, 1], [1, 1], 1 },     // weights past L2: read block by block over the tiles
        { [1, 1820, 7, 7], 8, [3, 3], [2, 2], [1, 1], [1, 1], 1 },     // batch 1, one block of weights past L2
        { [2, 3, 11, 10], 2, [3, 3], [1, 1], [1, 1], [1, 1], 1 },      // two channels: one-channel tiles; dx with three
        { [2, 4, 9, 12], 4, [3, 3], [2, 1], [1, 1], [1, 1], 2 },       // groups of two channels: one-channel tiles per group, stride 2x1
        { [2, 4, 9, 9], 8, [3, 3], [1, 1], [3, 3], [1, 1], 1 },        // pad beyond the kernel extent: im2col data gradient
        { [2, 6, 10, 10], 8, [1, 1], [2, 2], [0, 0], [1, 1], 1 },      // 1x1 stride 2: one plane, wide layout = output
        { [1, 5, 11, 9], 9, [1, 1], [2, 2], [1, 1], [1, 1], 1 },       // 1x1 stride 2, pad, odd sizes, a partial channel block
        { [2, 4, 9, 12], 6, [1, 1], [2, 3], [0, 0], [1, 1], 2 },       // 1x1 stride 2x3 with groups
        { [1, 64, 30, 30], 72, [1, 1], [2, 2], [0, 0], [1, 1], 1 },    // 1x1 stride 2, batch 1 sharing one image's tiles
        { [3, 16, 40, 40], 24, [1, 1], [2, 2], [0, 0], [1, 1], 1 },    // 1x1 stride 2, whole images per core
        { [2, 3, 12, 10], 5, [2, 2], [2, 2], [0, 0], [1, 1], 1 },      // 2x2 stride 2: four phases, no dropped columns
        { [2, 300, 6, 6], 4, [1, 1], [2, 2], [0, 0], [1, 1], 1 },      // 1x1 stride 2, many channels: im2col path
        { [1, 3, 32, 32], 24, [7, 7], [2, 2], [3, 3], [1, 1], 1 },     // stem-like, rows of whole vectors stored in place, batch 1 shared
        { [2, 3, 30, 32], 24, [7, 7], [2, 2], [3, 3], [1, 1], 1 },     // in-place rows, odd number of row runs, whole images per core
        { [2, 4, 9, 16], 48, [3, 3], [1, 1], [1, 1], [1, 1], 2 },      // in-place rows with groups of 24 channels
        { [1, 24, 8, 16], 8, [3, 3], [1, 1], [1, 1], [1, 1], 1 },      // in-place rows in the flipped data-gradient forward
        { [1, 32, 24, 23], 128, [3, 3], [2, 2], [1, 1], [1, 1], 1 },   // batch 1, weights outweigh the image copy: channel blocks split, all tiles per item
        { [2, 8, 28, 27], 24, [3, 3], [2, 2], [1, 1], [1, 1], 1 },     // 14-wide rows: runs of 16 stored under a mask (AVX-512, AVX2)
        { [1, 16, 5, 6], 24, [2, 3], [1, 1], [1, 1], [1, 1], 2 },      // 6-wide rows: masked runs on 256- and 128-bit vectors, groups
        { [2, 6, 9, 35], 8, [3, 3], [2, 2], [2, 0], [1, 1], 1 },      // image copy: pad 2 rows / 0 columns, plane rows of 17 and 18 (a masked second vector)
        { [1, 5, 6, 19], 7, [3, 3], [1, 1], [0, 2], [1, 1], 1 },       // image copy at stride 1: rows of 23 with two padded columns each side
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32ForwardAndGradientsMatchLoops(int[] xs, int f, int[] k, int[] s, int[] p, int[] d, int g) =>
        new ConvolutionPathTests().Float32ForwardAndGradientsMatchLoops(xs, f, k, s, p, d, g);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NoBiasForwardMatchesTheIm2colPath(bool threaded) =>
        NoBiasMatchesIm2col(threaded ? 3 : 1, threaded ? 16 : 3, threaded ? 30 : 11, 10, 91);

    /// <summary>Stride 2: output rows of 16 (whole vectors for every ISA) or 14 (a masked last run), stored without the wide block.</summary>
    [Theory]
    [InlineData(1, 32)]
    [InlineData(3, 32)]
    [InlineData(1, 28)]
    public void InPlaceRowsWithoutBiasMatchTheIm2colPath(int n, int hw) => NoBiasMatchesIm2col(n, 8, hw, 24, 96);

    /// <summary>
    /// ResNet's stem (7×7 stride 2 pad 3 on 3 channels) at batch 1 and 3: one image on two cores,
    /// each core working from its own copy of it, against the im2col path.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void StemShapeMatchesTheIm2colPath(int n)
    {
        var x = Check.RandArray(new Shape(n, 3, 64, 64), 97, dtype: DType.Float32);
        var w = Check.RandArray(new Shape(64, 3, 7, 7), 98, dtype: DType.Float32);
        var b = Check.RandArray(new Shape(64), 99, dtype: DType.Float32);
        NDArray Run() => Nd.Convolution(x, w, b, [7, 7], 64, stride: [2, 2], pad: [3, 3]);
        Check.Close(Run().ToArray<double>(), ConvPaths.OnIm2colPath(Run), 1e-5, 1e-5);
    }

    /// <summary>A 3×3 stride-2 pad-1 convolution without bias, direct path against the im2col path.</summary>
    private static void NoBiasMatchesIm2col(int n, int c, int hw, int f, int seed)
    {
        var x = Check.RandArray(new Shape(n, c, hw, hw), seed, dtype: DType.Float32);
        var w = Check.RandArray(new Shape(f, c, 3, 3), seed + 1, dtype: DType.Float32);
        NDArray Run() => Nd.Convolution(x, w, null, [3, 3], f, stride: [2, 2], pad: [1, 1], noBias: true);
        var direct = Run().ToArray<double>();
        double[] im2col = ConvPaths.OnIm2colPath(Run);
        Check.Close(direct, im2col, 1e-5, 1e-5);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, true)]
    public void Pointwise1x1Stride2MatchesTheIm2colPathAndAPlainLoop(int n, bool bias)
    {
        const int c = 24, hw = 26, f = 20;
        var x = Check.RandArray(new Shape(n, c, hw, hw), 93, dtype: DType.Float32);
        var w = Check.RandArray(new Shape(f, c, 1, 1), 94, dtype: DType.Float32);
        var b = Check.RandArray(new Shape(f), 95, dtype: DType.Float32);
        NDArray Run() => Nd.Convolution(x, w, bias ? b : null, [1, 1], f, stride: [2, 2], noBias: !bias);
        var direct = Run().ToArray<double>();
        double[] im2col = ConvPaths.OnIm2colPath(Run);
        double[] xv = x.ToArray<double>(), wv = w.ToArray<double>(), bv = b.ToArray<double>();
        int o = hw / 2;
        var expected = new double[n * f * o * o];
        for (int i = 0; i < n; i++)
            for (int co = 0; co < f; co++)
                for (int oh = 0; oh < o; oh++)
                    for (int ow = 0; ow < o; ow++)
                    {
                        double s = bias ? bv[co] : 0;
                        for (int ci = 0; ci < c; ci++) s += wv[co * c + ci] * xv[((i * c + ci) * hw + 2 * oh) * hw + 2 * ow];
                        expected[((i * f + co) * o + oh) * o + ow] = s;
                    }
        Check.Close(expected, direct, 1e-4, 1e-4, "direct vs loop");
        Check.Close(expected, im2col, 1e-4, 1e-4, "im2col vs loop");
    }

    [Theory]
    [InlineData(new[] { 2, 4, 6, 7 }, 5, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, 1)]   // direct forward, flipped dx, direct dW
    [InlineData(new[] { 2, 6, 7, 6 }, 4, new[] { 3, 2 }, new[] { 2, 1 }, new[] { 1, 0 }, 2)]   // stride 2 phases, groups
    [InlineData(new[] { 2, 1, 8, 8 }, 6, new[] { 5, 5 }, new[] { 1, 1 }, new[] { 2, 2 }, 1)]   // LeNet conv1
    [InlineData(new[] { 2, 4, 7, 6 }, 9, new[] { 1, 1 }, new[] { 2, 2 }, new[] { 0, 0 }, 1)]   // 1x1 stride 2
    [InlineData(new[] { 2, 4, 6, 6 }, 3, new[] { 2, 2 }, new[] { 2, 2 }, new[] { 1, 1 }, 1)]   // 2x2 stride 2 with padding
    public void Float32GradientsMatchFiniteDifferences(int[] xs, int f, int[] k, int[] s, int[] p, int g)
    {
        var x = Check.RandArray(new Shape(xs), 101, dtype: DType.Float32);
        var w = Check.RandArray(new Shape([f, xs[1] / g, .. k]), 102, dtype: DType.Float32);
        var b = Check.RandArray(new Shape(f), 103, dtype: DType.Float32);
        NDArray Conv() => Nd.Convolution(x, w, b, k, f, stride: s, pad: p, numGroup: g);
        NDArray y0;
        using (Autograd.Pause()) y0 = Conv();
        var head = Check.RandArray(y0.Shape, 104, 0.5, 1.5, DType.Float32);
        var hv = head.ToArray<double>();
        x.AttachGrad();
        w.AttachGrad();
        b.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Conv();
        y.Backward(head);
        double Loss()
        {
            using var _ = Autograd.Pause();
            var v = Conv().ToArray<double>();
            double sum = 0;
            for (int i = 0; i < v.Length; i++) sum += v[i] * hv[i];
            return sum;
        }
        foreach (var (a, name) in new[] { (x, "data"), (w, "weight"), (b, "bias") })
        {
            var analytic = a.Grad!.ToArray<double>();
            var data = a.Span<float>();
            var numeric = new double[data.Length];
            for (int i = 0; i < data.Length; i++)
            {
                float orig = data[i];
                data[i] = orig + 0.5f; double lp = Loss();
                data[i] = orig - 0.5f; double lm = Loss();
                data[i] = orig;
                numeric[i] = lp - lm;
            }
            Check.Close(numeric, analytic, 1e-3, 1e-3, $"{name} gradient");
        }
    }
}
