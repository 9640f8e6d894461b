namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// Blends an HWC image with its mean gray level: out = x·alpha + (1 - alpha)·mean(0.299 R + 0.587 G
/// + 0.114 B), alpha ~ U(max(0, 1 - contrast), 1 + contrast) (MXNet's
/// <c>transforms.RandomContrast(contrast)</c>; uint8 results clamped and truncated). Draws from
/// <see cref="RandomGenerator.Global"/>.
/// </summary>
public sealed class RandomContrast : HybridBlock
{
    private readonly float _min, _max;

    /// <summary>Contrast jitter of ±<paramref name="contrast"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">contrast is negative.</exception>
    public RandomContrast(float contrast)
    {
        if (contrast < 0) throw new ArgumentOutOfRangeException(nameof(contrast), $"RandomContrast: contrast must be >= 0, got {contrast}");
        (_min, _max) = (Math.Max(0f, 1 - contrast), 1 + contrast);
    }

    /// <summary>The image with its contrast scaled by one random alpha.</summary>
    public override NDArray Forward(NDArray x) => ImageMath.AdjustContrast(x, (float)ImageMath.Uniform(_min, _max), "RandomContrast");
}
