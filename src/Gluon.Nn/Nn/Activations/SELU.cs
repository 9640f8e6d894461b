namespace Gluon.Nn;

/// <summary>
/// Scaled exponential linear unit (MXNet's <c>gluon.nn.SELU</c>): <c>y = λx</c> for x &gt; 0,
/// <c>λα(eˣ − 1)</c> otherwise, with λ = 1.0507009873554804934 and α = 1.6732632423543772848.
/// </summary>
public class SELU : HybridBlock
{
    /// <summary>A SELU.</summary>
    public SELU(string? prefix = null, ParameterDict? @params = null) : base(prefix, @params) { }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => Nd.LeakyReLU(x, actType: "selu");
}
