namespace Gluon.Nn;

/// <summary>
/// Gaussian error linear unit (MXNet's <c>gluon.nn.GELU</c>), the exact form
/// <c>y = 0.5·x·(1 + erf(x/√2))</c>.
/// </summary>
public class GELU : HybridBlock
{
    /// <summary>A GELU.</summary>
    public GELU(string? prefix = null, ParameterDict? @params = null) : base(prefix, @params) { }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => Nd.LeakyReLU(x, actType: "gelu");
}
