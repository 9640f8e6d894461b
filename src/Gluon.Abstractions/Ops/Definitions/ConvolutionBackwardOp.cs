namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_Convolution</c>: gradients of <c>Convolution</c> from (out_grad, data, weight):
/// the data gradient (col2im of Wᵀ·g), the weight gradient (Σ over the batch of g·colsᵀ) and,
/// unless <c>no_bias</c>, the bias gradient (g summed over batch and space). Takes the forward
/// op's attributes. Not differentiable itself.
/// </summary>
public sealed class ConvolutionBackwardOp : ConvolutionBackwardOpBase
{
    /// <inheritdoc/>
    public override string Name => "_backward_Convolution";
    private protected override bool IsDeconvolution => false;
}
