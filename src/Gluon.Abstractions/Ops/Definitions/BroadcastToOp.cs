namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>broadcast_to</c>: repeats size-1 axes to <c>shape</c> (a 0 in <c>shape</c> keeps that
/// input dim). The gradient sums back over the broadcast axes.
/// </summary>
public sealed class BroadcastToOp : OpDef<BroadcastToOp.Param>
{
    /// <summary>The target shape (0 = keep the input dim).</summary>
    public sealed record Param(int[] Shape);

    /// <inheritdoc/>
    public override string Name => "broadcast_to";
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(a.GetRequiredTuple(Name, "shape"));
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var x = inputs[0];
        if (p.Shape.Length < x.Rank)
            throw Error($"target shape {Shape.Format(p.Shape)} has fewer axes than input {x}");
        int pad = p.Shape.Length - x.Rank;
        var d = new int[p.Shape.Length];
        for (int i = 0; i < d.Length; i++)
        {
            int xi = i >= pad ? x[i - pad] : 1;
            int t = p.Shape[i] == 0 ? xi : p.Shape[i];
            if (xi != t && xi != 1)
                throw Error($"cannot broadcast input {x} to {Shape.Format(p.Shape)} (axis {i}: {xi} vs {t})");
            d[i] = t;
        }
        return [new Shape(d)];
    }
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [Broadcasting.SumToShape(g.OutGrads[0], g.Inputs[0].Shape)];
}
