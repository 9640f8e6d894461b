namespace Gluon.Nn;

/// <summary>
/// Pads (N, C, H, W) input with the reflection of its border, the edge itself not repeated
/// (MXNet's <c>gluon.nn.ReflectionPad2D</c>): <c>pad(x, mode='reflect', pad_width)</c>, output
/// (N, C, H + 2p, W + 2p) for an int padding p.
/// </summary>
public class ReflectionPad2D : HybridBlock
{
    /// <summary>
    /// Reflection padding of <paramref name="padding"/> on each side of H and W (an int), or MXNet's
    /// full pad_width of 8 ints (before/after for N, C, H, W; N and C must be 0).
    /// </summary>
    /// <exception cref="ArgumentException">A tuple not of 8 ints, or a negative width.</exception>
    public ReflectionPad2D(IntTuple padding = default, string? prefix = null, ParameterDict? @params = null) : base(prefix, @params)
    {
        int[] p;
        if (padding.IsDefault || padding.IsScalar)
        {
            int v = padding.IsDefault ? 0 : padding.First();
            p = [0, 0, 0, 0, v, v, v, v];
        }
        else
        {
            p = padding.ToArray();
            if (p.Length != 8) throw new ArgumentException($"ReflectionPad2D: padding must be an int or 8 ints, got {Shape.Format(p)}", nameof(padding));
        }
        foreach (int v in p)
            if (v < 0) throw new ArgumentException($"ReflectionPad2D: padding {Shape.Format(p)} must be >= 0", nameof(padding));
        PadWidth = p;
    }

    /// <summary>MXNet's pad_width: (before, after) for each of N, C, H, W.</summary>
    public int[] PadWidth { get; }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => Nd.Pad(x, "reflect", PadWidth);
}
