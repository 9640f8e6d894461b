namespace Gluon.Optimizers;

/// <summary>
/// SGD with momentum and weight decay (MXNet's <c>SGD</c>, registered as <c>sgd</c>). Without
/// momentum: <c>w = (1 − lr·wd)·w − lr·clip(g)</c>; with momentum:
/// <c>m = momentum·m − lr·wd·w − lr·clip(g); w = w + m</c> (g = rescale_grad·grad). Each step is
/// one fused <c>sgd_update</c>/<c>sgd_mom_update</c> pass; with multi_precision and a float16
/// weight the <c>mp_sgd_*</c> ops update the float32 master copy.
/// </summary>
public class Sgd : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="momentum">Momentum (<c>momentum</c>); 0 means no momentum state.</param>
    /// <param name="lazyUpdate">Accepted for compatibility (<c>lazy_update</c>); it only affects row-sparse gradients, which this port does not have.</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public Sgd(double momentum = 0.0, bool lazyUpdate = true, double? learningRate = null, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Momentum = momentum;
        LazyUpdate = lazyUpdate;
    }

    /// <summary>Momentum (<c>momentum</c>).</summary>
    public double Momentum { get; }
    /// <summary><c>lazy_update</c> (no effect on dense arrays).</summary>
    public bool LazyUpdate { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => Momentum != 0.0 ? ZerosLike(weight) : null;

    /// <summary>With a float16 weight and multi_precision: the tuple (momentum or null, float32 master copy), MXNet's order.</summary>
    public override object? CreateStateMultiPrecision(int index, NDArray weight)
    {
        if (MultiPrecision && weight.DType == DType.Float16)
        {
            var master = weight.AsType(DType.Float32);
            return new object?[] { CreateState(index, master), master };
        }
        return CreateState(index, weight);
    }

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state) => UpdateImpl(index, weight, grad, state, false);

    /// <inheritdoc/>
    public override void UpdateMultiPrecision(int index, NDArray weight, NDArray grad, object? state) =>
        UpdateImpl(index, weight, grad, state, MultiPrecision && weight.DType == DType.Float16);

    private void UpdateImpl(int index, NDArray weight, NDArray grad, object? state, bool mp)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        Step(weight, grad, state, lr, wd, Momentum > 0 ? Momentum : 0.0, mp);
    }

    /// <summary>One fused SGD step with the given rate, decay and momentum (LARS reuses it with its own rate).</summary>
    private protected void Step(NDArray weight, NDArray grad, object? state, double lr, double wd, double momentum, bool mp)
    {
        double clip = FusedClip;
        if (!mp)
        {
            if (state is NDArray mom) Nd.SgdMomUpdate(weight, grad, mom, lr, momentum, wd, RescaleGrad, clip, @out: weight);
            else Nd.SgdUpdate(weight, grad, lr, wd, RescaleGrad, clip, @out: weight);
            return;
        }
        var s = (object?[])state!;
        var master = (NDArray)s[1]!;
        if (s[0] is NDArray mom32) Nd.MpSgdMomUpdate(weight, grad, mom32, master, lr, momentum, wd, RescaleGrad, clip, @out: weight);
        else Nd.MpSgdUpdate(weight, grad, master, lr, wd, RescaleGrad, clip, @out: weight);
    }
}
