using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// Instance normalization (MXNet's <c>gluon.nn.InstanceNorm</c>): for each sample n and
/// channel c on <see cref="Axis"/>, <c>y = γ_c(x − μ)/√(var + ε) + β_c</c> with the mean and
/// biased variance over every axis except 0 and <see cref="Axis"/>. <c>gamma</c> and
/// <c>beta</c> have shape (in_channels,), inferred on the first forward pass when 0.
/// </summary>
public class InstanceNorm : ScaleShiftNorm
{
    /// <summary>
    /// An instance normalization with channels on <paramref name="axis"/>. As in MXNet,
    /// <paramref name="scale"/> defaults to false (gamma frozen at its initial value) and
    /// <paramref name="center"/> false freezes beta.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inChannels"/> or <paramref name="epsilon"/> is negative.</exception>
    public InstanceNorm(int axis = 1, double epsilon = 1e-5, bool center = true, bool scale = false,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null, int inChannels = 0,
        string? prefix = null, ParameterDict? @params = null)
        : base(inChannels, "in_channels", epsilon, center, scale, betaInitializer, gammaInitializer, prefix, @params)
    {
        Axis = axis;
    }

    /// <summary>The channel axis (excluded from the statistics with axis 0).</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x)
    {
        // The op normalizes with channels on axis 1; another channel axis is swapped there and back.
        if (Axis == 1) return Nd.InstanceNorm(x, Gamma.Data(), Beta.Data(), Epsilon);
        var swapped = Nd.SwapAxes(x, 1, Axis);
        return Nd.SwapAxes(Nd.InstanceNorm(swapped, Gamma.Data(), Beta.Data(), Epsilon), 1, Axis);
    }

    /// <summary>MXNet's repr: <c>InstanceNorm(eps=1e-05, axis=1, center=True, scale=False, in_channels=0)</c>.</summary>
    public override string ToString() =>
        $"InstanceNorm({LayerRepr.Kwargs(("eps", Epsilon), ("axis", Axis), ("center", Center), ("scale", Scale))}, in_channels={Gamma.Shape![0]})";
}
