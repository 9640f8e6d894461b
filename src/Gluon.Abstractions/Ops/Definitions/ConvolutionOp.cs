namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>Convolution</c>: 1-D, 2-D or 3-D cross-correlation of data (N, C, x...) with weight
/// (F, C/g, k...) plus an optional bias (F), in channel-first layout, with stride, dilation,
/// zero padding and channel groups. Output spatial size floor((x + 2p − d(k−1) − 1)/s) + 1.
/// The gradient runs <c>_backward_Convolution</c>.
/// </summary>
public sealed class ConvolutionOp : ConvolutionOpBase
{
    /// <inheritdoc/>
    public override string Name => "Convolution";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["_npx_convolution"];
    private protected override bool IsDeconvolution => false;
    private protected override string BackwardName => "_backward_Convolution";
}
