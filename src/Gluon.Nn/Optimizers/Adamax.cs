namespace Gluon.Optimizers;

/// <summary>
/// AdaMax, Adam with the infinity norm (MXNet's <c>Adamax</c>, <c>adamax</c>): at update t,
/// <c>lr_t = lr/(1−β1^t)</c>, <c>g' = clip(g + wd·w)</c>, <c>m = β1·m + (1−β1)·g'</c>,
/// <c>u = max(β2·u, |g'|)</c>, <c>w = w − lr_t·m/u</c>. State: (m, u). Composed from elementwise ops.
/// </summary>
public sealed class Adamax : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="beta1"><c>beta1</c>.</param>
    /// <param name="beta2"><c>beta2</c>.</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public Adamax(double beta1 = 0.9, double beta2 = 0.999, double? learningRate = 0.002, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Beta1 = beta1;
        Beta2 = beta2;
    }

    /// <summary><c>beta1</c>.</summary>
    public double Beta1 { get; }
    /// <summary><c>beta2</c>.</summary>
    public double Beta2 { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => new object?[] { ZerosLike(weight), ZerosLike(weight) };

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        int t = UpdateCountOf(index);
        lr /= 1.0 - Math.Pow(Beta1, t);
        var g = grad * RescaleGrad + wd * weight;
        if (ClipGradient is { } c) g = Nd.Clip(g, -c, c);
        NDArray m = Slot(state, 0), u = Slot(state, 1);
        (Beta1 * m + (1.0 - Beta1) * g).CopyTo(m);
        Nd.Maximum(Beta2 * u, Nd.Abs(g)).CopyTo(u);
        (weight - lr * m / u).CopyTo(weight);
    }
}
