namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>lamb_update_phase1(weight, grad, mean, var)</c>: <c>g = clip(rescale_grad·grad)</c>,
/// <c>mean = β1·mean + (1−β1)·g</c>, <c>var = β2·var + (1−β2)·g²</c>; the output is the update
/// direction <c>r = m̂/(√v̂ + ε) + wd·w</c> with <c>m̂ = mean/(1−β1^t)</c>, <c>v̂ = var/(1−β2^t)</c> when
/// bias_correction, else the raw moments. The weight itself is not changed.
/// </summary>
public sealed class LambUpdatePhase1Op : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "lamb_update_phase1";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad", "mean", "var"];
    /// <inheritdoc/>
    protected override int[] Mutated => [2, 3];
    /// <inheritdoc/>
    public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a)
    {
        var p = Common(a, lrRequired: false) with
        {
            Wd = a.GetDouble(Name, "wd"), Beta1 = a.GetDouble("beta1", 0.9), Beta2 = a.GetDouble("beta2", 0.999),
            Epsilon = a.GetDouble("epsilon", 1e-6), T = a.GetInt(Name, "t"), BiasCorrection = a.GetBool("bias_correction", true),
        };
        if (p.T < 1) throw Error($"t must be at least 1 (the update count), got {p.T}");
        return p;
    }
}

/// <summary>
/// <c>lamb_update_phase2(weight, g, r1, r2)</c>: with r1 = ‖w‖ clamped to
/// [lower_bound, upper_bound] (each only when ≥ 0) and r2 = ‖g‖ (one-element arrays),
/// <c>w = w − lr·(r1/r2 if both &gt; 0 else 1)·g</c>.
/// </summary>
public sealed class LambUpdatePhase2Op : OptimizerUpdateOp
{
    private static readonly Shape s_scalar = new(1);

    /// <inheritdoc/>
    public override string Name => "lamb_update_phase2";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "g", "r1", "r2"];
    /// <inheritdoc/>
    protected override int[] Mutated => [];
    /// <inheritdoc/>
    protected override Shape ExpectedShape(int input, Shape weight) => input >= 2 ? s_scalar : weight;
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => new()
    {
        Lr = a.GetDouble(Name, "lr"), LowerBound = a.GetDouble("lower_bound", -1.0), UpperBound = a.GetDouble("upper_bound", -1.0),
    };
}
