namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// Normalizes a CHW float32 tensor (or NCHW batch) per channel: out[c] = (x[c] - mean[c]) / std[c]
/// (MXNet's <c>transforms.Normalize(mean=0.0, std=1.0)</c>). One value applies to every channel.
/// </summary>
public sealed class Normalize : HybridBlock
{
    private readonly float[] _mean, _std;

    /// <summary>Per-channel <paramref name="mean"/> and <paramref name="std"/> (one value each, or one per channel); defaults 0 and 1.</summary>
    /// <exception cref="ArgumentException">mean or std is empty, or a std is 0.</exception>
    public Normalize(float[]? mean = null, float[]? std = null)
    {
        _mean = mean ?? [0f];
        _std = std ?? [1f];
        if (_mean.Length == 0 || _std.Length == 0) throw new ArgumentException("Normalize: mean and std need at least one value");
        if (Array.IndexOf(_std, 0f) >= 0) throw new ArgumentException($"Normalize: std must not be 0, got [{string.Join(", ", _std)}]", nameof(std));
    }

    /// <summary>The same <paramref name="mean"/> and <paramref name="std"/> for every channel.</summary>
    public Normalize(float mean, float std) : this([mean], [std]) { }

    /// <summary>(x - mean) / std per channel.</summary>
    /// <exception cref="ArgumentException">x is not a 3-D/4-D float32 array, or mean/std do not match its channel count.</exception>
    public override NDArray Forward(NDArray x)
    {
        if (x.Context.IsCpu && !Autograd.IsRecording) return ImageMath.Normalize(x, _mean, _std);
        if (x.NDim is not (3 or 4))
            throw new ArgumentException($"Normalize: expected a (C, H, W) tensor or an (N, C, H, W) batch, got shape {x.Shape}", nameof(x));
        int c = x.Shape[x.NDim - 3];
        var mean = Nd.Array<float>(Expand(_mean, c, "mean", x.Shape), new Shape(c, 1, 1), x.Context);
        var std = Nd.Array<float>(Expand(_std, c, "std", x.Shape), new Shape(c, 1, 1), x.Context);
        return (x - mean) / std;
    }

    private static float[] Expand(float[] v, int c, string name, Shape shape)
    {
        if (v.Length == c) return v;
        if (v.Length == 1) return Enumerable.Repeat(v[0], c).ToArray();
        throw new ArgumentException($"Normalize: {name} has {v.Length} values but the input of shape {shape} has {c} channels (need 1 or {c})");
    }
}
