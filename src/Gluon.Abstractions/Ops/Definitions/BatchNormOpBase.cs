namespace Gluon.Ops.Definitions;

/// <summary>
/// What <see cref="BatchNormOp"/> and <see cref="BatchNormWithReLUOp"/> share: MXNet's
/// BatchNormParam (same attributes and defaults), inputs data, gamma, beta, moving_mean (aux),
/// moving_var (aux), outputs output, mean, var (one visible unless <c>output_mean_var</c>), shape
/// and dtype inference, and the gradient. The two differ only in whether
/// <c>max(0, ·)</c> follows the normalization (<see cref="FusedRelu"/>).
/// </summary>
public abstract class BatchNormOpBase : OpDef<BatchNormOp.Param>
{
    private static readonly string[] s_inputs = ["data", "gamma", "beta", "moving_mean", "moving_var"];
    private static readonly string[] s_outputs = ["output", "mean", "var"];
    private static readonly int[] s_aux = [3, 4];

    /// <summary>Whether the output is <c>max(0, BatchNorm(x))</c> rather than <c>BatchNorm(x)</c>.</summary>
    private protected abstract bool FusedRelu { get; }

    /// <inheritdoc/>
    protected override BatchNormOp.Param ParseParam(OpAttrs a)
    {
        var p = new BatchNormOp.Param(a.GetDouble("eps", 1e-3), a.GetDouble("momentum", 0.9), a.GetBool("fix_gamma", true),
            a.GetBool("use_global_stats", false), a.GetBool("output_mean_var", false), a.GetInt("axis", 1), a.GetBool("cudnn_off", false));
        if (!(p.Eps >= 0)) throw Error($"eps must be non-negative, got {p.Eps}");
        return p;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => s_outputs;
    /// <inheritdoc/>
    public override int NumVisibleOutputs(object param) => ((BatchNormOp.Param)param).OutputMeanVar ? 3 : 1;
    /// <inheritdoc/>
    public override IReadOnlyList<int> AuxInputs(object param) => s_aux;

    /// <inheritdoc/>
    protected override Shape[] InferShape(BatchNormOp.Param p, Shape[] inputs)
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
        var cs = new Shape(data[data.NormalizeAxis(((BatchNormOp.Param)param).Axis, Name)]);
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
    /// statistics (dx = γ·dy/σ) otherwise. Moving stats get no gradient. With the fused relu, dy
    /// is first masked by the output: dy where output &gt; 0, else 0.
    /// </remarks>
    public sealed override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<BatchNormOp.Param>();
        var x = g.Inputs[0];
        var gamma = g.Inputs[1];
        if (!Autograd.IsRecording && !p.OutputMeanVar)
        {
            // First order: one fused kernel (the composite below is kept for higher-order graphs).
            var r = FusedRelu
                ? Imperative.Invoke(OpRegistry.Get("_backward_contrib_BatchNormWithReLU"), BatchNormBackwardOp.Attrs(p),
                    [g.OutGrads[0], x, gamma, g.Outputs[1], g.Outputs[2], g.Outputs[0]])
                : Imperative.Invoke(OpRegistry.Get("_backward_BatchNorm"), BatchNormBackwardOp.Attrs(p),
                    [g.OutGrads[0], x, gamma, g.Outputs[1], g.Outputs[2]]);
            return [r[0], r[1], r[2], null, null];
        }
        int ax = x.Shape.NormalizeAxis(p.Axis, Name);
        int o = x.Shape.SizeOf(0, ax), c = x.Shape[ax], inner = x.Shape.SizeOf(ax + 1, x.NDim);
        var s3 = NormalizationShapes.View(o, c, inner);
        var sc = NormalizationShapes.ParamView(c, inner);
        // relu's gradient as the relu op writes it: the mask (output > 0) is constant in every input.
        var dy = Nd.ReshapeTo(FusedRelu ? g.OutGrads[0] * Nd.Greater(g.Outputs[0], 0.0) : g.OutGrads[0], s3);
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
