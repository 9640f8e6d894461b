namespace Gluon.Optimizers;

/// <summary>
/// MXNet's <c>Test</c> optimizer (registered as <c>test</c>), used by unit tests of the update
/// plumbing: <c>w = w + rescale_grad·grad</c>, and the state becomes a copy of the new weight.
/// It does not count updates (neither does MXNet's).
/// </summary>
public sealed class TestOptimizer : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public TestOptimizer(double? learningRate = null, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
    }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => ZerosLike(weight);

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        CheckArgs(weight, grad);
        (weight + grad * RescaleGrad).CopyTo(weight);
        weight.CopyTo((NDArray)state!);
    }
}
