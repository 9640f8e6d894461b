namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// Crops a random window of an HWC image and resizes it to (width, height) (MXNet's
/// <c>transforms.RandomResizedCrop(size, scale=(0.08, 1.0), ratio=(3/4, 4/3), interpolation=1)</c>,
/// i.e. <c>mx.image.random_size_crop</c>). Up to 10 tries: area = U(scale)·H·W, aspect ratio =
/// exp(U(log ratio)), window w = round(sqrt(area·ratio)), h = round(sqrt(area/ratio)); the first
/// window that fits is placed uniformly at random. If none fits, a centre crop is taken.
/// Draws from <see cref="RandomGenerator.Global"/>.
/// </summary>
public sealed class RandomResizedCrop : Block
{
    private readonly int _width, _height, _interpolation;
    private readonly (double Min, double Max) _scale, _ratio;

    /// <summary>A random crop resized to <paramref name="size"/>×<paramref name="size"/>.</summary>
    public RandomResizedCrop(int size, (double Min, double Max)? scale = null, (double Min, double Max)? ratio = null, int interpolation = 1)
        : this((size, size), scale, ratio, interpolation) { }

    /// <summary>A random crop resized to size = (width, height).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or a range is empty or not positive.</exception>
    public RandomResizedCrop((int Width, int Height) size, (double Min, double Max)? scale = null, (double Min, double Max)? ratio = null, int interpolation = 1)
    {
        if (size.Width <= 0 || size.Height <= 0)
            throw new ArgumentOutOfRangeException(nameof(size), $"RandomResizedCrop: size (w={size.Width}, h={size.Height}) must be positive");
        _scale = scale ?? (0.08, 1.0);
        _ratio = ratio ?? (3.0 / 4.0, 4.0 / 3.0);
        if (_scale.Min <= 0 || _scale.Min > _scale.Max)
            throw new ArgumentOutOfRangeException(nameof(scale), $"RandomResizedCrop: scale must satisfy 0 < min <= max, got {_scale}");
        if (_ratio.Min <= 0 || _ratio.Min > _ratio.Max)
            throw new ArgumentOutOfRangeException(nameof(ratio), $"RandomResizedCrop: ratio must satisfy 0 < min <= max, got {_ratio}");
        (_width, _height) = size;
        _interpolation = interpolation;
    }

    /// <summary>The resized random crop, (height, width, C).</summary>
    /// <exception cref="ArgumentException">x is not an (H, W, C) image.</exception>
    public override NDArray Forward(NDArray x)
    {
        var (n, h, w, _) = ImageMath.Hwc(x, "RandomResizedCrop");
        if (n != 0) throw new ArgumentException($"RandomResizedCrop: expected an (H, W, C) image, got shape {x.Shape}", nameof(x));
        double srcArea = (double)h * w;
        for (int trial = 0; trial < 10; trial++)
        {
            double target = ImageMath.Uniform(_scale.Min, _scale.Max) * srcArea;
            double ratio = Math.Exp(ImageMath.Uniform(Math.Log(_ratio.Min), Math.Log(_ratio.Max)));
            int newW = (int)Math.Round(Math.Sqrt(target * ratio));
            int newH = (int)Math.Round(Math.Sqrt(target / ratio));
            if (newW <= w && newH <= h && newW > 0 && newH > 0)
            {
                int x0 = ImageMath.RandInt(0, w - newW);
                int y0 = ImageMath.RandInt(0, h - newH);
                return CenterCrop.FixedCrop(x, x0, y0, newW, newH, _width, _height, _interpolation, "RandomResizedCrop");
            }
        }
        return CenterCrop.Apply(x, _width, _height, _interpolation, "RandomResizedCrop");
    }
}
