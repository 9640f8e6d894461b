namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>repeat</c>: repeats each element <c>repeats</c> times along <c>axis</c> (None = on the
/// flattened array, giving a 1-D output). The gradient sums each run of repeats.
/// </summary>
public sealed class RepeatOp : OpDef<RepeatOp.Param>
{
    /// <summary>Repeat count and axis (null = flatten).</summary>
    public sealed record Param(int Repeats, int? Axis);

    /// <inheritdoc/>
    public override string Name => "repeat";
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        int r = a.GetInt(Name, "repeats");
        if (r < 0) throw Error($"repeats={r} must be non-negative");
        return new Param(r, a.GetIntOrNull("axis"));
    }

    /// <summary>(outer, n, inner) of the input around the repeated axis (flattened: (1, size, 1)).</summary>
    public (int Outer, int N, int Inner) Layout(Param p, Shape x)
    {
        if (p.Axis is not int a) return (1, x.Size, 1);
        int ax = x.NormalizeAxis(a, Name);
        return (x.SizeOf(0, ax), x[ax], x.SizeOf(ax + 1, x.Rank));
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var x = inputs[0];
        if (p.Axis is not int a) return [new Shape(x.Size * p.Repeats)];
        int ax = x.NormalizeAxis(a, Name);
        return [x.With(ax, x[ax] * p.Repeats)];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        var x = g.Inputs[0];
        var (outer, n, inner) = Layout(p, x.Shape);
        var s = Nd.Sum(Nd.ReshapeTo(g.OutGrads[0], new Shape(outer, n, p.Repeats, inner)), [2]);
        return [Nd.ReshapeTo(s, x.Shape)];
    }
}
