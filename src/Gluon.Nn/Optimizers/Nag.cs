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
    /// <param name="learningRate">Learning rate (<c>learning_rate</c>); see <see cref="Optimizer"/> for null and schedulers.</param>
    /// <param name="rescaleGrad">Gradient multiplier (<c>rescale_grad</c>).</param>
    /// <param name="wd">Weight decay (<c>wd</c>).</param>
    /// <param name="clipGradient">Clip bound of the rescaled gradient, or null (<c>clip_gradient</c>).</param>
    /// <param name="lrScheduler">Learning-rate schedule, or null (<c>lr_scheduler</c>).</param>
    /// <param name="beginNumUpdate">Initial update count (<c>begin_num_update</c>).</param>
    /// <param name="multiPrecision">Float32 master copies for float16 weights (<c>multi_precision</c>).</param>
    /// <param name="paramIdx2Name">Index → parameter name (<c>param_idx2name</c>), or null.</param>
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
        CheckArgs(weight, grad);
        UpdateCount(index);
        double lr = GetLr(index), wd = GetWd(index);
        if (state is NDArray mom) Nd.NagMomUpdate(weight, grad, mom, lr, Momentum > 0 ? Momentum : 0.0, wd, RescaleGrad, FusedClip, @out: weight);
        else Nd.SgdUpdate(weight, grad, lr, wd, RescaleGrad, FusedClip, @out: weight);
    }
}
