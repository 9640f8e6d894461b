namespace Gluon.Optimizers;

/// <summary>
/// Delay-compensated asynchronous SGD (MXNet's <c>DCASGD</c>, <c>dcasgd</c>): <c>g' = clip(g)</c>,
/// <c>m = momentum·m − lr·(g' + wd·w + λ·g'²·(w − w_prev))</c> (m is just the bracket term
/// times −lr without momentum), <c>w_prev = w</c>, <c>w = w + m</c>. State: (momentum or null, w_prev).
/// </summary>
public sealed class DcaSgd : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="momentum"><c>momentum</c>.</param>
    /// <param name="lamda">Delay-compensation strength (<c>lamda</c>, MXNet's spelling).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public DcaSgd(double momentum = 0.0, double lamda = 0.04, double? learningRate = null, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Momentum = momentum;
        Lamda = lamda;
    }

    /// <summary><c>momentum</c>.</summary>
    public double Momentum { get; }
    /// <summary><c>lamda</c>.</summary>
    public double Lamda { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) =>
        new object?[] { Momentum == 0.0 ? null : ZerosLike(weight), Nd.Copy(weight) };

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        var g = RescaledGrad(grad);
        var s = (object?[])state!;
        var previous = (NDArray)s[1]!;
        var step = -lr * (g + wd * weight + Lamda * g * g * (weight - previous));
        NDArray mom;
        if (s[0] is NDArray m)
        {
            (m * Momentum + step).CopyTo(m);
            mom = m;
        }
        else mom = step;
        weight.CopyTo(previous);
        (weight + mom).CopyTo(weight);
    }
}
