namespace Gluon.Nn;

/// <summary>
/// Exponential linear unit (MXNet's <c>gluon.nn.ELU</c>): <c>y = x</c> for x &gt; 0,
/// <c>alpha·(eˣ − 1)</c> otherwise.
/// </summary>
public class ELU : HybridBlock
{
    /// <summary>An ELU with scale <paramref name="alpha"/> on the negative side.</summary>
    public ELU(double alpha = 1.0, string? prefix = null, ParameterDict? @params = null) : base(prefix, @params) => Alpha = alpha;

    /// <summary>The scale of the negative side.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => Nd.LeakyReLU(x, actType: "elu", slope: Alpha);
}
