namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>BatchNorm</c>: normalizes each channel (the <c>axis</c> dimension) over every other axis.
/// Inputs data, gamma, beta, moving_mean (aux), moving_var (aux); outputs output, mean, var (one
/// visible unless <c>output_mean_var</c>). In training (<see cref="Autograd.IsTraining"/> and not
/// <c>use_global_stats</c>) it uses the batch mean μ and biased variance σ² and updates
/// <c>moving = moving·momentum + batch·(1 − momentum)</c>; otherwise it uses the moving stats.
/// <c>y = γ(x − μ)/√(σ² + eps) + β</c>, with γ taken as 1 when <c>fix_gamma</c>.
/// </summary>
/// <remarks>
/// The moving-stat update happens in the forward kernel (the cuDNN convention), not in backward
/// as MXNet 1.9's CPU/MKLDNN kernels do (inventory row M-05): the stats then follow training
/// forward passes whether or not backward runs, which is what Gluon users observe on GPU and
/// what a forward-only calibration pass expects. The hidden outputs are the statistics the
/// forward pass used: the batch mean and biased batch variance in training, copies of the
/// moving mean and variance otherwise (MXNet saves an inverse std in some builds; this port
/// always saves the variance and its gradient reads it as such).
/// </remarks>
public sealed class BatchNormOp : OpDef<BatchNormOp.Param>
{
    private static readonly string[] s_inputs = ["data", "gamma", "beta", "moving_mean", "moving_var"];
    private static readonly string[] s_outputs = ["output", "mean", "var"];
    private static readonly int[] s_aux = [3, 4];

    /// <summary>Parsed BatchNorm attributes (MXNet's op defaults).</summary>
    /// <param name="Eps">Added to the variance (<c>eps</c>, 1e-3).</param>
    /// <param name="Momentum">Moving-average decay (<c>momentum</c>, 0.9).</param>
    /// <param name="FixGamma">Treat gamma as 1 and give it a zero gradient (<c>fix_gamma</c>, true).</param>
    /// <param name="UseGlobalStats">Always normalize with the moving stats (<c>use_global_stats</c>, false).</param>
    /// <param name="OutputMeanVar">Make mean and var visible outputs (<c>output_mean_var</c>, false).</param>
    /// <param name="Axis">The channel axis (<c>axis</c>, 1).</param>
    /// <param name="CudnnOff">Accepted for compatibility (<c>cudnn_off</c>); no effect on CPU.</param>
    public sealed record Param(double Eps, double Momentum, bool FixGamma, bool UseGlobalStats, bool OutputMeanVar, int Axis, bool CudnnOff);

    /// <inheritdoc/>
    public override string Name => "BatchNorm";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        var p = new Param(a.GetDouble("eps", 1e-3), a.GetDouble("momentum", 0.9), a.GetBool("fix_gamma", true),
            a.GetBool("use_global_stats", false), a.GetBool("output_mean_var", false), a.GetInt("axis", 1), a.GetBool("cudnn_off", false));
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
    public override IReadOnlyList<int> AuxInputs(object param) => s_aux;

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var data = inputs[0];
        int c = data[data.NormalizeAxis(p.Axis, Name)];
        var cs = new Shape(c);
        for (int i = 1; i < 5; i++)
            if (inputs[i] != cs)
                throw Error($"input '{s_inputs[i]}' has shape {inputs[i]}, expected {cs} for data {data} with axis {p.Axis}");
        return [data, cs, cs];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs)
    {
        if (inputs[0] is not { } data) return inputs;
        var cs = new Shape(data[data.NormalizeAxis(((Param)param).Axis, Name)]);
        var r = (Shape?[])inputs.Clone();
        for (int i = 1; i < r.Length; i++) r[i] ??= cs;
        return r;
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => NormalizationShapes.AffineTypes(Name, s_inputs, inputs);

    /// <inheritdoc/>
    /// <remarks>
    /// As in MXNet, the formula follows the training flag at backward time: batch statistics
    /// (dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂))) in training without use_global_stats, fixed
    /// statistics (dx = γ·dy/σ) otherwise. Moving stats get no gradient.
    /// </remarks>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        var x = g.Inputs[0];
        var gamma = g.Inputs[1];
        if (!Autograd.IsRecording && !p.OutputMeanVar)
        {
            // First order: one fused kernel (the composite below is kept for higher-order graphs).
            var r = Imperative.Invoke(OpRegistry.Get("_backward_BatchNorm"), BatchNormBackwardOp.Attrs(p),
                [g.OutGrads[0], x, gamma, g.Outputs[1], g.Outputs[2]]);
            return [r[0], r[1], r[2], null, null];
        }
        int ax = x.Shape.NormalizeAxis(p.Axis, Name);
        int o = x.Shape.SizeOf(0, ax), c = x.Shape[ax], inner = x.Shape.SizeOf(ax + 1, x.NDim);
        var s3 = NormalizationShapes.View(o, c, inner);
        var sc = NormalizationShapes.ParamView(c, inner);
        var dy = Nd.ReshapeTo(g.OutGrads[0], s3);
        var x3 = Nd.ReshapeTo(x, s3);
        bool batch = Autograd.IsTraining && !p.UseGlobalStats;
        double m = (double)o * inner;
        NDArray mean, variance;
        if (batch && Autograd.IsRecording)
        {
            // Building a higher-order graph: recompute the batch stats with ops so the graph
            // depends on x alone, not on the hidden outputs (whose gradients are not propagated).
            mean = NormalizationShapes.SumOuterInner(x3) / m;
            variance = NormalizationShapes.SumOuterInner(Nd.Square(x3 - mean)) / m;
        }
        else
        {
            // Global stats: the saved var is a copy of moving_var, constant in x.
            mean = Nd.ReshapeTo(g.Outputs[1], sc);
            variance = Nd.ReshapeTo(g.Outputs[2], sc);
        }
        var rstd = Nd.Rsqrt(variance + p.Eps);
        var scale = p.FixGamma ? rstd : rstd * Nd.ReshapeTo(gamma, sc);
        var xc = x3 - mean;
        var xhat = xc * rstd;
        var dbeta = NormalizationShapes.SumOuterInner(dy);
        var dgamma = NormalizationShapes.SumOuterInner(dy * xhat);
        NDArray dx;
        if (batch)
        {
            dx = scale * (dy - dbeta / m - xhat * (dgamma / m));
            // mean = Σx/m and var = Σ(x−μ)²/m depend on x; only visible stats can carry a gradient.
            if (p.OutputMeanVar)
                dx = dx + Nd.ReshapeTo(g.OutGrads[1], sc) / m + xc * Nd.ReshapeTo(g.OutGrads[2], sc) * (2 / m);
        }
        else dx = dy * scale;
        var cs = new Shape(c);
        return [Nd.ReshapeTo(dx, x.Shape), p.FixGamma ? Nd.ZerosLike(gamma) : Nd.ReshapeTo(dgamma, cs), Nd.ReshapeTo(dbeta, cs), null, null];
    }
}
