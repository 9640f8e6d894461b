using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// Group normalization (MXNet 1.x's <c>gluon.nn.GroupNorm</c>): data (N, C, ...) is viewed as
/// (N, G, C/G, ...), each (n, g) is normalized over its channels and spatial elements, and
/// <c>y = γ_g(x − μ)/√(var + ε) + β_g</c>. As in MXNet 1.x, <c>gamma</c> and <c>beta</c> have
/// shape (num_groups,): one scale and shift per group, shared by the group's channels.
/// </summary>
public class GroupNorm : ScaleShiftNorm
{
    /// <summary>
    /// A group normalization with <paramref name="numGroups"/> groups. <paramref name="center"/>
    /// false freezes beta and <paramref name="scale"/> false freezes gamma (grad_req null).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numGroups"/> is not positive or <paramref name="epsilon"/> is negative.</exception>
    public GroupNorm(int numGroups = 1, double epsilon = 1e-5, bool center = true, bool scale = true,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
        string? prefix = null, ParameterDict? @params = null)
        : base(numGroups, "num_groups", epsilon, center, scale, betaInitializer, gammaInitializer, prefix, @params)
    {
        if (numGroups < 1) throw new ArgumentOutOfRangeException(nameof(numGroups), numGroups, "GroupNorm: num_groups must be positive");
        NumGroups = numGroups;
    }

    /// <summary>Number of channel groups.</summary>
    public int NumGroups { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">data has rank below 3 or num_groups does not divide its channels.</exception>
    public override NDArray Forward(NDArray x)
    {
        if (x.NDim < 3)
            throw new ArgumentException($"GroupNorm '{Name}': data must have at least 3 dims (batch, channel, spatial...), got {x.Shape}");
        int c = x.Shape[1];
        if (c % NumGroups != 0)
            throw new ArgumentException($"GroupNorm '{Name}': num_groups {NumGroups} does not divide the {c} channels of data {x.Shape}");
        // The op takes MXNet 1.x's per-group γ, β directly.
        return Nd.GroupNorm(x, Gamma.Data(), Beta.Data(), NumGroups, Epsilon)[0];
    }

    /// <summary>MXNet's repr: <c>GroupNorm(eps=1e-05, num_groups=1, center=True, scale=True)</c>.</summary>
    public override string ToString() =>
        $"GroupNorm({LayerRepr.Kwargs(("eps", Epsilon), ("num_groups", NumGroups), ("center", Center), ("scale", Scale))})";
}
