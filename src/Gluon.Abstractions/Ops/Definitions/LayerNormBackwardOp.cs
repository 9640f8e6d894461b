namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_LayerNorm</c>: the fused first-order gradient of <see cref="LayerNormOp"/>.
/// Inputs ograd, data, gamma, mean, std (the saved statistics); outputs the gradients of data,
/// gamma and beta: with x̂ = (x − μ)/σ and dx̂ = dy·γ, <c>dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/σ</c>,
/// <c>dγ = Σ dy·x̂</c>, <c>dβ = Σ dy</c>. It has no gradient itself: LayerNorm builds its gradient
/// from ops instead when a higher-order graph is being recorded, or when the axis is not the last.
/// </summary>
public sealed class LayerNormBackwardOp : OpDef<LayerNormOp.Param>
{
    private static readonly string[] s_inputs = ["ograd", "data", "gamma", "mean", "std"];
    private static readonly string[] s_outputs = ["data_grad", "gamma_grad", "beta_grad"];

    /// <inheritdoc/>
    public override string Name => "_backward_LayerNorm";

    /// <inheritdoc/>
    protected override LayerNormOp.Param ParseParam(OpAttrs a) => new(a.GetInt("axis", -1), a.GetDouble("eps", 1e-5), false);

    /// <summary>The attributes that make this op reproduce <paramref name="p"/>.</summary>
    internal static OpAttrs Attrs(LayerNormOp.Param p) => new() { { "axis", p.Axis }, { "eps", p.Eps } };

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => s_outputs;

    /// <inheritdoc/>
    protected override Shape[] InferShape(LayerNormOp.Param p, Shape[] inputs)
    {
        var data = inputs[1];
        int ax = data.NormalizeAxis(p.Axis, Name);
        if (ax != data.Rank - 1) throw Error($"the fused gradient handles the last axis only, got axis {p.Axis} for data {data}");
        var ps = new Shape(data[ax]);
        var ms = data.With(ax, 1);
        NormalizationShapes.Expect(Name, "ograd", inputs[0], data, data);
        NormalizationShapes.Expect(Name, "gamma", inputs[2], ps, data);
        NormalizationShapes.Expect(Name, "mean", inputs[3], ms, data);
        NormalizationShapes.Expect(Name, "std", inputs[4], ms, data);
        return [data, ps, ps];
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => [inputs[1], inputs[2], inputs[2]];
}
