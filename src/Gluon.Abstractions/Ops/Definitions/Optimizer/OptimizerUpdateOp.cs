namespace Gluon.Ops.Definitions;

/// <summary>
/// The hyperparameters of MXNet's fused optimizer update ops (<c>sgd_update</c>,
/// <c>adam_update</c>, ...), parsed from the op attributes with each op's own defaults. One record
/// serves every update op; fields an op does not read keep their defaults. A negative
/// <see cref="ClipGradient"/> (MXNet's −1 default) turns clipping off.
/// </summary>
public sealed record UpdateParam
{
    /// <summary>Learning rate (<c>lr</c>).</summary>
    public double Lr { get; init; }
    /// <summary>Weight decay (<c>wd</c>).</summary>
    public double Wd { get; init; }
    /// <summary>Gradient multiplier (<c>rescale_grad</c>).</summary>
    public double RescaleGrad { get; init; } = 1.0;
    /// <summary>Clip bound of the rescaled gradient; &lt; 0 means no clipping (<c>clip_gradient</c>, <c>clip_grad</c> for ftml).</summary>
    public double ClipGradient { get; init; } = -1.0;
    /// <summary>Momentum (<c>momentum</c>).</summary>
    public double Momentum { get; init; }
    /// <summary>First-moment decay (<c>beta1</c>).</summary>
    public double Beta1 { get; init; }
    /// <summary>Second-moment decay (<c>beta2</c>).</summary>
    public double Beta2 { get; init; }
    /// <summary>Denominator stabilizer (<c>epsilon</c>).</summary>
    public double Epsilon { get; init; }
    /// <summary>RMSProp decay of the squared-gradient average (<c>gamma1</c>).</summary>
    public double Gamma1 { get; init; }
    /// <summary>Centered RMSProp momentum (<c>gamma2</c>).</summary>
    public double Gamma2 { get; init; }
    /// <summary>Weight clip bound; &lt; 0 means none (<c>clip_weights</c>).</summary>
    public double ClipWeights { get; init; } = -1.0;
    /// <summary>FTRL L1 strength (<c>lamda1</c>, MXNet's spelling).</summary>
    public double Lamda1 { get; init; }
    /// <summary>FTRL per-coordinate rate parameter (<c>beta</c>).</summary>
    public double Beta { get; init; }
    /// <summary>Update count of this weight, 1 on the first update (<c>t</c>).</summary>
    public int T { get; init; }
    /// <summary>LAMB bias correction (<c>bias_correction</c>).</summary>
    public bool BiasCorrection { get; init; }
    /// <summary>Signum decoupled weight decay (<c>wd_lh</c>).</summary>
    public double WdLh { get; init; }
    /// <summary>LAMB lower clamp of ‖w‖; &lt; 0 means none (<c>lower_bound</c>).</summary>
    public double LowerBound { get; init; } = -1.0;
    /// <summary>LAMB upper clamp of ‖w‖; &lt; 0 means none (<c>upper_bound</c>).</summary>
    public double UpperBound { get; init; } = -1.0;
    /// <summary>Accepted for compatibility (<c>lazy_update</c>); only row-sparse arrays would use it.</summary>
    public bool LazyUpdate { get; init; } = true;
}

/// <summary>
/// Base of MXNet's fused optimizer update ops: inputs <c>weight, grad, states...</c> of one shape,
/// the states mutated in place (aux inputs), one output (the new weight) normally written over
/// the weight with <c>out=</c>. They have no gradient.
/// </summary>
public abstract class OptimizerUpdateOp : OpDef<UpdateParam>
{
    /// <summary>Input names, weight and grad first.</summary>
    protected abstract string[] Inputs { get; }

    /// <summary>Indices of inputs that must be float32 whatever the weight dtype (the mp_* master copies).</summary>
    protected virtual int[] Float32Inputs => [];

    /// <summary>Indices of the inputs the op updates in place.</summary>
    protected abstract int[] Mutated { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => Inputs;
    /// <inheritdoc/>
    public override IReadOnlyList<int> AuxInputs(object param) => Mutated;
    /// <inheritdoc/>
    public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [(0, 0)];

    /// <summary>The shape every input must have (the weight's, except LAMB phase 2's norms).</summary>
    protected virtual Shape ExpectedShape(int input, Shape weight) => weight;

    /// <inheritdoc/>
    protected override Shape[] InferShape(UpdateParam p, Shape[] inputs)
    {
        var names = Inputs;
        for (int i = 1; i < inputs.Length; i++)
        {
            var want = ExpectedShape(i, inputs[0]);
            if (inputs[i] != want)
                throw Error($"input '{names[i]}' has shape {inputs[i]}, expected {want} (weight {inputs[0]})");
        }
        return [inputs[0]];
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs)
    {
        var names = Inputs;
        var f32 = Float32Inputs;
        if (!inputs[0].IsFloat())
            throw Error($"weight must be a floating-point array, got {inputs[0].Name()}");
        for (int i = 1; i < inputs.Length; i++)
        {
            var want = Array.IndexOf(f32, i) >= 0 ? DType.Float32 : inputs[0];
            if (inputs[i] != want)
                throw Error($"input '{names[i]}' has dtype {inputs[i].Name()}, expected {want.Name()} (weight {inputs[0].Name()})");
        }
        return [inputs[0]];
    }

    /// <summary>Reads lr (required), wd, rescale_grad and clip_gradient, MXNet's common update attributes.</summary>
    protected UpdateParam Common(OpAttrs a, bool lrRequired = true) => new()
    {
        Lr = lrRequired ? a.GetDouble(Name, "lr") : 0.0,
        Wd = a.GetDouble("wd", 0.0),
        RescaleGrad = a.GetDouble("rescale_grad", 1.0),
        ClipGradient = a.GetDouble("clip_gradient", -1.0),
        LazyUpdate = a.GetBool("lazy_update", true),
    };
}
