using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// Layer normalization (MXNet's <c>gluon.nn.LayerNorm</c>):
/// <c>y = γ(x − mean(x, axis))/√(var(x, axis) + ε) + β</c> with the biased variance along
/// <see cref="Axis"/> and <c>gamma</c>, <c>beta</c> of shape (in_channels,), the size of that
/// axis (inferred on the first forward pass when in_channels is 0).
/// </summary>
public class LayerNorm : ScaleShiftNorm
{
    /// <summary>
    /// A layer normalization along <paramref name="axis"/>. <paramref name="center"/> false
    /// freezes beta (grad_req null) and <paramref name="scale"/> false freezes gamma; both are
    /// still applied with their initial values (zeros and ones by default), as in MXNet.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inChannels"/> or <paramref name="epsilon"/> is negative.</exception>
    public LayerNorm(int axis = -1, double epsilon = 1e-5, bool center = true, bool scale = true,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null, int inChannels = 0,
        string? prefix = null, ParameterDict? @params = null)
        : base(inChannels, "in_channels", epsilon, center, scale, betaInitializer, gammaInitializer, prefix, @params)
    {
        Axis = axis;
    }

    /// <summary>The normalized axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => Nd.LayerNorm(x, Gamma.Data(), Beta.Data(), Axis, Epsilon)[0];

    /// <summary>MXNet's repr: <c>LayerNorm(eps=1e-05, axis=-1, center=True, scale=True, in_channels=0)</c>.</summary>
    public override string ToString() =>
        $"LayerNorm({LayerRepr.Kwargs(("eps", Epsilon), ("axis", Axis), ("center", Center), ("scale", Scale))}, in_channels={Gamma.Shape![0]})";
}
