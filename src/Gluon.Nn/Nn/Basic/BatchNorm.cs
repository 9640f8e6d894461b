using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// Batch normalization (MXNet's <c>gluon.nn.BatchNorm</c>): per channel c on <see cref="Axis"/>,
/// <c>y = γ_c(x − μ_c)/√(σ²_c + ε) + β_c</c>. In training mode (without use_global_stats) μ and
/// σ² are the batch mean and biased variance over every other axis, and the running statistics
/// are updated in place, <c>running = running·momentum + batch·(1 − momentum)</c>; in inference
/// mode the running statistics are used. Parameters <c>gamma</c>, <c>beta</c>,
/// <c>running_mean</c>, <c>running_var</c> have shape (in_channels,); in_channels 0 is inferred
/// on the first forward pass.
/// </summary>
public class BatchNorm : HybridBlock
{
    /// <summary>
    /// A batch normalization over channel axis <paramref name="axis"/>. <paramref name="center"/>
    /// false freezes beta (grad_req null, not differentiable); <paramref name="scale"/> false uses
    /// γ = 1 (MXNet's fix_gamma) and freezes gamma. The running statistics never get gradients.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inChannels"/> is negative or <paramref name="epsilon"/> is negative.</exception>
    public BatchNorm(int axis = 1, double momentum = 0.9, double epsilon = 1e-5, bool center = true, bool scale = true,
        bool useGlobalStats = false, Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
        Initializer? runningMeanInitializer = null, Initializer? runningVarianceInitializer = null, int inChannels = 0,
        string? prefix = null, ParameterDict? @params = null) : base(prefix, @params)
    {
        if (inChannels < 0) throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, "BatchNorm: in_channels must be >= 0 (0 = infer)");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "BatchNorm: epsilon must be non-negative");
        Axis = axis;
        Momentum = momentum;
        Epsilon = epsilon;
        FixGamma = !scale;
        UseGlobalStats = useGlobalStats;
        var cs = new Shape(inChannels);
        Gamma = GetParameter("gamma", gradReq: scale ? GradReq.Write : GradReq.Null, shape: cs,
            init: gammaInitializer ?? new One(), allowDeferredInit: true, differentiable: scale);
        Beta = GetParameter("beta", gradReq: center ? GradReq.Write : GradReq.Null, shape: cs,
            init: betaInitializer ?? new Zero(), allowDeferredInit: true, differentiable: center);
        RunningMean = GetParameter("running_mean", gradReq: GradReq.Null, shape: cs,
            init: runningMeanInitializer ?? new Zero(), allowDeferredInit: true, differentiable: false);
        RunningVar = GetParameter("running_var", gradReq: GradReq.Null, shape: cs,
            init: runningVarianceInitializer ?? new One(), allowDeferredInit: true, differentiable: false);
    }

    /// <summary>The channel axis.</summary>
    public int Axis { get; }

    /// <summary>Decay of the running statistics.</summary>
    public double Momentum { get; }

    /// <summary>Added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>True when scale was false: γ is taken as 1.</summary>
    public bool FixGamma { get; }

    /// <summary>Normalize with the running statistics even in training.</summary>
    public bool UseGlobalStats { get; }

    /// <summary>The scale γ, (in_channels,).</summary>
    public Parameter Gamma { get; }

    /// <summary>The shift β, (in_channels,).</summary>
    public Parameter Beta { get; }

    /// <summary>The running mean (an auxiliary state), (in_channels,).</summary>
    public Parameter RunningMean { get; }

    /// <summary>The running variance (an auxiliary state), (in_channels,).</summary>
    public Parameter RunningVar { get; }

    /// <summary>
    /// Casts the parameters to <paramref name="dtype"/>, except that float16 keeps float32:
    /// the statistics and affine parameters of float16 data stay in float32 (MXNet's rule).
    /// </summary>
    public override void Cast(DType dtype) => base.Cast(dtype == DType.Float16 ? DType.Float32 : dtype);

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) =>
        Nd.BatchNorm(x, Gamma.Data(), Beta.Data(), RunningMean.Data(), RunningVar.Data(),
            eps: Epsilon, momentum: Momentum, fixGamma: FixGamma, useGlobalStats: UseGlobalStats, axis: Axis)[0];

    /// <summary>MXNet's repr: <c>BatchNorm(axis=1, eps=1e-05, momentum=0.9, fix_gamma=False, use_global_stats=False, in_channels=None)</c>.</summary>
    public override string ToString() =>
        $"{GetType().Name}({LayerRepr.Kwargs(("axis", Axis), ("eps", Epsilon), ("momentum", Momentum), ("fix_gamma", FixGamma), ("use_global_stats", UseGlobalStats))}, in_channels={LayerRepr.DimOrNone(Gamma.Shape![0])})";
}
