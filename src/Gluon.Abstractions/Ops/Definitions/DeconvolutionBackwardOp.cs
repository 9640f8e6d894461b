namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_Deconvolution</c>: gradients of <c>Deconvolution</c> from (out_grad, data,
/// weight): the data gradient is the convolution of out_grad with the weight, the weight
/// gradient Σ over the batch of data·im2col(out_grad)ᵀ, and, unless <c>no_bias</c>, the bias
/// gradient (out_grad summed over batch and space). Not differentiable itself.
/// </summary>
public sealed class DeconvolutionBackwardOp : ConvolutionBackwardOpBase
{
    /// <inheritdoc/>
    public override string Name => "_backward_Deconvolution";
    private protected override bool IsDeconvolution => true;
}
