using Gluon.Cpu.Kernels;
using Gluon.Ops.Definitions;

namespace Gluon.Tests.Ops;

/// <summary>
/// The cached-weight 1×1 convolution (<see cref="PointwiseConv"/>: weights packed as MR-row panels
/// per k block, the image's columns packed per call, the batch's columns as one product) against
/// plain loops in double, on shapes that reach each of its branches: stride 1 and 2 (and unequal
/// strides), several k blocks (more than 256 input channels), output channels that pad the last
/// panel, column counts that pad the last column panel (49, 25, odd widths), column chunks inside
/// one image (written in place) and spanning images (gathered, then scattered), the split by
/// output-channel panels (few columns) and by column chunks (many), bias and none, the
/// single-threaded path (small work).
/// </summary>
[Collection(WeightCacheCollection.Name)]
public class PointwiseConvTests
{
    /// <summary>(n, ci, h, w, co, stride h, stride w, bias).</summary>
    public static TheoryData<int, int, int, int, int, int, int, bool> Cases() => new()
    {
        { 1, 512, 7, 7, 200, 1, 1, true },      // 49 columns (32 + 17), two k blocks, Co not a multiple of 8
        { 1, 300, 14, 14, 64, 2, 2, false },    // stride 2 to 7×7, k blocks of 150
        { 3, 64, 5, 5, 72, 1, 1, true },        // 75 columns over three images: one chunk spanning them
        { 2, 96, 37, 37, 80, 1, 1, false },     // 2738 columns: chunks split over the cores, some spanning the two images
        { 2, 128, 29, 31, 96, 2, 2, true },     // odd sizes at stride 2: 15×16 outputs
        { 1, 64, 9, 20, 64, 2, 3, true },       // unequal strides: 5×7
        { 1, 64, 3, 3, 64, 1, 1, false },       // 9 columns, little work: the calling thread alone
        { 16, 256, 7, 7, 128, 1, 1, true },     // batch 16 at 7×7: 784 columns, chunks across images
        { 1, 256, 28, 28, 128, 2, 2, false },   // 196 columns at batch 1 from a 28×28 image
        { 1, 64, 70, 69, 64, 2, 2, true },      // stride 2 to 35-wide rows: whole 16-lane shuffles, an odd input width
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public unsafe void ForwardMatchesPlainLoops(int n, int ci, int h, int w, int co, int sh, int sw, bool bias)
    {
        int oh = (h - 1) / sh + 1, ow = (w - 1) / sw + 1;
        var g = Geometry(n, ci, h, w, co, sh, sw, bias);
        Assert.True(g.K == 1 && g.OH == oh && g.OW == ow);
        var rnd = new Random(23 + ci + co + n);
        float[] x = Rand(rnd, n * ci * h * w), wt = Rand(rnd, co * ci), b = Rand(rnd, co);
        var y = new float[n * co * oh * ow];
        Array.Fill(y, float.NaN);
        var packed = new float[PointwiseConv.PackedFloats(g) + 16];
        fixed (float* px = x, pw = wt, pb = b, py = y, pp = packed)
        {
            PointwiseConv.PackWeights(pw, g, pp);
            PointwiseJob.Run(px, pp, py, g, bias ? pb : null);
        }
        Check.Close(Reference(x, wt, bias ? b : null, n, ci, h, w, co, sh, sw), Array.ConvertAll(y, v => (double)v), 1e-4, 1e-4, "pointwise vs loop");
    }

    /// <summary>
    /// Stride-1 chunks within one image (batch 1, and the single-image chunks of a larger batch): the
    /// whole column panels read in place from the image rows (<see cref="PointwiseJob.ImageRows"/>),
    /// the last columns packed (a 16-wide tile at most 16 of them), output channels that leave a
    /// partial row tile, several k blocks; strided images at batch 1 (their columns packed) beside
    /// them; with the switch on and off, both against plain loops.
    /// </summary>
    [Theory]
    [InlineData(1, 1024, 14, 14, 256, 1, 1, true)]   // 196 columns: 6 whole panels in place, 4 packed
    [InlineData(1, 300, 13, 13, 100, 1, 1, false)]   // 169 columns (tail 9), k blocks of 150, Co = 12·8 + 4
    [InlineData(1, 128, 8, 8, 64, 1, 1, true)]       // 64 columns: whole panels only, nothing packed
    [InlineData(1, 96, 5, 5, 72, 1, 1, false)]       // 25 columns: the packed tail alone
    [InlineData(1, 64, 7, 11, 70, 1, 1, true)]       // 77 columns (tail 13), Co = 8·8 + 6
    [InlineData(1, 80, 1, 150, 64, 1, 1, true)]      // 1-D: 150 columns (tail 22, a full-width packed tile)
    [InlineData(2, 64, 31, 33, 64, 1, 1, false)]     // 1023 columns an image: chunks within each image and one across both
    [InlineData(1, 512, 28, 28, 256, 2, 2, true)]    // stride 2 to 14×14 at batch 1: 196 packed columns
    [InlineData(1, 300, 27, 25, 100, 2, 2, false)]   // odd sizes: 14×13, k blocks of 150
    [InlineData(1, 64, 20, 40, 72, 1, 2, true)]      // column stride only (the shuffled copy), Co = 9·8
    [InlineData(1, 96, 30, 17, 64, 2, 1, false)]     // row stride only (whole rows copied)
    [InlineData(1, 200, 1, 301, 96, 1, 2, true)]     // 1-D at stride 2: 151 columns
    public unsafe void ImageRowPanelsMatchPlainLoops(int n, int ci, int h, int w, int co, int sh, int sw, bool bias)
    {
        var g = Geometry(n, ci, h, w, co, sh, sw, bias);
        var rnd = new Random(31 + ci + co + h);
        float[] x = Rand(rnd, n * ci * h * w), wt = Rand(rnd, co * ci), b = Rand(rnd, co);
        double[] expected = Reference(x, wt, bias ? b : null, n, ci, h, w, co, sh, sw);
        var packed = new float[PointwiseConv.PackedFloats(g) + 16];
        foreach (bool imageRows in new[] { true, false })
        {
            var y = new float[n * co * g.OH * g.OW];
            Array.Fill(y, float.NaN);
            PointwiseJob.ImageRows = imageRows;
            try
            {
                fixed (float* px = x, pw = wt, pb = b, py = y, pp = packed)
                {
                    PointwiseConv.PackWeights(pw, g, pp);
                    PointwiseJob.Run(px, pp, py, g, bias ? pb : null);
                }
            }
            finally { PointwiseJob.ImageRows = true; }
            Check.Close(expected, Array.ConvertAll(y, v => (double)v), 1e-4, 1e-4, $"image rows {imageRows}");
        }
    }

    /// <summary>
    /// Through Nd.Convolution: the first call records the weights (other paths), the next ones pack
    /// them into <see cref="WeightCache"/> and use them; every call matches a plain loop, and after
    /// the weights are written the following calls use the new weights (the cached pack is rebuilt).
    /// The 7×7 batch-1 cases are ones <see cref="DirectConvChannels"/> serves where it applies (at
    /// stride 2 on the densely copied pixels at the strides).
    /// </summary>
    [Theory]
    [InlineData(1, 128, 14, 96, 1, true)]
    [InlineData(2, 96, 9, 64, 2, false)]
    [InlineData(1, 64, 7, 80, 1, true)]
    [InlineData(4, 72, 12, 70, 1, false)]
    [InlineData(1, 96, 13, 64, 2, true)]
    [InlineData(1, 300, 14, 100, 1, true)]
    [InlineData(1, 64, 30, 72, 1, false)]
    public void CachedPackMatchesPlainLoopsAndFollowsWeightWrites(int n, int ci, int hw, int co, int s, bool bias)
    {
        var x = Check.RandArray(new Shape(n, ci, hw, hw), 51, dtype: DType.Float32);
        var w = Check.RandArray(new Shape(co, ci, 1, 1), 52, dtype: DType.Float32);
        var b = Check.RandArray(new Shape(co), 53, dtype: DType.Float32);
        NDArray Run() => Nd.Convolution(x, w, bias ? b : null, [1, 1], co, stride: [s, s], pad: [0, 0], noBias: !bias);
        var g = Geometry(n, ci, hw, hw, co, s, s, bias);
        float[] xs = x.ToArray<float>(), bs = b.ToArray<float>();
        for (int round = 0; round < 2; round++)
        {
            double[] expected = Reference(xs, w.ToArray<float>(), bias ? bs : null, n, ci, hw, hw, co, s, s);
            for (int call = 0; call < 4; call++) Check.Close(expected, Run().ToArray<double>(), 1e-4, 1e-4, $"round {round} call {call}");
            if (round == 0 && PointwiseConv.Applies(g))
                Assert.True(WeightCache.HoldsForm(WeightKey.Of(w), PointwiseConv.Layout(g), PointwiseConv.PackedFloats(g)), "the pack is cached after repeated calls");
            var span = w.Span<float>();
            for (int i = 0; i < span.Length; i += 5) span[i] = -span[i] + 0.25f;
        }
    }

    /// <summary>A 1-D 1×1 convolution at stride 2 (one output row of 40 positions) through the cache, against a plain loop.</summary>
    [Fact]
    public void OneDimensionalCachedPackMatchesPlainLoops()
    {
        var x = Check.RandArray(new Shape(2, 80, 79), 61, dtype: DType.Float32);
        var w = Check.RandArray(new Shape(72, 80, 1), 62, dtype: DType.Float32);
        var b = Check.RandArray(new Shape(72), 63, dtype: DType.Float32);
        NDArray Run() => Nd.Convolution(x, w, b, [1], 72, stride: [2], pad: [0]);
        double[] expected = Reference(x.ToArray<float>(), w.ToArray<float>(), b.ToArray<float>(), 2, 80, 1, 79, 72, 1, 2);
        for (int call = 0; call < 4; call++) Check.Close(expected, Run().ToArray<double>(), 1e-4, 1e-4, $"call {call}");
    }

    /// <summary>The split: few columns split the output-channel panels, many columns the column chunks (a multiple of the core count).</summary>
    [Fact]
    public void PlanSplitsRowsForFewColumnsAndChunksForMany()
    {
        PointwiseConv.Plan(Geometry(1, 2048, 7, 7, 512, 1, 1, false), 2, out int chunks, out int rowParts);
        Assert.Equal((1, 2), (chunks, rowParts));
        PointwiseConv.Plan(Geometry(16, 256, 28, 28, 512, 1, 1, false), 2, out chunks, out rowParts);
        Assert.Equal(1, rowParts);
        Assert.True(chunks >= 4 && chunks % 2 == 0, $"{chunks} chunks");
        PointwiseConv.Plan(Geometry(1, 64, 3, 3, 64, 1, 1, false), 2, out chunks, out rowParts);
        Assert.Equal((1, 1), (chunks, rowParts));
    }

    private static ConvGeometry Geometry(int n, int ci, int h, int w, int co, int sh, int sw, bool bias)
    {
        bool oneD = h == 1;
        var param = new ConvolutionParam
        {
            Kernel = oneD ? [1] : [1, 1], Stride = oneD ? [sw] : [sh, sw], Dilate = oneD ? [1] : [1, 1], Pad = oneD ? [0] : [0, 0],
            Adj = [], TargetShape = [], NumFilter = co, NumGroup = 1, Workspace = 0, NoBias = !bias,
        };
        int oh = (h - 1) / sh + 1, ow = (w - 1) / sw + 1;
        return oneD
            ? new ConvGeometry(param, new Shape(n, ci, w), new Shape(n, co, ow), [0])
            : new ConvGeometry(param, new Shape(n, ci, h, w), new Shape(n, co, oh, ow), [0, 0]);
    }

    /// <summary>y[i, o, r, c] = Σ_q w[o, q]·x[i, q, r·sh, c·sw] + b[o] in double.</summary>
    private static double[] Reference(float[] x, float[] w, float[]? b, int n, int ci, int h, int wd, int co, int sh, int sw)
    {
        int oh = (h - 1) / sh + 1, ow = (wd - 1) / sw + 1;
        var y = new double[n * co * oh * ow];
        for (int i = 0; i < n; i++)
            for (int o = 0; o < co; o++)
                for (int r = 0; r < oh; r++)
                    for (int c = 0; c < ow; c++)
                    {
                        double sum = b is null ? 0 : b[o];
                        for (int q = 0; q < ci; q++) sum += (double)w[o * ci + q] * x[((i * ci + q) * h + r * sh) * wd + c * sw];
                        y[((i * co + o) * oh + r) * ow + c] = sum;
                    }
        return y;
    }

    private static float[] Rand(Random rnd, int count)
    {
        var a = new float[count];
        for (int i = 0; i < count; i++) a[i] = (float)(rnd.NextDouble() * 2 - 1);
        return a;
    }
}
