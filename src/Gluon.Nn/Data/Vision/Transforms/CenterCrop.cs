namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// Crops the centre of an HWC image to (width, height) (MXNet's <c>transforms.CenterCrop(size,
/// interpolation=1)</c>, i.e. <c>mx.image.center_crop</c>). When the image is smaller than the
/// size, the largest centred window of the size's aspect ratio is cropped and resized to the
/// size. The crop starts at ((W - w) / 2, (H - h) / 2), rounded down.
/// </summary>
public sealed class CenterCrop : Block
{
    private readonly int _width, _height, _interpolation;

    /// <summary>A square crop of <paramref name="size"/>.</summary>
    public CenterCrop(int size, int interpolation = 1) : this((size, size), interpolation) { }

    /// <summary>A crop of size (width, height).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public CenterCrop((int Width, int Height) size, int interpolation = 1)
    {
        if (size.Width <= 0 || size.Height <= 0)
            throw new ArgumentOutOfRangeException(nameof(size), $"CenterCrop: size (w={size.Width}, h={size.Height}) must be positive");
        (_width, _height) = size;
        _interpolation = interpolation;
    }

    /// <summary>The centre crop, (height, width, C).</summary>
    /// <exception cref="ArgumentException">x is not an (H, W, C) image.</exception>
    public override NDArray Forward(NDArray x) => Apply(x, _width, _height, _interpolation, "CenterCrop");

    internal static NDArray Apply(NDArray x, int width, int height, int interpolation, string op)
    {
        var (n, h, w, _) = ImageMath.Hwc(x, op);
        if (n != 0) throw new ArgumentException($"{op}: expected an (H, W, C) image, got shape {x.Shape}", nameof(x));
        var (cw, ch) = ScaleDown(w, h, width, height);
        return FixedCrop(x, (w - cw) / 2, (h - ch) / 2, cw, ch, width, height, interpolation, op);
    }

    /// <summary>MXNet's <c>scale_down(src_size, size)</c>: shrinks (width, height) to fit in (w, h), keeping its ratio.</summary>
    internal static (int W, int H) ScaleDown(int w, int h, int width, int height)
    {
        double cw = width, ch = height;
        if (h < ch) { cw = cw * h / ch; ch = h; }
        if (w < cw) { ch = ch * w / cw; cw = w; }
        return ((int)cw, (int)ch);
    }

    /// <summary>MXNet's <c>fixed_crop</c>: the window (x0, y0, w, h), resized to (width, height) when it differs.</summary>
    internal static NDArray FixedCrop(NDArray x, int x0, int y0, int w, int h, int width, int height, int interpolation, string op)
    {
        var crop = ImageMath.Crop(x, x0, y0, w, h, op);
        return w == width && h == height ? crop : ImageMath.Resize(crop, width, height, interpolation, op);
    }
}
