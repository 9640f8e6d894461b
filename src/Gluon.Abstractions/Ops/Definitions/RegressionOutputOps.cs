namespace Gluon.Ops.Definitions;

/// <summary>
/// MXNet's legacy regression loss layers <c>LinearRegressionOutput</c> (forward identity),
/// <c>LogisticRegressionOutput</c> (forward sigmoid) and <c>MAERegressionOutput</c> (forward
/// identity). The data gradient ignores the incoming output gradient: (out − label)·s for the
/// first two and sign(out − label)·s for MAE, with s = grad_scale/num_output and num_output the
/// label's size divided by its first dimension. The label gets no gradient.
/// </summary>
public sealed class RegressionOutputOps : IOpProvider
{
    /// <summary>The loss kind.</summary>
    public enum Kind
    {
        /// <summary>identity forward, squared-error gradient</summary>
        Linear,
        /// <summary>sigmoid forward, cross-entropy gradient</summary>
        Logistic,
        /// <summary>identity forward, absolute-error gradient</summary>
        Mae,
    }

    /// <summary>Parsed attributes: the gradient scale.</summary>
    public sealed record Param(double GradScale);

    /// <inheritdoc/>
    public IEnumerable<OpDef> CreateOps() =>
    [
        new RegressionOpDef(Kind.Linear, "LinearRegressionOutput"),
        new RegressionOpDef(Kind.Logistic, "LogisticRegressionOutput"),
        new RegressionOpDef(Kind.Mae, "MAERegressionOutput"),
    ];

    /// <summary>One regression output op.</summary>
    [NotRegistered]
    public sealed class RegressionOpDef(Kind kind, string name) : OpDef<Param>
    {
        /// <summary>The loss kind.</summary>
        public Kind Kind { get; } = kind;
        /// <inheritdoc/>
        public override string Name => name;
        /// <inheritdoc/>
        public override IReadOnlyList<string> InputNames(object param) => ["data", "label"];
        /// <inheritdoc/>
        protected override Param ParseParam(OpAttrs a) => new(a.GetDouble("grad_scale", 1.0));

        /// <inheritdoc/>
        protected override Shape[] InferShape(Param p, Shape[] inputs)
        {
            Shape d = inputs[0], l = inputs[1];
            // MXNet accepts the data shape, or the same elements with trailing size-1 axes dropped ((n, 1) vs (n,)).
            bool ok = l == d || (l.Size == d.Size && l.Rank >= 1 && d.Rank >= 1 && l[0] == d[0]);
            if (!ok) throw Error($"label shape {l} does not match data shape {d}");
            return [d];
        }

        /// <inheritdoc/>
        public override Shape?[] InferInputShapes(object param, Shape?[] inputs)
        {
            var r = (Shape?[])inputs.Clone();
            // MXNet's default label: (n,) for (n, 1) data, otherwise the data shape.
            if (r[0] is { } d && r[1] is null) r[1] = d.Rank == 2 && d[1] == 1 ? new Shape(d[0]) : d;
            return r;
        }

        /// <inheritdoc/>
        public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [(0, 0)];

        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext g)
        {
            NDArray y = g.Outputs[0], label = g.Inputs[1];
            if (label.DType != y.DType) label = Nd.Cast(label, y.DType);
            label = DotOp.Reshape(label, y.Shape);
            int numOutput = label.Shape.Rank == 0 || label.Shape[0] == 0 ? 1 : label.Size / label.Shape[0];
            double s = g.P<Param>().GradScale / numOutput;
            var diff = y - label;
            return [(Kind == Kind.Mae ? Nd.Sign(diff) : diff) * s, null];
        }
    }
}
