namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>GroupNorm</c>: for data (N, C, spatial...) splits the channels into <c>num_groups</c> groups
/// and normalizes each (n, group) over its channels and spatial elements,
/// <c>y = γ_c(x − μ)/σ + β_c</c> with <c>σ = √(var + eps)</c> (biased variance, eps default 1e-5).
/// gamma and beta have shape (num_groups,), one scale and shift per group as in MXNet 1.x's op,
/// or (C,), one per channel as in MXNet 2.0's; a shape inferred from data alone is (C,). Outputs
/// output, mean (N, num_groups), std (N, num_groups); one visible unless <c>output_mean_var</c>.
/// </summary>
public sealed class GroupNormOp : OpDef<GroupNormOp.Param>
{
    private static readonly string[] s_inputs = ["data", "gamma", "beta"];
    private static readonly string[] s_outputs = ["output", "mean", "std"];

    /// <summary>Parsed GroupNorm attributes.</summary>
    /// <param name="NumGroups">Number of channel groups (<c>num_groups</c>, 1); must divide C.</param>
    /// <param name="Eps">Added to the variance (<c>eps</c>, 1e-5).</param>
    /// <param name="OutputMeanVar">Make mean and std visible outputs (<c>output_mean_var</c>, false).</param>
    public sealed record Param(int NumGroups, double Eps, bool OutputMeanVar);

    /// <inheritdoc/>
    public override string Name => "GroupNorm";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        var p = new Param(a.GetInt("num_groups", 1), a.GetDouble("eps", 1e-5), a.GetBool("output_mean_var", false));
        if (p.NumGroups < 1) throw Error($"num_groups must be positive, got {p.NumGroups}");
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
        NormalizationShapes.ExpectRank(Name, data, 3, "batch, channel, spatial...");
        if (data[1] % p.NumGroups != 0)
            throw Error($"num_groups {p.NumGroups} does not divide the {data[1]} channels of data {data}");
        // Per group (1.x) or per channel (2.0): both layouts of the affine parameters are accepted.
        var cs = inputs[1] == new Shape(p.NumGroups) ? new Shape(p.NumGroups) : new Shape(data[1]);
        NormalizationShapes.ExpectAffine(Name, inputs, cs);
        var ms = new Shape(data[0], p.NumGroups);
        return [data, ms, ms];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs) => NormalizationShapes.ChannelParamShapes(inputs);

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => NormalizationShapes.AffineTypes(Name, s_inputs, inputs);

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        return NormalizationShapes.GroupGradient(g, p.NumGroups, p.Eps, savedIsStd: true, p.OutputMeanVar);
    }
}
