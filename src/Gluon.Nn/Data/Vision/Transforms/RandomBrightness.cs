namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// Scales an HWC image by alpha ~ U(max(0, 1 - brightness), 1 + brightness): out = x·alpha (MXNet's
/// <c>transforms.RandomBrightness(brightness)</c>; uint8 results clamped to [0, 255] and truncated
/// as MXNet's saturate_cast). Draws from <see cref="RandomGenerator.Global"/>.
/// </summary>
public sealed class RandomBrightness : HybridBlock
{
    private readonly float _min, _max;

    /// <summary>Brightness jitter of ±<paramref name="brightness"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">brightness is negative.</exception>
    public RandomBrightness(float brightness)
    {
        if (brightness < 0) throw new ArgumentOutOfRangeException(nameof(brightness), $"RandomBrightness: brightness must be >= 0, got {brightness}");
        (_min, _max) = (Math.Max(0f, 1 - brightness), 1 + brightness);
    }

    /// <summary>x·alpha for one random alpha.</summary>
    public override NDArray Forward(NDArray x) => ImageMath.AdjustBrightness(x, (float)ImageMath.Uniform(_min, _max), "RandomBrightness");
}
