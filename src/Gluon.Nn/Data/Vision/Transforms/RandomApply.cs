namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// Applies a transform with probability p, otherwise returns the input unchanged (MXNet's
/// <c>transforms.RandomApply(transforms, p=0.5)</c>: applied when U(0, 1) &lt;= p). Draws from
/// <see cref="RandomGenerator.Global"/>.
/// </summary>
public sealed class RandomApply : Block
{
    private readonly Block _transforms;
    private readonly double _p;

    /// <summary>Applies <paramref name="transforms"/> with probability <paramref name="p"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1].</exception>
    public RandomApply(Block transforms, double p = 0.5)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), $"RandomApply: p must be in [0, 1], got {p}");
        _transforms = RegisterChild(transforms, "transforms");
        _p = p;
    }

    /// <summary>transforms(x) with probability p, else x.</summary>
    public override NDArray Forward(NDArray x) => _p < ImageMath.Uniform(0, 1) ? x : _transforms.Call(x);
}
