namespace Gluon.Ops.Definitions;

/// <summary><c>expand_dims</c>: inserts a size-1 axis at <c>axis</c> (in [-ndim-1, ndim]), as a view.</summary>
public sealed class ExpandDimsOp : OpDef<ExpandDimsOp.Param>
{
    /// <summary>Where the new axis goes in the output.</summary>
    public sealed record Param(int Axis);

    /// <inheritdoc/>
    public override string Name => "expand_dims";
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(a.GetInt(Name, "axis"));
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var x = inputs[0];
        int ax = x.NormalizeAxis(p.Axis, Name, rankExtra: 1);
        var d = new List<int>(x.ToArray());
        d.Insert(ax, 1);
        return [new Shape(d.ToArray())];
    }
    /// <inheritdoc/>
    public override int? ViewOffset(object param, Shape[] inputs) => 0;
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [Nd.ReshapeTo(g.OutGrads[0], g.Inputs[0].Shape)];
}
