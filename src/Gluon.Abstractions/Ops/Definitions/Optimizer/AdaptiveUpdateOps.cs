namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>adam_update(weight, grad, mean, var)</c>: <c>g = clip(rescale_grad·grad + wd·w)</c>,
/// <c>mean = β1·mean + (1−β1)·g</c>, <c>var = β2·var + (1−β2)·g²</c>,
/// <c>w = w − lr·mean/(√var + ε)</c>. Bias correction is folded into lr by the optimizer.
/// </summary>
public sealed class AdamUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "adam_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad", "mean", "var"];
    /// <inheritdoc/>
    protected override int[] Mutated => [2, 3];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => Common(a) with
    {
        Beta1 = a.GetDouble("beta1", 0.9), Beta2 = a.GetDouble("beta2", 0.999), Epsilon = a.GetDouble("epsilon", 1e-8),
    };
}

/// <summary>
/// <c>rmsprop_update(weight, grad, n)</c> (Tieleman and Hinton): <c>g = clip(rescale_grad·grad + wd·w)</c>,
/// <c>n = (1−γ1)·g² + γ1·n</c>, <c>w = w − lr·g/√(n + ε)</c>, then w clipped to ±clip_weights when that is ≥ 0.
/// </summary>
public sealed class RmspropUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "rmsprop_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad", "n"];
    /// <inheritdoc/>
    protected override int[] Mutated => [2];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => Common(a) with
    {
        Gamma1 = a.GetDouble("gamma1", 0.95), Epsilon = a.GetDouble("epsilon", 1e-8), ClipWeights = a.GetDouble("clip_weights", -1.0),
    };
}

/// <summary>
/// <c>rmspropalex_update(weight, grad, n, g, delta)</c> (Graves' centered RMSProp):
/// <c>g' = clip(rescale_grad·grad + wd·w)</c>, <c>n = (1−γ1)·g'² + γ1·n</c>, <c>g = (1−γ1)·g' + γ1·g</c>,
/// <c>delta = γ2·delta − lr·g'/√(n − g² + ε)</c>, <c>w = w + delta</c>, then the optional weight clip.
/// </summary>
public sealed class RmspropAlexUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "rmspropalex_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad", "n", "g", "delta"];
    /// <inheritdoc/>
    protected override int[] Mutated => [2, 3, 4];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => Common(a) with
    {
        Gamma1 = a.GetDouble("gamma1", 0.95), Gamma2 = a.GetDouble("gamma2", 0.9),
        Epsilon = a.GetDouble("epsilon", 1e-8), ClipWeights = a.GetDouble("clip_weights", -1.0),
    };
}

/// <summary>
/// <c>ftrl_update(weight, grad, z, n)</c>: <c>g = clip(rescale_grad·grad)</c>,
/// <c>z += g − (√(n + g²) − √n)·w/lr</c>, <c>n += g²</c>,
/// <c>w = (sign(z)·λ1 − z)/((β + √n)/lr + wd)</c> where |z| &gt; λ1, else 0.
/// </summary>
public sealed class FtrlUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "ftrl_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad", "z", "n"];
    /// <inheritdoc/>
    protected override int[] Mutated => [2, 3];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a) => Common(a) with
    {
        Lamda1 = a.GetDouble("lamda1", 0.01), Beta = a.GetDouble("beta", 1.0),
    };
}

/// <summary>
/// <c>ftml_update(weight, grad, d, v, z)</c>: <c>g = clip(rescale_grad·grad + wd·w)</c> (bound
/// <c>clip_grad</c>), <c>v = β2·v + (1−β2)·g²</c>, <c>d_t = (1−β1^t)/lr·(√(v/(1−β2^t)) + ε)</c>,
/// <c>z = β1·z + (1−β1)·g − (d_t − β1·d)·w</c>, <c>d = d_t</c>, <c>w = −z/d_t</c>.
/// </summary>
public sealed class FtmlUpdateOp : OptimizerUpdateOp
{
    /// <inheritdoc/>
    public override string Name => "ftml_update";
    /// <inheritdoc/>
    protected override string[] Inputs => ["weight", "grad", "d", "v", "z"];
    /// <inheritdoc/>
    protected override int[] Mutated => [2, 3, 4];
    /// <inheritdoc/>
    protected override UpdateParam ParseParam(OpAttrs a)
    {
        var p = Common(a) with
        {
            Beta1 = a.GetDouble("beta1", 0.6), Beta2 = a.GetDouble("beta2", 0.999), Epsilon = a.GetDouble("epsilon", 1e-8),
            T = a.GetInt(Name, "t"), ClipGradient = a.GetDouble("clip_grad", -1.0),
        };
        if (p.T < 1) throw Error($"t must be at least 1 (the update count), got {p.T}");
        return p;
    }
}
