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
        NormalizationShapes.Expect(Name, "gamma", inputs[1], cs, data);
        NormalizationShapes.Expect(Name, "beta", inputs[2], cs, data);
        var ms = new Shape(data[0], data[1]);
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
        int n = x.Shape[0], c = x.Shape[1], s = x.Shape.SizeOf(2, x.NDim);
        // Statistics per (n, c) live on the (N·C, S) view; gamma and beta on the (N, C, S) view.
        var rows = new Shape(n * c, s);
        var rm = new Shape(n * c, 1);
        var s3 = NormalizationShapes.View(n, c, s);
        var xr = NormalizationShapes.As(x, rows);
        NDArray mean, variance;
        if (Autograd.IsRecording)
        {
            // Higher-order graph: recompute the stats with ops so it depends on x, not the hidden outputs.
            mean = NormalizationShapes.SumMiddle(xr) / s;
            variance = NormalizationShapes.SumMiddle(Nd.Square(xr - mean)) / s;
        }
        else
        {
            mean = NormalizationShapes.As(g.Outputs[1], rm);
            variance = NormalizationShapes.As(g.Outputs[2], rm);
        }
        var std = Nd.Sqrt(variance + p.Eps);
        var xhatRows = (xr - mean) / std;
        var dy = NormalizationShapes.As(g.OutGrads[0], s3);
        var dbeta = NormalizationShapes.SumOuterInner(dy);
        var dgamma = NormalizationShapes.SumOuterInner(dy * NormalizationShapes.As(xhatRows, s3));
        var dxhat = NormalizationShapes.As(dy * NormalizationShapes.As(g.Inputs[1], NormalizationShapes.ParamView(c, s)), rows);
        var dx = NormalizationShapes.CenteredScaleBackward(dxhat, xhatRows, std, s);
        var cs = new Shape(c);
        return [NormalizationShapes.As(dx, x.Shape), NormalizationShapes.As(dgamma, cs), NormalizationShapes.As(dbeta, cs)];
    }
}
