namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>reshape_like</c>: <c>lhs</c> viewed with <c>rhs</c>'s shape, or with
/// <c>lhs.shape[:lhs_begin] + rhs.shape[rhs_begin:rhs_end] + lhs.shape[lhs_end:]</c> when the
/// begin/end attributes are given (None = the start or end of the shape, negatives count from
/// the end). The sizes must match. <c>rhs</c> only supplies its shape (its gradient is zero).
/// </summary>
public sealed class ReshapeLikeOp : OpDef<ReshapeLikeOp.Param>
{
    private static readonly string[] s_inputs = ["lhs", "rhs"];

    /// <summary>The replaced range of lhs's dims and the range of rhs's dims that replaces it.</summary>
    public sealed record Param(int? LhsBegin, int? LhsEnd, int? RhsBegin, int? RhsEnd);

    /// <inheritdoc/>
    public override string Name => "reshape_like";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) =>
        new(a.GetIntOrNull("lhs_begin"), a.GetIntOrNull("lhs_end"), a.GetIntOrNull("rhs_begin"), a.GetIntOrNull("rhs_end"));

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var l = inputs[0];
        var r = inputs[1];
        var (lb, le) = Range("lhs", p.LhsBegin, p.LhsEnd, l);
        var (rb, re) = Range("rhs", p.RhsBegin, p.RhsEnd, r);
        var d = new List<int>();
        for (int i = 0; i < lb; i++) d.Add(l[i]);
        for (int i = rb; i < re; i++) d.Add(r[i]);
        for (int i = le; i < l.Rank; i++) d.Add(l[i]);
        var o = new Shape(d.ToArray());
        if (o.Size != l.Size)
            throw Error($"cannot reshape lhs {l} ({l.Size} elements) to {o} ({o.Size} elements) taken from rhs {r}");
        return [o];
    }

    private (int, int) Range(string which, int? begin, int? end, Shape s)
    {
        int b = begin ?? 0, e = end ?? s.Rank;
        if (b < 0) b += s.Rank;
        if (e < 0) e += s.Rank;
        if (b < 0 || b > s.Rank || e < b || e > s.Rank)
            throw Error($"{which}_begin={begin?.ToString() ?? "None"}, {which}_end={end?.ToString() ?? "None"} is not a valid range for {which} shape {s}");
        return (b, e);
    }

    /// <inheritdoc/>
    public override int? ViewOffset(object param, Shape[] inputs) => 0;
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) =>
        [Nd.ReshapeTo(g.OutGrads[0], g.Inputs[0].Shape), Nd.ZerosLike(g.Inputs[1])];
}
