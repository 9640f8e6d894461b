namespace Gluon.Optimizers;

/// <summary>
/// FTML, Follow the Moving Leader (MXNet's <c>FTML</c>, <c>ftml</c>): <c>g' = clip(g + wd·w)</c>,
/// <c>v = β2·v + (1−β2)·g'²</c>, <c>d_t = (1−β1^t)/lr·(√(v/(1−β2^t)) + ε)</c>,
/// <c>z = β1·z + (1−β1)·g' − (d_t − β1·d)·w</c>, <c>d = d_t</c>, <c>w = −z/d_t</c>. One fused
/// <c>ftml_update</c> pass. State: (d, v, z).
/// </summary>
public sealed class Ftml : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="beta1"><c>beta1</c>, usually near 0.5.</param>
    /// <param name="beta2"><c>beta2</c>, usually near 1.</param>
    /// <param name="epsilon">Stabilizer (<c>epsilon</c>).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public Ftml(double beta1 = 0.6, double beta2 = 0.999, double epsilon = 1e-8, double? learningRate = null, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary><c>beta1</c>.</summary>
    public double Beta1 { get; }
    /// <summary><c>beta2</c>.</summary>
    public double Beta2 { get; }
    /// <summary><c>epsilon</c>.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => new object?[] { ZerosLike(weight), ZerosLike(weight), ZerosLike(weight) };

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        int t = UpdateCountOf(index);
        Nd.FtmlUpdate(weight, grad, Slot(state, 0), Slot(state, 1), Slot(state, 2), lr, t, Beta1, Beta2, Epsilon, wd, RescaleGrad, FusedClip, @out: weight);
    }
}
