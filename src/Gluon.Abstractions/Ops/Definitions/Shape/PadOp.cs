namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>Pad</c> (alias <c>pad</c>): pads a 4-D or 5-D array on its spatial axes with a constant,
/// the edge values, or a mirror of the interior (<c>reflect</c>, the edge not repeated).
/// <c>pad_width</c> holds (before, after) per axis, 2·ndim numbers, and MXNet's contract is that
/// the first two axes (N, C) get no padding. The gradient is the interior for constant mode and
/// <c>_backward_Pad</c> (which folds the border gradients back) for edge and reflect.
/// </summary>
public sealed class PadOp : OpDef<PadOp.Param>
{
    /// <summary>Mode (constant, edge, reflect), pad widths and the constant.</summary>
    public sealed record Param(string Mode, int[] Width, double Value);

    /// <inheritdoc/>
    public override string Name => "Pad";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["pad"];
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => ParseCommon(Name, a);

    internal static Param ParseCommon(string op, OpAttrs a)
    {
        string mode = a.GetString("mode", "constant")!;
        if (mode is not ("constant" or "edge" or "reflect"))
            throw new ArgumentException($"{op}: mode '{mode}' is not one of constant, edge, reflect");
        var w = a.GetTuple("pad_width", null) ?? throw new ArgumentException($"{op}: required attribute 'pad_width' is missing");
        foreach (int v in w) if (v < 0) throw new ArgumentException($"{op}: pad_width {Shape.Format(w)} must be non-negative");
        return new Param(mode, w, a.GetDouble("constant_value", 0));
    }

    /// <summary>Checks MXNet's contract for input shape <paramref name="x"/> and returns the padded shape.</summary>
    /// <exception cref="ArgumentException">Rank not 4/5, wrong pad_width length, padding on N or C, or a reflect pad not smaller than the axis.</exception>
    internal static Shape Padded(string op, Param p, Shape x)
    {
        if (x.Rank is not (4 or 5))
            throw new ArgumentException($"{op}: only 4-D and 5-D inputs are supported, got shape {x}");
        if (p.Width.Length != 2 * x.Rank)
            throw new ArgumentException($"{op}: pad_width {Shape.Format(p.Width)} must hold 2*ndim={2 * x.Rank} numbers for input shape {x}");
        if (p.Width[0] != 0 || p.Width[1] != 0 || p.Width[2] != 0 || p.Width[3] != 0)
            throw new ArgumentException($"{op}: pad_width {Shape.Format(p.Width)} must not pad the first two axes (N, C) of input shape {x}");
        var d = x.ToArray();
        for (int i = 2; i < x.Rank; i++)
        {
            int b = p.Width[2 * i], e = p.Width[2 * i + 1];
            if (p.Mode == "reflect" && (b >= x[i] || e >= x[i]))
                throw new ArgumentException($"{op}: reflect padding ({b}, {e}) must be smaller than axis {i} (size {x[i]}) of input shape {x}");
            if (p.Mode == "edge" && x[i] == 0 && b + e > 0)
                throw new ArgumentException($"{op}: edge padding needs a non-empty axis {i} in input shape {x}");
            d[i] += b + e;
        }
        return new Shape(d);
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [Padded(Name, p, inputs[0])];

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        var x = g.Inputs[0].Shape;
        if (p.Mode != "constant") return [Nd.Op("_backward_Pad", PadBackwardOp.Attrs(p), g.OutGrads[0])];
        var b = new int?[x.Rank];
        var e = new int?[x.Rank];
        for (int i = 0; i < x.Rank; i++)
        {
            b[i] = p.Width[2 * i];
            e[i] = p.Width[2 * i] + x[i];
        }
        return [Nd.Slice(g.OutGrads[0], b, e)];
    }
}
