namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>GroupNorm</c>: for data (N, C, spatial...) splits the channels into <c>num_groups</c> groups
/// and normalizes each (n, group) over its channels and spatial elements,
/// <c>y = γ_c(x − μ)/σ + β_c</c> with <c>σ = √(var + eps)</c> (biased variance, eps default 1e-5).
/// gamma and beta have shape (C,) (MXNet ≥ 1.7; earlier releases used (num_groups,)). Outputs
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
        var cs = new Shape(data[1]);
        NormalizationShapes.Expect(Name, "gamma", inputs[1], cs, data);
        NormalizationShapes.Expect(Name, "beta", inputs[2], cs, data);
        var ms = new Shape(data[0], p.NumGroups);
        return [data, ms, ms];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs)
    {
        if (inputs[0] is not { Rank: >= 2 } data) return inputs;
        var cs = new Shape(data[1]);
        return [data, inputs[1] ?? cs, inputs[2] ?? cs];
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs)
    {
        var pt = NormalizationShapes.ParamType(Name, s_inputs, inputs);
        return [inputs[0], pt, pt];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        var x = g.Inputs[0];
        int n = x.Shape[0], c = x.Shape[1], s = x.Shape.SizeOf(2, x.NDim), grp = p.NumGroups;
        int k = c / grp * s;
        // Statistics live on the (N·G, K) view; gamma and beta on the (N, C, S) view.
        var rows = new Shape(n * grp, k);
        var rm = new Shape(n * grp, 1);
        var s3 = NormalizationShapes.View(n, c, s);
        var dy = NormalizationShapes.As(g.OutGrads[0], s3);
        var xr = NormalizationShapes.As(x, rows);
        NDArray mean, std;
        if (Autograd.IsRecording)
        {
            // Higher-order graph: recompute the stats with ops so it depends on x, not the hidden outputs.
            mean = NormalizationShapes.SumMiddle(xr) / k;
            std = Nd.Sqrt(NormalizationShapes.SumMiddle(Nd.Square(xr - mean)) / k + p.Eps);
        }
        else
        {
            mean = NormalizationShapes.As(g.Outputs[1], rm);
            std = NormalizationShapes.As(g.Outputs[2], rm);
        }
        var xhatRows = (xr - mean) / std;
        var xhat = NormalizationShapes.As(xhatRows, s3);
        var dbeta = NormalizationShapes.SumOuterInner(dy);
        var dgamma = NormalizationShapes.SumOuterInner(dy * xhat);
        var dxhat = NormalizationShapes.As(dy * NormalizationShapes.As(g.Inputs[1], NormalizationShapes.ParamView(c, s)), rows);
        var dx = NormalizationShapes.CenteredScaleBackward(dxhat, xhatRows, std, k);
        // ∂mean/∂x = 1/K and ∂std/∂x = x̂/K; only visible stats can carry a gradient.
        if (p.OutputMeanVar)
            dx = dx + NormalizationShapes.As(g.OutGrads[1], rm) / k + xhatRows * NormalizationShapes.As(g.OutGrads[2], rm) / k;
        var cs = new Shape(c);
        return [NormalizationShapes.As(dx, x.Shape), NormalizationShapes.As(dgamma, cs), NormalizationShapes.As(dbeta, cs)];
    }
}
