namespace Gluon.Optimizers;

/// <summary>
/// Nesterov accelerated gradient (MXNet's <c>NAG</c>, <c>nag</c>): with
/// <c>g' = clip(g) + wd·w</c>, <c>m = momentum·m − lr·g'</c> and <c>w = w + momentum·m − lr·g'</c>
/// (one fused <c>nag_mom_update</c>); without momentum it is plain SGD.
/// </summary>
public sealed class Nag : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="momentum">Momentum (<c>momentum</c>).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public Nag(double momentum = 0.0, double? learningRate = null, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Momentum = momentum;
    }

    /// <summary>Momentum (<c>momentum</c>).</summary>
    public double Momentum { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => Momentum != 0.0 ? ZerosLike(weight) : null;

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        if (state is NDArray mom) Nd.NagMomUpdate(weight, grad, mom, lr, Momentum > 0 ? Momentum : 0.0, wd, RescaleGrad, FusedClip, @out: weight);
        else Nd.SgdUpdate(weight, grad, lr, wd, RescaleGrad, FusedClip, @out: weight);
    }
}
