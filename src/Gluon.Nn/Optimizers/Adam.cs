namespace Gluon.Optimizers;

/// <summary>
/// Adam (MXNet's <c>Adam</c>, <c>adam</c>): at update t, <c>lr_t = lr·√(1−β2^t)/(1−β1^t)</c>;
/// <c>g' = clip(g + wd·w)</c>, <c>m = β1·m + (1−β1)·g'</c>, <c>v = β2·v + (1−β2)·g'²</c>,
/// <c>w = w − lr_t·m/(√v + ε)</c>, one fused <c>adam_update</c> pass. State: (mean, var).
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="beta1">First-moment decay (<c>beta1</c>).</param>
    /// <param name="beta2">Second-moment decay (<c>beta2</c>).</param>
    /// <param name="epsilon">Denominator stabilizer (<c>epsilon</c>).</param>
    /// <param name="lazyUpdate">Accepted for compatibility (<c>lazy_update</c>; row-sparse only).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public Adam(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, bool lazyUpdate = true, double? learningRate = 0.001, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        LazyUpdate = lazyUpdate;
    }

    /// <summary><c>beta1</c>.</summary>
    public double Beta1 { get; }
    /// <summary><c>beta2</c>.</summary>
    public double Beta2 { get; }
    /// <summary><c>epsilon</c>.</summary>
    public double Epsilon { get; }
    /// <summary><c>lazy_update</c> (no effect on dense arrays).</summary>
    public bool LazyUpdate { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => new object?[] { ZerosLike(weight), ZerosLike(weight) };

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        int t = UpdateCountOf(index);
        double coef1 = 1.0 - Math.Pow(Beta1, t), coef2 = 1.0 - Math.Pow(Beta2, t);
        lr *= Math.Sqrt(coef2) / coef1;
        Nd.AdamUpdate(weight, grad, Slot(state, 0), Slot(state, 1), lr, Beta1, Beta2, Epsilon, wd, RescaleGrad, FusedClip, @out: weight);
    }
}
