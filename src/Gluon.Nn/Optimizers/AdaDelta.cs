namespace Gluon.Optimizers;

/// <summary>
/// AdaDelta (MXNet's <c>AdaDelta</c>, <c>adadelta</c>; no learning rate): <c>g' = clip(g)</c>,
/// <c>a = ρ·a + (1−ρ)·g'²</c>, <c>Δ = √(d + ε)/√(a + ε)·g'</c>, <c>d = ρ·d + (1−ρ)·Δ²</c>,
/// <c>w = w − Δ − wd·w</c>. State: (acc_g, acc_delta). Composed from elementwise ops.
/// </summary>
/// <remarks>MXNet multiplies the caller's gradient by rescale_grad in place; this port leaves the gradient untouched (the weight result is the same).</remarks>
public sealed class AdaDelta : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="rho">Decay of both averages (<c>rho</c>).</param>
    /// <param name="epsilon">Stabilizer (<c>epsilon</c>).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public AdaDelta(double rho = 0.90, double epsilon = 1e-5, double? learningRate = null, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Rho = rho;
        Epsilon = epsilon;
    }

    /// <summary><c>rho</c>.</summary>
    public double Rho { get; }
    /// <summary><c>epsilon</c>.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => new object?[] { ZerosLike(weight), ZerosLike(weight) };

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        CheckArgs(weight, grad);
        double wd = GetWd(index);
        UpdateCount(index);
        NDArray accG = Slot(state, 0), accDelta = Slot(state, 1);
        var g = RescaledGrad(grad);
        (Rho * accG + (1.0 - Rho) * g * g).CopyTo(accG);
        var delta = Nd.Sqrt(accDelta + Epsilon) / Nd.Sqrt(accG + Epsilon) * g;
        (Rho * accDelta + (1.0 - Rho) * delta * delta).CopyTo(accDelta);
        (weight - (delta + wd * weight)).CopyTo(weight);
    }
}
