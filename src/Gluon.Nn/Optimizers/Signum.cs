namespace Gluon.Optimizers;

/// <summary>
/// Signum, sign of momentum (MXNet's <c>Signum</c>, <c>signum</c>):
/// <c>m = β·m − (1−β)·(wd·w + clip(g))</c>, <c>w = (1 − lr·wd_lh)·w + lr·sign(m)</c>. With
/// momentum 0 it is signSGD: <c>w = (1 − lr·wd)·w − lr·sign(clip(g))</c>. One fused pass.
/// </summary>
public sealed class Signum : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="momentum"><c>momentum</c>.</param>
    /// <param name="wdLh">Decoupled weight decay (<c>wd_lh</c>).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public Signum(double momentum = 0.9, double wdLh = 0.0, double? learningRate = 0.01, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Momentum = momentum;
        WdLh = wdLh;
    }

    /// <summary><c>momentum</c>.</summary>
    public double Momentum { get; }
    /// <summary><c>wd_lh</c>.</summary>
    public double WdLh { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => Momentum != 0.0 ? ZerosLike(weight) : null;

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        if (state is NDArray mom)
            Nd.SignumUpdate(weight, grad, mom, lr, Momentum > 0 ? Momentum : 0.0, wd, RescaleGrad, FusedClip, WdLh, @out: weight);
        else
            Nd.SignsgdUpdate(weight, grad, lr, wd, RescaleGrad, FusedClip, @out: weight);
    }
}
