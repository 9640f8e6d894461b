namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>slice_like</c>: <c>data</c> cut to <c>shape_like</c>'s size from index 0 along
/// <c>axes</c> (all axes when empty; the ranks must then match). <c>shape_like</c>'s gradient is zero.
/// </summary>
public sealed class SliceLikeOp : OpDef<SliceLikeOp.Param>
{
    private static readonly string[] s_inputs = ["data", "shape_like"];

    /// <summary>The axes to cut (empty = all).</summary>
    public sealed record Param(int[] Axes);

    /// <inheritdoc/>
    public override string Name => "slice_like";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(a.GetTuple("axes", null) ?? []);

    /// <summary>The region of <paramref name="x"/> with <paramref name="like"/>'s sizes.</summary>
    /// <exception cref="ArgumentException">Ranks differ (no axes given), an axis is out of range, or shape_like is larger.</exception>
    public SliceRegion Region(Param p, Shape x, Shape like)
    {
        var o = x.ToArray();
        var b = new int[x.Rank];
        var s = new int[x.Rank];
        Array.Fill(s, 1);
        if (p.Axes.Length == 0)
        {
            if (like.Rank != x.Rank) throw Error($"data shape {x} and shape_like shape {like} must have the same rank when axes is empty");
            for (int i = 0; i < x.Rank; i++) o[i] = Cut(i, x, like);
        }
        else
        {
            foreach (int a in p.Axes)
            {
                int ax = x.NormalizeAxis(a, Name);
                if (ax >= like.Rank) throw Error($"axis {a} is out of range for shape_like shape {like} (data shape {x})");
                o[ax] = Cut(ax, x, like);
            }
        }
        return new SliceRegion(b, s, new Shape(o));
    }

    private int Cut(int axis, Shape x, Shape like)
    {
        if (like[axis] > x[axis]) throw Error($"shape_like {like} is larger than data {x} on axis {axis}");
        return like[axis];
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [Region(p, inputs[0], inputs[1]).Output];
    /// <inheritdoc/>
    public override int? ViewOffset(object param, Shape[] inputs) => Region((Param)param, inputs[0], inputs[1]).ContiguousOffset(inputs[0]);
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var x = g.Inputs[0];
        var r = Region(g.P<Param>(), x.Shape, g.Inputs[1].Shape);
        return [SliceAssignOp.AssignRegion(Nd.ZerosLike(x), g.OutGrads[0], r), Nd.ZerosLike(g.Inputs[1])];
    }
}
