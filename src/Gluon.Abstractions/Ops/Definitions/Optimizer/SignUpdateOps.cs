namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>signsgd_update(weight, grad)</c>: <c>w = (1 − lr·wd)·w − lr·sign(clip(rescale_grad·grad))</c>.
/// </summary>
public sealed class SignsgdUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "signsgd_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad"];
    /// <inheritdoc/>
    protected override int[] Mutated => [];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => Common(a);
}

/// <summary>
/// <c>signum_update(weight, grad, mom)</c>:
/// <c>mom = momentum·mom − (1−momentum)·(wd·w + clip(rescale_grad·grad))</c>,
/// <c>w = (1 − lr·wd_lh)·w + lr·sign(mom)</c>.
/// </summary>
public sealed class SignumUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "signum_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad", "mom"];
    /// <inheritdoc/>
    protected override int[] Mutated => [2];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => Common(a) with
    {
        Momentum = a.GetDouble("momentum", 0.0), WdLh = a.GetDouble("wd_lh", 0.0),
    };
}
