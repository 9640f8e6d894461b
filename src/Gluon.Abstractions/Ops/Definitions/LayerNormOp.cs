namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>LayerNorm</c>: normalizes over one axis, <c>y = γ(x − μ)/σ + β</c> with μ and the biased
/// variance taken along <c>axis</c> (default −1) and <c>σ = √(var + eps)</c> (eps default 1e-5).
/// Inputs data, gamma, beta (both of length <c>data.shape[axis]</c>); outputs output, mean, std
/// (one visible unless <c>output_mean_var</c>); mean and std have the data's shape with the axis
/// set to 1.
/// </summary>
public sealed class LayerNormOp : OpDef<LayerNormOp.Param>
{
    private static readonly string[] s_inputs = ["data", "gamma", "beta"];
    private static readonly string[] s_outputs = ["output", "mean", "std"];

    /// <summary>Parsed LayerNorm attributes.</summary>
    /// <param name="Axis">The normalized axis (<c>axis</c>, −1).</param>
    /// <param name="Eps">Added to the variance (<c>eps</c>, 1e-5).</param>
    /// <param name="OutputMeanVar">Make mean and std visible outputs (<c>output_mean_var</c>, false).</param>
    public sealed record Param(int Axis, double Eps, bool OutputMeanVar);

    /// <inheritdoc/>
    public override string Name => "LayerNorm";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        var p = new Param(a.GetInt("axis", -1), a.GetDouble("eps", 1e-5), a.GetBool("output_mean_var", false));
        if (!(p.Eps >= 0)) throw Error($"eps must be non-negative, got {p.Eps}");
        return p;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => s_outputs;
    /// <inheritdoc/>
    public override int NumVisibleOutputs(object param) => ((Param)param).OutputMeanVar ? 3 : 1;

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var data = inputs[0];
        int ax = data.NormalizeAxis(p.Axis, Name);
        var ps = new Shape(data[ax]);
        NormalizationShapes.ExpectAffine(Name, inputs, ps);
        var ms = data.With(ax, 1);
        return [data, ms, ms];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs)
    {
        if (inputs[0] is not { } data) return inputs;
        var ps = new Shape(data[data.NormalizeAxis(((Param)param).Axis, Name)]);
        return [data, inputs[1] ?? ps, inputs[2] ?? ps];
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => NormalizationShapes.AffineTypes(Name, s_inputs, inputs);

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        var x = g.Inputs[0];
        if (!Autograd.IsRecording && !p.OutputMeanVar && x.Shape.NormalizeAxis(p.Axis, Name) == x.NDim - 1)
        {
            // First order: one fused kernel (the composite below is kept for higher-order graphs).
            var r = Imperative.Invoke(OpRegistry.Get("_backward_LayerNorm"), LayerNormBackwardOp.Attrs(p),
                [g.OutGrads[0], x, g.Inputs[1], g.Outputs[1], g.Outputs[2]]);
            return [r[0], r[1], r[2]];
        }
        int ax = x.Shape.NormalizeAxis(p.Axis, Name);
        int o = x.Shape.SizeOf(0, ax), d = x.Shape[ax], inner = x.Shape.SizeOf(ax + 1, x.NDim);
        var s3 = NormalizationShapes.View(o, d, inner);
        var sm = NormalizationShapes.StatView(o, inner);
        var sg = NormalizationShapes.ParamView(d, inner);
        var dy = NormalizationShapes.As(g.OutGrads[0], s3);
        var x3 = NormalizationShapes.As(x, s3);
        var (mean, std) = NormalizationShapes.MiddleStats(x3, d, p.Eps, g.Outputs[1], g.Outputs[2], sm, savedIsStd: true);
        var xhat = (x3 - mean) / std;
        var dbeta = NormalizationShapes.SumOuterInner(dy);
        var dgamma = NormalizationShapes.SumOuterInner(dy * xhat);
        var dx = NormalizationShapes.CenteredScaleBackward(dy * NormalizationShapes.As(g.Inputs[1], sg), xhat, std, d);
        // ∂mean/∂x = 1/D and ∂std/∂x = x̂/D; only visible stats can carry a gradient.
        if (p.OutputMeanVar)
            dx = dx + NormalizationShapes.As(g.OutGrads[1], sm) / d + xhat * NormalizationShapes.As(g.OutGrads[2], sm) / d;
        var ps = new Shape(d);
        return [NormalizationShapes.As(dx, x.Shape), NormalizationShapes.As(dgamma, ps), NormalizationShapes.As(dbeta, ps)];
    }
}
