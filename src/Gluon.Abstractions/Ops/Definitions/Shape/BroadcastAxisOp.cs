namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>broadcast_axis</c> (alias <c>broadcast_axes</c>): repeats size-1 axes <c>axis[i]</c> to
/// <c>size[i]</c>. The gradient sums over those axes.
/// </summary>
public sealed class BroadcastAxisOp : OpDef<BroadcastAxisOp.Param>
{
    /// <summary>The axes and their new sizes.</summary>
    public sealed record Param(int[] Axis, int[] Size);

    /// <inheritdoc/>
    public override string Name => "broadcast_axis";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["broadcast_axes"];
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        var ax = a.GetTuple("axis", null) ?? [];
        var sz = a.GetTuple("size", null) ?? [];
        if (ax.Length != sz.Length) throw Error($"axis {Shape.Format(ax)} and size {Shape.Format(sz)} must have the same length");
        return new Param(ax, sz);
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var x = inputs[0];
        var d = x.ToArray();
        for (int i = 0; i < p.Axis.Length; i++)
        {
            int ax = x.NormalizeAxis(p.Axis[i], Name);
            if (x[ax] != 1 && x[ax] != p.Size[i])
                throw Error($"axis {p.Axis[i]} of input shape {x} has size {x[ax]}; only size-1 axes can be broadcast (to size {p.Size[i]})");
            if (p.Size[i] < 0) throw Error($"size {Shape.Format(p.Size)} must be non-negative (input shape {x})");
            d[ax] = p.Size[i];
        }
        return [new Shape(d)];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [Broadcasting.SumToShape(g.OutGrads[0], g.Inputs[0].Shape)];
}
