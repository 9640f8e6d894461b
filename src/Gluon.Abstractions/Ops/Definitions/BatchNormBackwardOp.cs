namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_BatchNorm</c>: the fused first-order gradient of <see cref="BatchNormOp"/>.
/// Inputs ograd, data, gamma, mean, var (the saved statistics); outputs the gradients of data,
/// gamma and beta. With batch statistics (training at backward time, no use_global_stats):
/// <c>dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂))</c>; otherwise <c>dx = γ·dy/σ</c>;
/// <c>dγ = Σ dy·x̂</c> (0 with fix_gamma), <c>dβ = Σ dy</c>. It has no gradient itself: BatchNorm
/// builds its gradient from ops instead when a higher-order graph is being recorded.
/// </summary>
public sealed class BatchNormBackwardOp : OpDef<BatchNormOp.Param>
{
    private static readonly string[] s_inputs = ["ograd", "data", "gamma", "mean", "var"];
    private static readonly string[] s_outputs = ["data_grad", "gamma_grad", "beta_grad"];

    /// <inheritdoc/>
    public override string Name => "_backward_BatchNorm";

    /// <inheritdoc/>
    protected override BatchNormOp.Param ParseParam(OpAttrs a) =>
        new(a.GetDouble("eps", 1e-3), a.GetDouble("momentum", 0.9), a.GetBool("fix_gamma", true),
            a.GetBool("use_global_stats", false), false, a.GetInt("axis", 1), false);

    /// <summary>The attributes that make this op reproduce <paramref name="p"/>.</summary>
    internal static OpAttrs Attrs(BatchNormOp.Param p) => new()
    {
        { "eps", p.Eps }, { "momentum", p.Momentum }, { "fix_gamma", p.FixGamma }, { "use_global_stats", p.UseGlobalStats }, { "axis", p.Axis },
    };

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => s_outputs;

    /// <inheritdoc/>
    protected override Shape[] InferShape(BatchNormOp.Param p, Shape[] inputs)
    {
        var data = inputs[1];
        var cs = new Shape(data[data.NormalizeAxis(p.Axis, Name)]);
        NormalizationShapes.Expect(Name, "ograd", inputs[0], data, data);
        for (int i = 2; i < 5; i++) NormalizationShapes.Expect(Name, s_inputs[i], inputs[i], cs, data);
        return [data, cs, cs];
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => [inputs[1], inputs[2], inputs[2]];
}
