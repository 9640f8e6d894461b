namespace Gluon.Nn;

/// <summary>
/// Flattens the input to two dimensions (MXNet's <c>gluon.nn.Flatten</c>): (N, x1, ..., xk)
/// becomes (N, x1·...·xk).
/// </summary>
public class Flatten : HybridBlock
{
    /// <summary>A flatten layer.</summary>
    public Flatten(string? prefix = null, ParameterDict? @params = null) : base(prefix, @params) { }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => Nd.Flatten(x);

    /// <summary>MXNet's repr: <c>Flatten</c>.</summary>
    public override string ToString() => "Flatten";
}
