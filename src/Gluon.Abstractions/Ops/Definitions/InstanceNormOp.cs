namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>InstanceNorm</c>: for data (N, C, spatial...) normalizes each (n, c) over its spatial
/// elements, <c>y = γ_c(x − μ)/√(var + eps) + β_c</c> (biased variance, eps default 1e-3), the same
/// in training and inference. Inputs data, gamma (C,), beta (C,); outputs output, mean (N, C),
/// var (N, C), of which only output is visible (MXNet registers three outputs, one visible).
/// </summary>
public sealed class InstanceNormOp : OpDef<InstanceNormOp.Param>
{
    private static readonly string[] s_inputs = ["data", "gamma", "beta"];
    private static readonly string[] s_outputs = ["output", "mean", "var"];

    /// <summary>Parsed InstanceNorm attributes.</summary>
    /// <param name="Eps">Added to the variance (<c>eps</c>, 1e-3).</param>
    public sealed record Param(double Eps);

    /// <inheritdoc/>
    public override string Name => "InstanceNorm";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        var p = new Param(a.GetDouble("eps", 1e-3));
        if (!(p.Eps >= 0)) throw Error($"eps must be non-negative, got {p.Eps}");
        return p;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => s_outputs;
    /// <inheritdoc/>
    public override int NumVisibleOutputs(object param) => 1;

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var data = inputs[0];
        NormalizationShapes.ExpectRank(Name, data, 3, "batch, channel, spatial...");
        var cs = new Shape(data[1]);
        NormalizationShapes.ExpectAffine(Name, inputs, cs);
        var ms = new Shape(data[0], data[1]);
        return [data, ms, ms];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs) => NormalizationShapes.ChannelParamShapes(inputs);

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => NormalizationShapes.AffineTypes(Name, s_inputs, inputs);

    /// <inheritdoc/>
    /// <remarks>GroupNorm's gradient with one channel per group; the saved statistic is the variance.</remarks>
    public override NDArray?[] Gradient(GradientContext g) =>
        NormalizationShapes.GroupGradient(g, numGroups: null, g.P<Param>().Eps, savedIsStd: false, outputMeanVar: false);
}
