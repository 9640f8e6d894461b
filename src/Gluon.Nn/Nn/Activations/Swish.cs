namespace Gluon.Nn;

/// <summary>Swish (MXNet's <c>gluon.nn.Swish</c>): <c>y = x·sigmoid(beta·x)</c>.</summary>
public class Swish : HybridBlock
{
    /// <summary>A swish with slope <paramref name="beta"/> inside the sigmoid.</summary>
    public Swish(double beta = 1.0, string? prefix = null, ParameterDict? @params = null) : base(prefix, @params) => Beta = beta;

    /// <summary>The slope inside the sigmoid.</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => x * Nd.Sigmoid(Beta * x);
}
