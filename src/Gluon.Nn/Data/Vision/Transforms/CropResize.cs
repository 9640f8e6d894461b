namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// Crops the window at (x, y) of width×height from an HWC image or every image of an NHWC batch,
/// then optionally resizes it to size (MXNet's <c>transforms.CropResize(x, y, width, height,
/// size=None, interpolation=None)</c>; interpolation defaults to bilinear).
/// </summary>
public sealed class CropResize : HybridBlock
{
    private readonly int _x, _y, _width, _height, _interpolation;
    private readonly (int Width, int Height)? _size;

    /// <summary>A crop of (x, y, width, height), resized to <paramref name="size"/> (width, height) when given.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative corner or a non-positive size.</exception>
    public CropResize(int x, int y, int width, int height, (int Width, int Height)? size = null, int? interpolation = null)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"CropResize: window (x={x}, y={y}, w={width}, h={height}) needs x, y >= 0 and a positive size");
        if (size is { } s && (s.Width <= 0 || s.Height <= 0))
            throw new ArgumentOutOfRangeException(nameof(size), $"CropResize: size (w={s.Width}, h={s.Height}) must be positive");
        (_x, _y, _width, _height, _size, _interpolation) = (x, y, width, height, size, interpolation ?? 1);
    }

    /// <summary>The cropped (and resized) image.</summary>
    /// <exception cref="ArgumentException">The window does not fit in x.</exception>
    public override NDArray Forward(NDArray x)
    {
        var crop = ImageMath.Crop(x, _x, _y, _width, _height, "CropResize");
        return _size is { } s ? ImageMath.Resize(crop, s.Width, s.Height, _interpolation, "CropResize") : crop;
    }
}
