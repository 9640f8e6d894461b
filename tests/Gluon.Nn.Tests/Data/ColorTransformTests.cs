using Gluon.Data.Vision.Transforms;

namespace Gluon.Tests.Data;

[Collection(ProcessStateCollection.Name)]
public class ColorTransformTests
{
    private static NDArray Image(int h, int w, int c)
    {
        var v = new byte[h * w * c];
        for (int i = 0; i < v.Length; i++) v[i] = (byte)(i * 37 % 256);
        return Nd.Array<byte>(v, new Shape(h, w, c));
    }

    /// <summary>The alpha a transform drew: re-seeds, draws U(lo, hi) from the global generator the same way.</summary>
    private static float Alpha(int seed, double lo, double hi)
    {
        var rng = new RandomGenerator((ulong)seed);
        return (float)(lo + (hi - lo) * rng.NextDouble());
    }

    [Fact]
    public void RandomBrightnessScalesByOneDrawnFactor()
    {
        var x = Image(3, 5, 3);
        Nd.Random.Seed(21);
        var yf = new RandomBrightness(0.5f).Call(x.AsType(DType.Float32));
        float alpha = Alpha(21, 0.5, 1.5);
        var v = x.ToArray<byte>();
        Check.Close(yf, v.Select(e => (double)(e * alpha)).ToArray(), rtol: 1e-6, atol: 1e-5);
        Nd.Random.Seed(21);
        var yu = new RandomBrightness(0.5f).Call(x);
        Assert.Equal(DType.UInt8, yu.DType);
        Assert.Equal(v.Select(e => (byte)Math.Clamp(e * alpha, 0f, 255f)), yu.ToArray<byte>());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void RandomContrastBlendsWithTheMeanGray(int c)
    {
        var x = Image(4, 3, c);
        var v = x.ToArray<byte>();
        double sum = 0;
        for (int p = 0; p < 12; p++)
            sum += c == 1 ? v[p] : v[3 * p] * 0.299 + v[3 * p + 1] * 0.587 + v[3 * p + 2] * 0.114;
        double mean = sum / 12;
        Nd.Random.Seed(8);
        var y = new RandomContrast(0.4f).Call(x.AsType(DType.Float32));
        float alpha = Alpha(8, 0.6, 1.4);
        Check.Close(y, v.Select(e => e * (double)alpha + (1 - alpha) * mean).ToArray(), rtol: 1e-5, atol: 1e-4);
        Nd.Random.Seed(8);
        var yu = new RandomContrast(0.4f).Call(x).ToArray<byte>();
        for (int i = 0; i < v.Length; i++)
        {
            // Clamped then truncated, as MXNet's saturate_cast; ±1 for float rounding at integer boundaries.
            int e = (int)Math.Clamp(v[i] * alpha + (1 - alpha) * mean, 0, 255);
            Assert.InRange(yu[i], e - 1, e + 1);
        }
    }

    [Fact]
    public void CropResizeCropsImagesAndBatches()
    {
        var x = Image(6, 7, 2);
        var v = x.ToArray<byte>();
        var crop = new CropResize(2, 1, 3, 4).Call(x);
        Assert.Equal(new Shape(4, 3, 2), crop.Shape);
        var c = crop.ToArray<byte>();
        for (int y = 0; y < 4; y++)
            for (int xx = 0; xx < 3; xx++)
                for (int ch = 0; ch < 2; ch++) Assert.Equal(v[((y + 1) * 7 + xx + 2) * 2 + ch], c[(y * 3 + xx) * 2 + ch]);
        var batch = new CropResize(2, 1, 3, 4).Call(Nd.Stack(x, x));
        Assert.Equal(new Shape(2, 4, 3, 2), batch.Shape);
        Assert.Equal(c, batch[1].ToArray<byte>());
        var resized = new CropResize(2, 1, 3, 4, size: (6, 8)).Call(x);
        Assert.Equal(new Shape(8, 6, 2), resized.Shape);
        Assert.Equal(new Resize((6, 8)).Call(crop).ToArray<byte>(), resized.ToArray<byte>());
        Check.Throws<ArgumentException>(() => new CropResize(5, 0, 3, 3).Call(x), "CropResize", "(6, 7, 2)");
    }

    [Fact]
    public void RandomApplyAppliesWithProbabilityP()
    {
        var x = Image(2, 2, 1);
        var flip = new RandomApply(new Cast(DType.Float64), p: 0.3);
        Nd.Random.Seed(2);
        int applied = 0;
        for (int i = 0; i < 300; i++)
            if (flip.Call(x).DType == DType.Float64) applied++;
        Assert.InRange(applied, 60, 120);
        Assert.Equal(DType.UInt8, new RandomApply(new Cast(DType.Float64), p: 0).Call(x).DType);
        Assert.Equal(DType.Float64, new RandomApply(new Cast(DType.Float64), p: 1).Call(x).DType);
        Check.Throws<ArgumentOutOfRangeException>(() => new RandomApply(new Cast(), p: 1.5), "RandomApply", "1.5");
    }
}
