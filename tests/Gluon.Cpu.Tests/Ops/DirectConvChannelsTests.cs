using Gluon.Cpu.Kernels;
using Gluon.Ops.Definitions;

namespace Gluon.Tests.Ops;

/// <summary>
/// The channel-vector direct convolution (<see cref="DirectConvChannels"/>: 32 output channels ×
/// runs of 7 positions per register tile, weights packed by the test here) against plain loops in
/// double, on shapes that reach each of its branches: runs that end past a row (widths not a
/// multiple of 7), an odd run count (the one-run tile), channel counts that pad the last block,
/// stride 2 over a plain padded copy and stride 3 over phase planes, both splits over the cores (output rows, each core copying its rows; channel
/// blocks for small outputs), dilation, bias and none, several images. The kernels are Vector512 code, so they run (emulated where the
/// hardware lacks AVX-512) in every SIMD mode.
/// </summary>
public class DirectConvChannelsTests
{
    /// <summary>(n, ci, h, w, co, kernel, stride, pad, dilation, bias).</summary>
    public static TheoryData<int, int, int, int, int, int, int, int, int, bool> Cases() => new()
    {
        { 1, 64, 7, 7, 64, 3, 1, 1, 1, true },      // 512@7-like: 7 runs, the last alone
        { 1, 65, 14, 14, 70, 3, 1, 1, 1, false },   // channels not a multiple of 16: a padded last block
        { 1, 64, 28, 28, 96, 3, 2, 1, 1, true },    // stride 2 to 14-wide rows: two runs per row
        { 2, 64, 13, 11, 40, 3, 2, 1, 1, true },    // odd sizes: 6-wide rows, runs ending past the row; two images
        { 1, 70, 9, 9, 64, 3, 1, 0, 1, false },     // no padding, 7-wide rows
        { 1, 64, 10, 17, 33, 5, 2, 2, 1, true },    // 5×5 kernel, pad 2, 7-wide rows from 17 columns
        { 1, 64, 56, 56, 64, 3, 2, 1, 1, false },   // 28-wide rows: four runs a row, the cores split 56 tiles by rows
        { 1, 96, 15, 16, 64, 3, 1, 1, 1, true },    // 16-wide rows: runs of 7, 7 and 2; the cores' row ranges meet mid-row
        { 1, 64, 16, 16, 40, 3, 1, 2, 2, false },   // dilation 2: each core copies its rows and a 4-row halo
        { 3, 64, 14, 14, 64, 3, 2, 1, 1, true },    // three images, 7×7 outputs (channel blocks split, as at batch 16)
        { 1, 64, 22, 20, 40, 3, 3, 1, 1, false },   // stride 3: the phase-split copy (strides 1 and 2 take a plain padded one)
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public unsafe void ForwardMatchesPlainLoops(int n, int ci, int h, int w, int co, int k, int s, int p, int d, bool bias)
    {
        int oh = (h + 2 * p - d * (k - 1) - 1) / s + 1, ow = (w + 2 * p - d * (k - 1) - 1) / s + 1;
        var param = new ConvolutionParam
        {
            Kernel = [k, k], Stride = [s, s], Dilate = [d, d], Pad = [p, p], Adj = [], TargetShape = [],
            NumFilter = co, NumGroup = 1, Workspace = 0, NoBias = !bias,
        };
        var g = new ConvGeometry(param, new Shape(n, ci, h, w), new Shape(n, co, oh, ow), [p, p]);
        var rnd = new Random(17 + ci + co);
        float[] x = Rand(rnd, n * ci * h * w), wt = Rand(rnd, co * ci * k * k), b = Rand(rnd, co);
        var y = new float[n * co * oh * ow];
        Array.Fill(y, float.NaN);
        var packed = new float[DirectConvChannels.PackedFloats(g)];
        fixed (float* px = x, pw = wt, pb = b, py = y, pp = packed)
        {
            DirectConvChannels.PackWeights(pw, g, pp);
            DirectConvChannels.ForwardPacked(px, pp, py, g, bias ? pb : null);
        }
        var expected = new double[y.Length];
        for (int i = 0; i < n; i++)
            for (int o = 0; o < co; o++)
                for (int r = 0; r < oh; r++)
                    for (int c = 0; c < ow; c++)
                    {
                        double sum = bias ? b[o] : 0;
                        for (int q = 0; q < ci; q++)
                            for (int kh = 0; kh < k; kh++)
                                for (int kw = 0; kw < k; kw++)
                                {
                                    int ih = r * s + kh * d - p, iw = c * s + kw * d - p;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    sum += (double)wt[((o * ci + q) * k + kh) * k + kw] * x[((i * ci + q) * h + ih) * w + iw];
                                }
                        expected[((i * co + o) * oh + r) * ow + c] = sum;
                    }
        Check.Close(expected, Array.ConvertAll(y, v => (double)v), 1e-4, 1e-4, "channel tiles vs loop");
    }

    /// <summary>
    /// Through Nd.Convolution: the first calls take <see cref="DirectConv"/> (nothing cached), later
    /// ones the packed weights from <see cref="WeightCache"/>; each call matches the im2col path,
    /// and after the weights are written the next call uses the new weights (the cached pack is
    /// rebuilt, not reused).
    /// </summary>
    [Theory]
    [InlineData(64, 96, 14, 2, true)]
    [InlineData(96, 64, 7, 1, false)]
    public void CachedPackMatchesTheIm2colPathAndFollowsWeightWrites(int ci, int co, int hw, int s, bool bias)
    {
        var x = Check.RandArray(new Shape(1, ci, hw, hw), 31, dtype: DType.Float32);
        var w = Check.RandArray(new Shape(co, ci, 3, 3), 32, dtype: DType.Float32);
        var b = Check.RandArray(new Shape(co), 33, dtype: DType.Float32);
        NDArray Run() => Nd.Convolution(x, w, bias ? b : null, [3, 3], co, stride: [s, s], pad: [1, 1], noBias: !bias);
        var g = new ConvGeometry(new ConvolutionParam
        {
            Kernel = [3, 3], Stride = [s, s], Dilate = [1, 1], Pad = [1, 1], Adj = [], TargetShape = [],
            NumFilter = co, NumGroup = 1, Workspace = 0, NoBias = !bias,
        }, x.Shape, new Shape(1, co, (hw - 1) / s + 1, (hw - 1) / s + 1), [1, 1]);
        for (int round = 0; round < 2; round++)
        {
            double[] expected = ConvPaths.OnIm2colPath(Run);
            for (int call = 0; call < 4; call++) Check.Close(expected, Run().ToArray<double>(), 1e-4, 1e-4, $"round {round} call {call}");
            // After a write, WeightCache.Holds keeps the version it recorded first (only Get updates
            // it), so the second round checks the results only.
            if (round == 0 && DirectConvChannels.Applies(g)) Assert.True(DirectConvChannels.Cached(g, WeightKey.Of(w)), "the pack is cached after repeated calls");
            var span = w.Span<float>();
            for (int i = 0; i < span.Length; i += 7) span[i] = -span[i] + 0.25f;
        }
    }

    /// <summary>A 1-D convolution (one output row of 19 positions: runs of 7, 7 and 5) through the cache, against the im2col path.</summary>
    [Fact]
    public void OneDimensionalCachedPackMatchesTheIm2colPath()
    {
        var x = Check.RandArray(new Shape(1, 64, 37), 41, dtype: DType.Float32);
        var w = Check.RandArray(new Shape(72, 64, 5), 42, dtype: DType.Float32);
        var b = Check.RandArray(new Shape(72), 43, dtype: DType.Float32);
        NDArray Run() => Nd.Convolution(x, w, b, [5], 72, stride: [2], pad: [2]);
        double[] expected = ConvPaths.OnIm2colPath(Run);
        for (int call = 0; call < 4; call++) Check.Close(expected, Run().ToArray<double>(), 1e-4, 1e-4, $"call {call}");
    }


    private static float[] Rand(Random rnd, int count)
    {
        var a = new float[count];
        for (int i = 0; i < count; i++) a[i] = (float)(rnd.NextDouble() * 2 - 1);
        return a;
    }
}
