namespace Gluon.Optimizers;

/// <summary>
/// RMSProp (MXNet's <c>RMSProp</c>, <c>rmsprop</c>), with <c>g' = clip(g + wd·w)</c>. Plain
/// (Tieleman and Hinton): <c>n = (1−γ1)·g'² + γ1·n; w = w − lr·g'/√(n + ε)</c>. Centered (Graves):
/// also <c>ḡ = (1−γ1)·g' + γ1·ḡ; Δ = γ2·Δ − lr·g'/√(n − ḡ² + ε); w = w + Δ</c>. Optionally clips
/// w to ±clip_weights. One fused <c>rmsprop_update</c>/<c>rmspropalex_update</c> pass.
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="gamma1">Decay of the squared-gradient average (<c>gamma1</c>).</param>
    /// <param name="gamma2">Momentum of the centered variant (<c>gamma2</c>).</param>
    /// <param name="epsilon">Stabilizer (<c>epsilon</c>).</param>
    /// <param name="centered">Graves' centered variant (<c>centered</c>).</param>
    /// <param name="clipWeights">Weight clip bound, or null (<c>clip_weights</c>).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public RmsProp(double gamma1 = 0.9, double gamma2 = 0.9, double epsilon = 1e-8, bool centered = false, double? clipWeights = null, double? learningRate = 0.001, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Gamma1 = gamma1;
        Gamma2 = gamma2;
        Epsilon = epsilon;
        Centered = centered;
        ClipWeights = clipWeights;
    }

    /// <summary><c>gamma1</c>.</summary>
    public double Gamma1 { get; }
    /// <summary><c>gamma2</c>.</summary>
    public double Gamma2 { get; }
    /// <summary><c>epsilon</c>.</summary>
    public double Epsilon { get; }
    /// <summary><c>centered</c>.</summary>
    public bool Centered { get; }
    /// <summary><c>clip_weights</c>.</summary>
    public double? ClipWeights { get; }

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => Centered
        ? new object?[] { ZerosLike(weight), ZerosLike(weight), ZerosLike(weight) }
        : new object?[] { ZerosLike(weight) };

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        double clipW = ClipWeights is { } c && c != 0 ? c : -1.0;
        if (!Centered)
            Nd.RmspropUpdate(weight, grad, Slot(state, 0), lr, Gamma1, Epsilon, wd, RescaleGrad, FusedClip, clipW, @out: weight);
        else
            Nd.RmspropAlexUpdate(weight, grad, Slot(state, 0), Slot(state, 1), Slot(state, 2), lr, Gamma1, Gamma2, Epsilon, wd, RescaleGrad, FusedClip, clipW, @out: weight);
    }
}
