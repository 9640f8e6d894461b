using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// Parametric rectifier (MXNet's <c>gluon.nn.PReLU</c>): <c>y = x</c> for x &gt; 0,
/// <c>alpha_c·x</c> otherwise, with the learned <c>alpha</c> of shape (in_channels,) applied per
/// channel on axis 1 (or one shared slope when in_channels is 1).
/// </summary>
public class PReLU : HybridBlock
{
    /// <summary>
    /// A PReLU with <paramref name="inChannels"/> slopes initialized by
    /// <paramref name="alphaInitializer"/> (default 0.25). As in MXNet the size is not inferred:
    /// give in_channels for per-channel slopes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inChannels"/> is not positive.</exception>
    public PReLU(Initializer? alphaInitializer = null, int inChannels = 1, string? prefix = null, ParameterDict? @params = null)
        : base(prefix, @params)
    {
        if (inChannels <= 0) throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, "PReLU: in_channels must be positive");
        using (NameScope())
            Alpha = GetParameter("alpha", shape: new Shape(inChannels), init: alphaInitializer ?? new Initializers.Constant(0.25));
    }

    /// <summary>The negative slopes, (in_channels,).</summary>
    public Parameter Alpha { get; }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => Nd.LeakyReLU(x, Alpha.Data(), actType: "prelu");
}
