namespace Gluon.Initializers;

/// <summary>Fills with 0 (MXNet's <c>mx.init.Zero</c>, aliases <c>zero</c>/<c>zeros</c>).</summary>
public sealed class Zero : Initializer
{
    /// <inheritdoc/>
    protected internal override void InitWeight(InitDesc desc, NDArray arr) => Fill(arr, 0);
}
