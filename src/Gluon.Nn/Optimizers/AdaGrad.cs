namespace Gluon.Optimizers;

/// <summary>
/// AdaGrad (MXNet's <c>AdaGrad</c>, <c>adagrad</c>): <c>g' = clip(g)</c>, <c>h = h + g'²</c>,
/// <c>w = w − lr·(g'/√(h + eps) + wd·w)</c>. State: the history h. Composed from elementwise ops
/// (MXNet has no dense fused kernel for it).
/// </summary>
public sealed class AdaGrad : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="eps">Added inside the square root (<c>eps</c>, stored as float_stable_eps).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public AdaGrad(double eps = 1e-7, double? learningRate = null, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Eps = eps;
    }

    /// <summary><c>eps</c>.</summary>
    public double Eps { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => ZerosLike(weight);

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        var history = (NDArray)state!;
        var g = RescaledGrad(grad);
        (history + Nd.Square(g)).CopyTo(history);
        var div = g / Nd.Sqrt(history + Eps);
        (weight + (div + weight * wd) * -lr).CopyTo(weight);
    }
}
