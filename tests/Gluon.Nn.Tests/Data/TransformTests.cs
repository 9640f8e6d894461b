using Gluon.Data;
using Gluon.Data.Vision.Transforms;
using Gluon.Nn;

namespace Gluon.Tests.Data;

[Collection(ProcessStateCollection.Name)]
public class TransformTests
{
    /// <summary>An (h, w, c) uint8 image with pixel (y, x, ch) = (7y + 3x + 50ch) % 256.</summary>
    private static NDArray Image(int h, int w, int c, int n = 0)
    {
        int count = Math.Max(n, 1);
        var v = new byte[count * h * w * c];
        for (int i = 0; i < count; i++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int ch = 0; ch < c; ch++) v[((i * h + y) * w + x) * c + ch] = (byte)((7 * y + 3 * x + 50 * ch + 11 * i) % 256);
        return Nd.Array<byte>(v, n == 0 ? new Shape(h, w, c) : new Shape(n, h, w, c));
    }

    private static double At(byte[] hwc, int w, int c, int y, int x, int ch) => hwc[(y * w + x) * c + ch];

    [Theory]
    [InlineData(5, 7, 1, 0)]
    [InlineData(4, 3, 3, 0)]
    [InlineData(4, 3, 3, 2)]
    [InlineData(2, 9, 1, 3)]
    public void ToTensorTransposesAndScales(int h, int w, int c, int n)
    {
        var x = Image(h, w, c, n);
        var src = x.ToArray<byte>();
        int count = Math.Max(n, 1);
        var expected = new double[src.Length];
        for (int i = 0; i < count; i++)
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h; y++)
                    for (int xx = 0; xx < w; xx++)
                        expected[((i * c + ch) * h + y) * w + xx] = (float)(src[((i * h + y) * w + xx) * c + ch] / 255f);
        var fast = new ToTensor().Call(x);
        Assert.Equal(DType.Float32, fast.DType);
        Assert.Equal(n == 0 ? new Shape(c, h, w) : new Shape(n, c, h, w), fast.Shape);
        Check.Close(fast, expected, rtol: 0, atol: 0);
        var viaFloat = new ToTensor().Call(x.AsType(DType.Float32));
        Check.Close(viaFloat, expected, rtol: 0, atol: 0);
        // Under autograd recording the op composition runs; it must agree.
        NDArray recorded;
        using (Autograd.Record()) recorded = new ToTensor().Call(x.AsType(DType.Float32));
        Check.Close(recorded, expected, rtol: 1e-6, atol: 1e-7);
        Check.Throws<ArgumentException>(() => new ToTensor().Call(Nd.Zeros(3, 4)), "ToTensor", "(3, 4)");
        Check.Throws<ArgumentException>(() => new ToTensor().Call(Nd.Zeros(new Shape(2, 2, 1), DType.Int32)), "ToTensor", "int32");
    }

    [Fact]
    public void NormalizeSubtractsMeanAndDividesByStdPerChannel()
    {
        var x = Check.RandArray(new Shape(2, 3, 4, 5), seed: 4, dtype: DType.Float32);
        float[] mean = [0.1f, -0.2f, 0.3f], std = [0.5f, 2f, 0.25f];
        var v = x.ToArray<float>();
        var expected = new double[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            int ch = i / 20 % 3;
            expected[i] = (v[i] - mean[ch]) / std[ch];
        }
        var norm = new Normalize(mean, std);
        Check.Close(norm.Call(x), expected, rtol: 1e-6, atol: 1e-6);
        Check.Close(norm.Call(x[0]), expected.AsSpan(0, 60), rtol: 1e-6, atol: 1e-6);
        NDArray recorded;
        using (Autograd.Record()) recorded = norm.Call(x);
        Check.Close(recorded, expected, rtol: 1e-6, atol: 1e-6);
        var scalar = new Normalize(0.5f, 2f).Call(x);
        Check.Close(scalar, v.Select(a => (a - 0.5) / 2.0).ToArray(), rtol: 1e-6, atol: 1e-6);
        Check.Throws<ArgumentException>(() => new Normalize([0f, 0f], [1f, 1f]).Call(x), "Normalize", "mean has 2 values", "3 channels");
        Check.Throws<ArgumentException>(() => new Normalize(0f, 0f), "std must not be 0");
    }

    [Fact]
    public void RandomFlipsMirrorTheRightAxisAboutHalfTheTime()
    {
        var x = Image(3, 4, 3);
        var src = x.ToArray<byte>();
        var lr = new byte[src.Length];
        var tb = new byte[src.Length];
        for (int y = 0; y < 3; y++)
            for (int xx = 0; xx < 4; xx++)
                for (int ch = 0; ch < 3; ch++)
                {
                    lr[(y * 4 + xx) * 3 + ch] = src[(y * 4 + 3 - xx) * 3 + ch];
                    tb[(y * 4 + xx) * 3 + ch] = src[((2 - y) * 4 + xx) * 3 + ch];
                }
        Nd.Random.Seed(5);
        int flippedLr = 0, flippedTb = 0;
        var flipLr = new RandomFlipLeftRight();
        var flipTb = new RandomFlipTopBottom();
        for (int t = 0; t < 200; t++)
        {
            var a = flipLr.Call(x).ToArray<byte>();
            if (a.SequenceEqual(lr)) flippedLr++;
            else Assert.Equal(src, a);
            var b = flipTb.Call(x).ToArray<byte>();
            if (b.SequenceEqual(tb)) flippedTb++;
            else Assert.Equal(src, b);
        }
        Assert.InRange(flippedLr, 60, 140);
        Assert.InRange(flippedTb, 60, 140);
        // Single-channel rows take the vectorized reverse.
        var gray = Image(2, 37, 1);
        var g = gray.ToArray<byte>();
        NDArray? flipped = null;
        for (int t = 0; t < 64 && flipped is null; t++)
        {
            var r = flipLr.Call(gray);
            if (!ReferenceEquals(r, gray)) flipped = r;
        }
        Assert.NotNull(flipped);
        var f = flipped!.ToArray<byte>();
        for (int y = 0; y < 2; y++)
            for (int xx = 0; xx < 37; xx++) Assert.Equal(g[y * 37 + 36 - xx], f[y * 37 + xx]);
    }

    /// <summary>Bilinear resize on OpenCV's grid, written out plainly.</summary>
    private static double[] ResizeReference(byte[] src, int h, int w, int c, int outH, int outW)
    {
        static (int, int, double) Coord(int d, int inSize, int outSize)
        {
            double s = (d + 0.5) * inSize / outSize - 0.5;
            int s0 = (int)Math.Floor(s);
            double t = s - s0;
            if (s0 < 0) { s0 = 0; t = 0; }
            if (s0 >= inSize - 1) { s0 = inSize - 1; t = 0; }
            return (s0, Math.Min(s0 + 1, inSize - 1), t);
        }
        var o = new double[outH * outW * c];
        for (int y = 0; y < outH; y++)
        {
            var (y0, y1, ty) = Coord(y, h, outH);
            for (int x = 0; x < outW; x++)
            {
                var (x0, x1, tx) = Coord(x, w, outW);
                for (int ch = 0; ch < c; ch++)
                {
                    double top = At(src, w, c, y0, x0, ch) * (1 - tx) + At(src, w, c, y0, x1, ch) * tx;
                    double bottom = At(src, w, c, y1, x0, ch) * (1 - tx) + At(src, w, c, y1, x1, ch) * tx;
                    o[(y * outW + x) * c + ch] = top * (1 - ty) + bottom * ty;
                }
            }
        }
        return o;
    }

    [Theory]
    [InlineData(6, 8, 3, 3, 4)]
    [InlineData(5, 5, 1, 9, 7)]
    [InlineData(4, 10, 2, 4, 10)]
    public void ResizeIsBilinearOnOpenCvsGrid(int h, int w, int c, int outH, int outW)
    {
        var x = Image(h, w, c);
        var expected = ResizeReference(x.ToArray<byte>(), h, w, c, outH, outW);
        var f = new Resize((outW, outH)).Call(x.AsType(DType.Float32));
        Assert.Equal(new Shape(outH, outW, c), f.Shape);
        Check.Close(f, expected, rtol: 1e-5, atol: 1e-4);
        var u = new Resize((outW, outH)).Call(x);
        Assert.Equal(DType.UInt8, u.DType);
        Check.Close(u, expected.Select(v => Math.Round(v)).ToArray(), rtol: 0, atol: 1);
        var batch = new Resize((outW, outH)).Call(Nd.Stack(x, x));
        Assert.Equal(new Shape(2, outH, outW, c), batch.Shape);
        Assert.Equal(u.ToArray<byte>(), batch[1].ToArray<byte>());
    }

    [Fact]
    public void ResizeKeepRatioScalesTheShorterEdge()
    {
        Assert.Equal(new Shape(4, 6, 1), new Resize(4, keepRatio: true).Call(Image(10, 15, 1)).Shape);
        // 19 * 4 / 11 = 6.9, floored as MXNet does in integer arithmetic.
        Assert.Equal(new Shape(6, 4, 1), new Resize(4, keepRatio: true).Call(Image(19, 11, 1)).Shape);
        Assert.Equal(new Shape(4, 4, 1), new Resize(4).Call(Image(19, 11, 1)).Shape);
        Check.Throws<NotSupportedException>(() => new Resize(4, interpolation: 3).Call(Image(5, 5, 1)), "interpolation 3");
    }

    [Fact]
    public void CenterCropTakesTheMiddleWindow()
    {
        var x = Image(7, 9, 3);
        var src = x.ToArray<byte>();
        var crop = new CenterCrop((4, 3)).Call(x);
        Assert.Equal(new Shape(3, 4, 3), crop.Shape);
        // x0 = (9 - 4) / 2 = 2, y0 = (7 - 3) / 2 = 2.
        var c = crop.ToArray<byte>();
        for (int y = 0; y < 3; y++)
            for (int xx = 0; xx < 4; xx++)
                for (int ch = 0; ch < 3; ch++) Assert.Equal(src[((y + 2) * 9 + xx + 2) * 3 + ch], c[(y * 4 + xx) * 3 + ch]);
        // Larger than the image: the largest centred 1:1 window (7x7 at x0 = 1) resized up to 10x10.
        var up = new CenterCrop(10).Call(x.AsType(DType.Float32));
        Assert.Equal(new Shape(10, 10, 3), up.Shape);
        var window = new byte[7 * 7 * 3];
        for (int y = 0; y < 7; y++)
            for (int xx = 0; xx < 7; xx++)
                for (int ch = 0; ch < 3; ch++) window[(y * 7 + xx) * 3 + ch] = src[(y * 9 + xx + 1) * 3 + ch];
        Check.Close(up, ResizeReference(window, 7, 7, 3, 10, 10), rtol: 1e-5, atol: 1e-4);
    }

    [Fact]
    public void RandomResizedCropGivesTheSizeAndAWindowOfTheImage()
    {
        Nd.Random.Seed(9);
        var x = Image(20, 30, 1);
        var t = new RandomResizedCrop(8, scale: (0.5, 0.5), ratio: (1.0, 1.0));
        for (int i = 0; i < 5; i++)
        {
            var y = t.Call(x);
            Assert.Equal(new Shape(8, 8, 1), y.Shape);
        }
        // Area 1.0 and ratio 1.5 fit only at the full 30x20 window: the output is a plain resize.
        var full = new RandomResizedCrop((15, 10), scale: (1.0, 1.0), ratio: (1.5, 1.5)).Call(x.AsType(DType.Float32));
        Check.Close(full, ResizeReference(x.ToArray<byte>(), 20, 30, 1, 10, 15), rtol: 1e-5, atol: 1e-4);
        // Nothing fits (ratio 100): falls back to the centre crop.
        var fallback = new RandomResizedCrop(6, scale: (1.0, 1.0), ratio: (100.0, 100.0)).Call(x);
        Assert.Equal(new CenterCrop(6).Call(x).ToArray<byte>(), fallback.ToArray<byte>());
    }

    [Fact]
    public void ComposeChainsAndGroupsHybridRuns()
    {
        var t = new Compose(new ToTensor(), new Normalize(0.5f, 0.25f), new CenterCrop(2), new Cast(DType.Float64));
        Assert.Equal(3, t.Count);
        Assert.IsType<HybridSequential>(t[0]);
        Assert.IsType<CenterCrop>(t[1]);
        Assert.IsType<Cast>(t[2]);
        var x = Image(2, 2, 1);
        var y = new Compose(new ToTensor(), new Normalize(0.5f, 0.25f), new Cast(DType.Float64)).Call(x);
        Assert.Equal(DType.Float64, y.DType);
        Check.Close(y, x.ToArray<byte>().Select(v => ((double)(float)(v / 255f) - 0.5) / 0.25).ToArray(), rtol: 1e-6, atol: 1e-6);
    }

    [Fact]
    public void TransformFirstWithToTensorFeedsTheDataLoader()
    {
        var images = Enumerable.Range(0, 6).Select(i => Image(4, 4, 1)).ToArray();
        var ds = new ArrayDataset<NDArray, int>(images, [0, 1, 2, 3, 4, 5]);
        var toTensor = new ToTensor();
        using var loader = new DataLoader<(NDArray, int)>(ds.TransformFirst(toTensor.Call), batchSize: 4, numWorkers: 2);
        var (data, label) = loader.First();
        Assert.Equal(new Shape(4, 1, 4, 4), data.Shape);
        Assert.Equal(DType.Float32, data.DType);
        Check.Close(data[2], new ToTensor().Call(images[2]).ToArray<double>(), rtol: 0, atol: 0);
        Assert.Equal([0, 1, 2, 3], label.ToArray<int>());
    }
}
