namespace Gluon.Ops.Definitions;

/// <summary>
/// What <see cref="BatchNormBackwardOp"/> and <see cref="BatchNormWithReLUBackwardOp"/> share:
/// BatchNorm's attributes, inputs ograd, data, gamma, mean, var (the saved statistics), plus the
/// forward output when the relu was fused (<see cref="FusedRelu"/>), and outputs the gradients of
/// data, gamma and beta. Neither has a gradient itself: the forward ops build theirs from ops
/// instead when a higher-order graph is being recorded.
/// </summary>
public abstract class BatchNormBackwardOpBase : OpDef<BatchNormOp.Param>
{
    private static readonly string[] s_inputs = ["ograd", "data", "gamma", "mean", "var"];
    private static readonly string[] s_reluInputs = ["ograd", "data", "gamma", "mean", "var", "output"];
    private static readonly string[] s_outputs = ["data_grad", "gamma_grad", "beta_grad"];

    /// <summary>Whether ograd is masked by the forward output (input 5) before BatchNorm's gradient.</summary>
    private protected abstract bool FusedRelu { get; }

    /// <inheritdoc/>
    protected override BatchNormOp.Param ParseParam(OpAttrs a) =>
        new(a.GetDouble("eps", 1e-3), a.GetDouble("momentum", 0.9), a.GetBool("fix_gamma", true),
            a.GetBool("use_global_stats", false), false, a.GetInt("axis", 1), false);

    /// <summary>The attributes that make these ops reproduce <paramref name="p"/>.</summary>
    internal static OpAttrs Attrs(BatchNormOp.Param p) => new()
    {
        { "eps", p.Eps }, { "momentum", p.Momentum }, { "fix_gamma", p.FixGamma }, { "use_global_stats", p.UseGlobalStats }, { "axis", p.Axis },
    };

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => FusedRelu ? s_reluInputs : s_inputs;
    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => s_outputs;

    /// <inheritdoc/>
    protected override Shape[] InferShape(BatchNormOp.Param p, Shape[] inputs)
    {
        var data = inputs[1];
        var cs = new Shape(data[data.NormalizeAxis(p.Axis, Name)]);
        NormalizationShapes.Expect(Name, "ograd", inputs[0], data, data);
        for (int i = 2; i < 5; i++) NormalizationShapes.Expect(Name, s_inputs[i], inputs[i], cs, data);
        if (FusedRelu) NormalizationShapes.Expect(Name, "output", inputs[5], data, data);
        return [data, cs, cs];
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => [inputs[1], inputs[2], inputs[2]];
}
