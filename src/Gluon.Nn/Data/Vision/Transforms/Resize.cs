namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// Resizes an HWC image or NHWC batch (uint8 or float32) to a given size (MXNet's
/// <c>transforms.Resize(size, keep_ratio=False, interpolation=1)</c>). With an int size and
/// keepRatio the shorter edge becomes size and the longer one floor(longer·size/shorter);
/// otherwise the output is size×size, or (width, height) when both are given.
/// interpolation 1 is bilinear on OpenCV's pixel-centre grid, 0 nearest neighbour.
/// </summary>
public sealed class Resize : HybridBlock
{
    private readonly int _width, _height, _interpolation;
    private readonly bool _keepRatio, _square;

    /// <summary>Resize to <paramref name="size"/>×<paramref name="size"/> (or the shorter edge to size with <paramref name="keepRatio"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">size is not positive.</exception>
    public Resize(int size, bool keepRatio = false, int interpolation = 1) : this((size, size), interpolation)
    {
        _keepRatio = keepRatio;
        _square = true;
    }

    /// <summary>Resize to size = (width, height) (MXNet's size=(w, h)).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Resize((int Width, int Height) size, int interpolation = 1)
    {
        if (size.Width <= 0 || size.Height <= 0)
            throw new ArgumentOutOfRangeException(nameof(size), $"Resize: size (w={size.Width}, h={size.Height}) must be positive");
        (_width, _height) = size;
        _interpolation = interpolation;
    }

    /// <summary>The resized image.</summary>
    /// <exception cref="ArgumentException">x is not a 3-D/4-D uint8 or float32 array.</exception>
    /// <exception cref="NotSupportedException">An interpolation other than 0 or 1.</exception>
    public override NDArray Forward(NDArray x)
    {
        var (_, h, w, _) = ImageMath.Hwc(x, "Resize");
        int outW = _width, outH = _height;
        if (_square && _keepRatio)
        {
            if (h > w) { outW = _width; outH = (int)((long)h * _width / w); }
            else { outH = _width; outW = (int)((long)w * _width / h); }
        }
        return ImageMath.Resize(x, outW, outH, _interpolation, "Resize");
    }
}
