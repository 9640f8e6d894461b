namespace Gluon.Nn;

/// <summary>
/// Returns its input unchanged (MXNet's <c>gluon.contrib.nn.Identity</c>), e.g. as a
/// pass-through branch of a <see cref="HybridConcurrent"/>.
/// </summary>
public class Identity : HybridBlock
{
    /// <summary>An identity block.</summary>
    public Identity(string? prefix = null, ParameterDict? @params = null) : base(prefix, @params) { }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => x;
}
