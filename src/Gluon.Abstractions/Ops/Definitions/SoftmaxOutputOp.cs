namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>SoftmaxOutput</c> (alias <c>Softmax</c>), MXNet's legacy loss layer: the forward pass is a
/// softmax (over axis 1 with <c>multi_output</c>, over the last axis with <c>preserve_shape</c>,
/// otherwise over all axes but the first); the gradient of data ignores the incoming output
/// gradient and is (p − onehot(label))·grad_scale/normalizer (label smoothing with
/// <c>smooth_alpha</c>, ignored labels with <c>use_ignore</c>, normalizer from
/// <c>normalization</c>). A label with the data's shape is used as the target distribution.
/// </summary>
public sealed class SoftmaxOutputOp : OpDef<SoftmaxOutputOp.Param>
{
    /// <summary>How the gradient is normalized.</summary>
    public enum Normalization
    {
        /// <summary>No division (multi_output divides by the spatial size).</summary>
        Null,
        /// <summary>Divide by the batch size (the number of labels without multi_output).</summary>
        Batch,
        /// <summary>Divide by the number of labels that are not <c>ignore_label</c>.</summary>
        Valid,
    }

    /// <summary>Parsed attributes.</summary>
    public sealed record Param(double GradScale, double IgnoreLabel, bool MultiOutput, bool UseIgnore, bool PreserveShape,
        Normalization Normalization, bool OutGrad, double SmoothAlpha)
    {
        /// <summary>Parses MXNet's attributes with their defaults.</summary>
        /// <exception cref="ArgumentException">An unknown normalization.</exception>
        public static Param Parse(string op, OpAttrs a)
        {
            string norm = a.GetString("normalization", "null")!;
            var n = norm switch
            {
                "null" => Normalization.Null,
                "batch" => Normalization.Batch,
                "valid" => Normalization.Valid,
                _ => throw new ArgumentException($"{op}: normalization '{norm}' is not one of null, batch, valid"),
            };
            return new Param(a.GetDouble("grad_scale", 1.0), a.GetDouble("ignore_label", -1.0), a.GetBool("multi_output", false),
                a.GetBool("use_ignore", false), a.GetBool("preserve_shape", false), n, a.GetBool("out_grad", false),
                a.GetDouble("smooth_alpha", 0.0));
        }

        /// <summary>The attributes that reproduce this parameter.</summary>
        public OpAttrs ToAttrs() => new()
        {
            { "grad_scale", GradScale }, { "ignore_label", IgnoreLabel }, { "multi_output", MultiOutput },
            { "use_ignore", UseIgnore }, { "preserve_shape", PreserveShape }, { "normalization", Normalization },
            { "out_grad", OutGrad }, { "smooth_alpha", SmoothAlpha },
        };
    }

    /// <inheritdoc/>
    public override string Name => "SoftmaxOutput";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["Softmax"];
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ["data", "label"];
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => Param.Parse(Name, a);

    /// <summary>
    /// The (outer, classes, inner) view of the data: the softmax runs over the classes axis for each
    /// (outer, inner) pair, and each pair has one label.
    /// </summary>
    /// <exception cref="ArgumentException">The data has too few axes for the mode.</exception>
    public static (int Outer, int Classes, int Inner) Layout(string op, Param p, Shape d)
    {
        if (d.Rank < (p.MultiOutput ? 2 : 1))
            throw new ArgumentException($"{op}: data shape {d} has too few axes{(p.MultiOutput ? " for multi_output (needs (n, k, ...))" : "")}");
        if (p.MultiOutput) return (d[0], d[1], d.SizeOf(2, d.Rank));
        if (p.PreserveShape) return (d.SizeOf(0, d.Rank - 1), d[d.Rank - 1], 1);
        return (d[0], d[0] == 0 ? 0 : d.Size / d[0], 1);
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        Shape d = inputs[0], l = inputs[1];
        var (outer, _, inner) = Layout(Name, p, d);
        if (l != d && l.Size != outer * inner)
        {
            string want = p.MultiOutput ? $"({outer}, {inner}) or the data shape without axis 1"
                : $"{outer * inner} labels, e.g. the data shape without its last axis";
            throw Error($"label shape {l} does not fit data shape {d}: expected {want}, or the data shape itself (probabilities)");
        }
        return [d];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs)
    {
        var r = (Shape?[])inputs.Clone();
        if (r[0] is { } d && r[1] is null && d.Rank > 0)
        {
            var p = (Param)param;
            // MXNet's default label shapes: (n, positions) with multi_output, else the data shape without its last axis.
            r[1] = p.MultiOutput && d.Rank >= 2
                ? new Shape(d[0], d.SizeOf(2, d.Rank))
                : new Shape(d.ToArray()[..^1]);
        }
        return r;
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        NDArray y = g.Outputs[0], label = g.Inputs[1];
        var grad = Imperative.Invoke1(SoftmaxOutputBackwardOp.OpName, p.ToAttrs(), y, label, g.OutGrads[0]);
        return [grad, null];
    }
}

/// <summary>
/// <c>_backward_SoftmaxOutput</c>: the data gradient of <see cref="SoftmaxOutputOp"/> from its
/// output, the label and (used only with <c>out_grad</c>) the output gradient. Not differentiable.
/// </summary>
public sealed class SoftmaxOutputBackwardOp : OpDef<SoftmaxOutputOp.Param>
{
    /// <summary>The op's name.</summary>
    public const string OpName = "_backward_SoftmaxOutput";

    /// <inheritdoc/>
    public override string Name => OpName;
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ["output", "label", "out_grad"];
    /// <inheritdoc/>
    protected override SoftmaxOutputOp.Param ParseParam(OpAttrs a) => SoftmaxOutputOp.Param.Parse(Name, a);
    /// <inheritdoc/>
    protected override Shape[] InferShape(SoftmaxOutputOp.Param p, Shape[] inputs)
    {
        if (inputs[2] != inputs[0]) throw Error($"out_grad shape {inputs[2]} differs from output shape {inputs[0]}");
        return [inputs[0]];
    }
}
