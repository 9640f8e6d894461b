using Gluon.Ops;

namespace Gluon.Nn;

/// <summary>
/// Leaky rectifier (MXNet's <c>gluon.nn.LeakyReLU</c>): <c>y = x</c> for x &gt; 0, <c>alpha·x</c> otherwise.
/// </summary>
public class LeakyReLU : HybridBlock
{
    /// <summary>A leaky ReLU with negative slope <paramref name="alpha"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is negative.</exception>
    public LeakyReLU(double alpha, string? prefix = null, ParameterDict? @params = null) : base(prefix, @params)
    {
        if (!(alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Slope coefficient for LeakyReLU must be no less than 0.");
        Alpha = alpha;
    }

    /// <summary>The negative slope.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => Nd.LeakyReLU(x, actType: "leaky", slope: Alpha);

    /// <summary>MXNet's repr: <c>LeakyReLU(alpha)</c>.</summary>
    public override string ToString() => $"LeakyReLU({OpAttrs.FormatFloat(Alpha)})";
}
