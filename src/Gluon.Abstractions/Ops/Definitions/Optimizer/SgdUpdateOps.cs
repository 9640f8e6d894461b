namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>sgd_update(weight, grad)</c>: <c>w = (1 − lr·wd)·w − lr·clip(rescale_grad·grad)</c>, where
/// clip bounds to ±clip_gradient when clip_gradient ≥ 0.
/// </summary>
public sealed class SgdUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "sgd_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad"];
    /// <inheritdoc/>
    protected override int[] Mutated => [];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => Common(a);
}

/// <summary>
/// <c>sgd_mom_update(weight, grad, mom)</c>:
/// <c>mom = momentum·mom − lr·wd·w − lr·clip(rescale_grad·grad); w = w + mom</c>.
/// </summary>
public sealed class SgdMomUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "sgd_mom_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad", "mom"];
    /// <inheritdoc/>
    protected override int[] Mutated => [2];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => Common(a) with { Momentum = a.GetDouble("momentum", 0.0) };
}

/// <summary>
/// <c>mp_sgd_update(weight, grad, weight32)</c>: the <see cref="SgdUpdateOp"/> rule applied in
/// float32 to the master copy weight32, then <c>weight = cast(weight32)</c> (mixed precision).
/// </summary>
public sealed class MpSgdUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "mp_sgd_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad", "weight32"];
    /// <inheritdoc/>
    protected override int[] Float32Inputs => [2];
    /// <inheritdoc/>
    protected override int[] Mutated => [2];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => Common(a);
}

/// <summary>
/// <c>mp_sgd_mom_update(weight, grad, mom, weight32)</c>: the <see cref="SgdMomUpdateOp"/> rule
/// in float32 on the master copy (mom is float32), then <c>weight = cast(weight32)</c>.
/// </summary>
public sealed class MpSgdMomUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "mp_sgd_mom_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad", "mom", "weight32"];
    /// <inheritdoc/>
    protected override int[] Float32Inputs => [2, 3];
    /// <inheritdoc/>
    protected override int[] Mutated => [2, 3];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => Common(a) with { Momentum = a.GetDouble("momentum", 0.0) };
}

/// <summary>
/// <c>nag_mom_update(weight, grad, mom)</c> (Nesterov): with
/// <c>g' = clip(rescale_grad·grad) + wd·w</c>, <c>mom = momentum·mom − lr·g'</c> and
/// <c>w = w + momentum·mom − lr·g'</c>.
/// </summary>
public sealed class NagMomUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "nag_mom_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad", "mom"];
    /// <inheritdoc/>
    protected override int[] Mutated => [2];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => Common(a) with { Momentum = a.GetDouble("momentum", 0.0) };
}
