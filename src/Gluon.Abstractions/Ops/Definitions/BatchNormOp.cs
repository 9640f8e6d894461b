namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>BatchNorm</c>: normalizes each channel (the <c>axis</c> dimension) over every other axis.
/// Inputs data, gamma, beta, moving_mean (aux), moving_var (aux); outputs output, mean, var (one
/// visible unless <c>output_mean_var</c>). In training (<see cref="Autograd.IsTraining"/> and not
/// <c>use_global_stats</c>) it uses the batch mean μ and biased variance σ² and updates
/// <c>moving = moving·momentum + batch·(1 − momentum)</c>; otherwise it uses the moving stats.
/// <c>y = γ(x − μ)/√(σ² + eps) + β</c>, with γ taken as 1 when <c>fix_gamma</c>.
/// </summary>
/// <remarks>
/// The moving-stat update happens in the forward kernel (the cuDNN convention), not in backward
/// as MXNet 1.9's CPU/MKLDNN kernels do (inventory row M-05): the stats then follow training
/// forward passes whether or not backward runs, which is what Gluon users observe on GPU and
/// what a forward-only calibration pass expects. The hidden outputs are the statistics the
/// forward pass used: the batch mean and biased batch variance in training, copies of the
/// moving mean and variance otherwise (MXNet saves an inverse std in some builds; this port
/// always saves the variance and its gradient reads it as such).
/// </remarks>
public sealed class BatchNormOp : BatchNormOpBase
{
    /// <summary>Parsed BatchNorm attributes (MXNet's op defaults).</summary>
    /// <param name="Eps">Added to the variance (<c>eps</c>, 1e-3).</param>
    /// <param name="Momentum">Moving-average decay (<c>momentum</c>, 0.9).</param>
    /// <param name="FixGamma">Treat gamma as 1 and give it a zero gradient (<c>fix_gamma</c>, true).</param>
    /// <param name="UseGlobalStats">Always normalize with the moving stats (<c>use_global_stats</c>, false).</param>
    /// <param name="OutputMeanVar">Make mean and var visible outputs (<c>output_mean_var</c>, false).</param>
    /// <param name="Axis">The channel axis (<c>axis</c>, 1).</param>
    /// <param name="CudnnOff">Accepted for compatibility (<c>cudnn_off</c>); no effect on CPU.</param>
    public sealed record Param(double Eps, double Momentum, bool FixGamma, bool UseGlobalStats, bool OutputMeanVar, int Axis, bool CudnnOff);

    /// <inheritdoc/>
    public override string Name => "BatchNorm";

    private protected override bool FusedRelu => false;
}
