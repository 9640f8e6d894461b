namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>FullyConnected</c>: y = x·Wᵀ + b with W of shape (num_hidden, in_units) and b of shape
/// (num_hidden,). With <c>flatten</c> (the default) x is viewed as (N, prod(other axes)) and y
/// is (N, num_hidden); without it the product applies to the last axis and y keeps the leading axes.
/// </summary>
public sealed class FullyConnectedOp : OpDef<FullyConnectedOp.Param>
{
    /// <summary>Parsed attributes: <c>num_hidden</c> (required), <c>no_bias</c>, <c>flatten</c>.</summary>
    public sealed record Param(int NumHidden, bool NoBias, bool Flatten)
    {
        /// <summary>The attributes that reproduce this parameter.</summary>
        public OpAttrs ToAttrs() => new() { { "num_hidden", NumHidden }, { "no_bias", NoBias }, { "flatten", Flatten } };
    }

    private static readonly OpDef s_dot = OpRegistry.Get("dot"), s_sum = OpRegistry.Get("sum");
    // Shared attribute sets (parsed once, never mutated) for the gradient's products.
    private static readonly OpAttrs DotTransposeA = new() { { "transpose_a", true } }, SumAxis0 = new() { { "axis", new[] { 0 } } };

    /// <inheritdoc/>
    public override string Name => "FullyConnected";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        int h = a.GetInt(Name, "num_hidden");
        if (h < 1) throw Error($"num_hidden must be positive, got {h}");
        return new Param(h, a.GetBool("no_bias", false), a.GetBool("flatten", true));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) =>
        ((Param)param).NoBias ? ["data", "weight"] : ["data", "weight", "bias"];

    /// <summary>(rows, in_units) of the matrix view of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The data is rank 0.</exception>
    public (int Rows, int InUnits) Geometry(Param p, Shape data)
    {
        if (data.Rank == 0) throw Error($"data must have at least one axis, got shape {data}");
        int inUnits = p.Flatten ? data.SizeOf(1, data.Rank) : data[data.Rank - 1];
        int rows = p.Flatten ? data[0] : data.SizeOf(0, data.Rank - 1);
        return (rows, inUnits);
    }

    private Shape OutputShape(Param p, Shape data) =>
        p.Flatten ? new Shape(data[0], p.NumHidden) : data.With(-1, p.NumHidden);

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        Shape d = inputs[0], w = inputs[1];
        var (_, inUnits) = Geometry(p, d);
        if (w.Rank != 2 || w[0] != p.NumHidden || w[1] != inUnits)
            throw Error($"weight shape {w} does not match (num_hidden, in_units) = ({p.NumHidden}, {inUnits}) for data shape {d} (flatten={p.Flatten})");
        if (!p.NoBias)
        {
            Shape b = inputs[2];
            if (b.Rank != 1 || b[0] != p.NumHidden)
                throw Error($"bias shape {b} does not match ({p.NumHidden},) (num_hidden) for data shape {d}");
        }
        return [OutputShape(p, d)];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs)
    {
        var p = (Param)param;
        var r = (Shape?[])inputs.Clone();
        if (r[0] is { } d)
        {
            var (_, inUnits) = Geometry(p, d);
            r[1] ??= new Shape(p.NumHidden, inUnits);
        }
        if (!p.NoBias && r.Length > 2) r[2] ??= new Shape(p.NumHidden);
        return r;
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs)
    {
        var names = InputNames(param);
        for (int i = 1; i < inputs.Length; i++)
            if (inputs[i] != inputs[0])
                throw Error($"{names[i]} dtype {inputs[i].Name()} differs from data dtype {inputs[0].Name()}");
        return [inputs[0]];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        NDArray x = g.Inputs[0], w = g.Inputs[1];
        var (rows, inUnits) = Geometry(p, x.Shape);
        var x2 = DotOp.Reshape(x, new Shape(rows, inUnits));
        var g2 = DotOp.Reshape(g.OutGrads[0], new Shape(rows, p.NumHidden));
        // The data gradient is the largest product of a first layer's backward, and nobody reads it there.
        var dx = g.NeedsGrad(0) ? DotOp.Reshape(Nd.Dot(g2, w), x.Shape) : null;
        // Weight and bias gradients go straight into their buffers when backward allows it.
        var dw = g.GradTarget(1) is { } tw
            ? Imperative.Invoke(s_dot, DotTransposeA, [g2, x2], outputs: [tw])[0]
            : Nd.Dot(g2, x2, transposeA: true);
        if (p.NoBias) return [dx, dw];
        var db = g.GradTarget(2) is { } tb
            ? Imperative.Invoke(s_sum, SumAxis0, [g2], outputs: [tb])[0]
            : Nd.Sum(g2, [0]);
        return [dx, dw, db];
    }
}
