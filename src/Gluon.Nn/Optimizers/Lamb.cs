namespace Gluon.Optimizers;

/// <summary>
/// LAMB, layer-wise adaptive moments (MXNet's <c>LAMB</c>, <c>lamb</c>): <c>g' = clip(g)</c>; m, v
/// as in Adam; <c>r = m̂/(√v̂ + ε) + wd·w</c> (hats bias-corrected when bias_correction);
/// <c>r1 = ‖w‖</c> clamped to [lower_bound, upper_bound], <c>r2 = ‖r‖</c>,
/// <c>w = w − lr·(r1/r2 if both &gt; 0 else 1)·r</c>. Two fused passes
/// (<c>lamb_update_phase1</c>, <c>lamb_update_phase2</c>) around the two norms.
/// </summary>
public sealed class Lamb : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="beta1"><c>beta1</c>.</param>
    /// <param name="beta2"><c>beta2</c>.</param>
    /// <param name="epsilon"><c>epsilon</c>.</param>
    /// <param name="lowerBound">Lower clamp of ‖w‖, or null (<c>lower_bound</c>).</param>
    /// <param name="upperBound">Upper clamp of ‖w‖, or null (<c>upper_bound</c>).</param>
    /// <param name="biasCorrection">Bias-correct the moments (<c>bias_correction</c>).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public Lamb(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-6, double? lowerBound = null, double? upperBound = null,
        bool biasCorrection = true, double? learningRate = 0.001, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        LowerBound = lowerBound;
        UpperBound = upperBound;
        BiasCorrection = biasCorrection;
    }

    /// <summary><c>beta1</c>.</summary>
    public double Beta1 { get; }
    /// <summary><c>beta2</c>.</summary>
    public double Beta2 { get; }
    /// <summary><c>epsilon</c>.</summary>
    public double Epsilon { get; }
    /// <summary><c>lower_bound</c>.</summary>
    public double? LowerBound { get; }
    /// <summary><c>upper_bound</c>.</summary>
    public double? UpperBound { get; }
    /// <summary><c>bias_correction</c>.</summary>
    public bool BiasCorrection { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => new object?[] { ZerosLike(weight), ZerosLike(weight) };

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        int t = UpdateCountOf(index);
        var g = Nd.LambUpdatePhase1(weight, grad, Slot(state, 0), Slot(state, 1), t, wd, Beta1, Beta2, Epsilon, BiasCorrection, RescaleGrad, FusedClip);
        var r1 = Nd.Norm(weight).Reshape(1);
        var r2 = Nd.Norm(g).Reshape(1);
        // Python's truth test: a bound of 0 (or None) is no bound.
        double lower = LowerBound is { } lb && lb != 0 ? lb : -1.0, upper = UpperBound is { } ub && ub != 0 ? ub : -1.0;
        Nd.LambUpdatePhase2(weight, g, r1, r2, lr, lower, upper, @out: weight);
    }
}
