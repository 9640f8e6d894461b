namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_BatchNorm</c>: the fused first-order gradient of <see cref="BatchNormOp"/>.
/// Inputs ograd, data, gamma, mean, var (the saved statistics); outputs the gradients of data,
/// gamma and beta. With batch statistics (training at backward time, no use_global_stats):
/// <c>dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂))</c>; otherwise <c>dx = γ·dy/σ</c>;
/// <c>dγ = Σ dy·x̂</c> (0 with fix_gamma), <c>dβ = Σ dy</c>. It has no gradient itself: BatchNorm
/// builds its gradient from ops instead when a higher-order graph is being recorded.
/// </summary>
public sealed class BatchNormBackwardOp : BatchNormBackwardOpBase
{
    /// <inheritdoc/>
    public override string Name => "_backward_BatchNorm";

    private protected override bool FusedRelu => false;
}
