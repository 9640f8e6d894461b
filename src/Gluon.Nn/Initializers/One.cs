namespace Gluon.Initializers;

/// <summary>Fills with 1 (MXNet's <c>mx.init.One</c>, aliases <c>one</c>/<c>ones</c>).</summary>
public sealed class One : Initializer
{
    /// <inheritdoc/>
    protected internal override void InitWeight(InitDesc desc, NDArray arr) => Fill(arr, 1);
}
