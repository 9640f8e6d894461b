using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// What LayerNorm, InstanceNorm and GroupNorm share: an epsilon and the learned scale
/// <c>gamma</c> (initialized to 1) and shift <c>beta</c> (initialized to 0) of one shape.
/// <c>center</c> false freezes beta and <c>scale</c> false freezes gamma (grad_req null); both
/// are still applied with their initial values, as in MXNet.
/// </summary>
public abstract class ScaleShiftNorm : HybridBlock
{
    /// <summary>Creates gamma and beta of shape (<paramref name="size"/>,), 0 meaning "infer".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> or <paramref name="epsilon"/> is negative.</exception>
    protected ScaleShiftNorm(int size, string sizeName, double epsilon, bool center, bool scale,
        Initializer? betaInitializer, Initializer? gammaInitializer, string? prefix, ParameterDict? @params) : base(prefix, @params)
    {
        if (size < 0) throw new ArgumentOutOfRangeException(sizeName, size, $"{GetType().Name}: {sizeName} must be >= 0 (0 = infer)");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"{GetType().Name}: epsilon must be non-negative");
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
        var shape = new Shape(size);
        Gamma = GetParameter("gamma", gradReq: scale ? GradReq.Write : GradReq.Null, shape: shape, init: gammaInitializer ?? new One(), allowDeferredInit: true);
        Beta = GetParameter("beta", gradReq: center ? GradReq.Write : GradReq.Null, shape: shape, init: betaInitializer ?? new Zero(), allowDeferredInit: true);
    }

    /// <summary>Added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>Whether beta is learned.</summary>
    public bool Center { get; }

    /// <summary>Whether gamma is learned.</summary>
    public bool Scale { get; }

    /// <summary>The scale γ.</summary>
    public Parameter Gamma { get; }

    /// <summary>The shift β.</summary>
    public Parameter Beta { get; }
}
