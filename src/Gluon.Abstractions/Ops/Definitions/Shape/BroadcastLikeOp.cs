namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>broadcast_like</c>: broadcasts <c>lhs</c> to <c>rhs</c>'s shape, or only the axes
/// <c>lhs_axes</c> to the sizes of <c>rhs</c>'s axes <c>rhs_axes</c>. The gradient sums back
/// over the broadcast axes; <c>rhs</c> only supplies its shape (zero gradient).
/// </summary>
public sealed class BroadcastLikeOp : OpDef<BroadcastLikeOp.Param>
{
    private static readonly string[] s_inputs = ["lhs", "rhs"];

    /// <summary>The paired axes (both null = the whole shape).</summary>
    public sealed record Param(int[]? LhsAxes, int[]? RhsAxes);

    /// <inheritdoc/>
    public override string Name => "broadcast_like";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        var l = a.GetTuple("lhs_axes", null);
        var r = a.GetTuple("rhs_axes", null);
        if ((l is null) != (r is null) || (l is not null && l.Length != r!.Length))
            throw Error($"lhs_axes {(l is null ? "None" : Shape.Format(l))} and rhs_axes {(r is null ? "None" : Shape.Format(r))} must both be given with the same length, or both be None");
        return new Param(l, r);
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var l = inputs[0];
        var r = inputs[1];
        if (p.LhsAxes is null || p.LhsAxes.Length == 0)
        {
            if (l.Rank != r.Rank) throw Error($"lhs shape {l} and rhs shape {r} must have the same rank");
            for (int i = 0; i < l.Rank; i++)
                if (l[i] != r[i] && l[i] != 1) throw Error($"cannot broadcast lhs {l} to rhs {r} (axis {i}: {l[i]} vs {r[i]})");
            return [r];
        }
        var d = l.ToArray();
        for (int i = 0; i < p.LhsAxes.Length; i++)
        {
            int la = l.NormalizeAxis(p.LhsAxes[i], Name), ra = r.NormalizeAxis(p.RhsAxes![i], Name);
            if (l[la] != 1 && l[la] != r[ra])
                throw Error($"cannot broadcast lhs {l} axis {p.LhsAxes[i]} (size {l[la]}) to rhs {r} axis {p.RhsAxes[i]} (size {r[ra]})");
            d[la] = r[ra];
        }
        return [new Shape(d)];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) =>
        [Broadcasting.SumToShape(g.OutGrads[0], g.Inputs[0].Shape), Nd.ZerosLike(g.Inputs[1])];
}
