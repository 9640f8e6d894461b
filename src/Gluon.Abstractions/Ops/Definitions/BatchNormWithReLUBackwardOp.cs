namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_contrib_BatchNormWithReLU</c>: the fused first-order gradient of
/// <see cref="BatchNormWithReLUOp"/>. Inputs ograd, data, gamma, mean, var (the saved statistics)
/// and output (the forward output); outputs the gradients of data, gamma and beta. It is
/// <see cref="BatchNormBackwardOp"/>'s formula with dy = ograd where output &gt; 0, else 0
/// (oneDNN's relu backward: a select, so a non-finite ograd under the mask gives 0).
/// </summary>
public sealed class BatchNormWithReLUBackwardOp : BatchNormBackwardOpBase
{
    /// <inheritdoc/>
    public override string Name => "_backward_contrib_BatchNormWithReLU";

    private protected override bool FusedRelu => true;
}
