namespace Gluon.Optimizers;

/// <summary>
/// Stochastic gradient Langevin dynamics (MXNet's <c>SGLD</c>, <c>sgld</c>):
/// <c>w = w − lr/2·(clip(g) + wd·w) + N(0, √lr)</c>, the noise drawn from the global generator
/// (<see cref="Nd.Random.Seed"/> makes it reproducible).
/// </summary>
public sealed class Sgld : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public Sgld(double? learningRate = null, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
    }

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        var g = RescaledGrad(grad);
        var noise = Nd.Random.Normal(0, Math.Sqrt(lr), weight.Shape, weight.DType, weight.Context);
        (weight + (-lr / 2 * (g + wd * weight) + noise)).CopyTo(weight);
    }
}
