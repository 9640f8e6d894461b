namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>Deconvolution</c> (transposed convolution): the adjoint of <c>Convolution</c> with the same
/// weight, data (N, C, x...) and weight (C, F/g, k...), plus an optional bias (F; by default
/// <c>no_bias</c> is true). Output spatial size (x−1)s − 2p + d(k−1) + 1 + adj, or
/// <c>target_shape</c>, which then sets pad and adj as MXNet does. The gradient runs
/// <c>_backward_Deconvolution</c>.
/// </summary>
public sealed class DeconvolutionOp : ConvolutionOpBase
{
    /// <inheritdoc/>
    public override string Name => "Deconvolution";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["_npx_deconvolution"];
    private protected override bool IsDeconvolution => true;
    private protected override string BackwardName => "_backward_Deconvolution";
}
