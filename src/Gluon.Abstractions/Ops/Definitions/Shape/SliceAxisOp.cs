namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>slice_axis</c>: <c>data</c> restricted to [begin, end) along <c>axis</c> (negative indices
/// count from the end, None end = the axis length). A view when every axis before
/// <c>axis</c> has size 1.
/// </summary>
public sealed class SliceAxisOp : OpDef<SliceAxisOp.Param>
{
    /// <summary>The axis and its range.</summary>
    public sealed record Param(int Axis, int Begin, int? End);

    /// <inheritdoc/>
    public override string Name => "slice_axis";
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        if (!a.Contains("end")) throw Error("required attribute 'end' is missing (pass None for the axis end)");
        return new(a.GetInt(Name, "axis"), a.GetInt(Name, "begin"), a.GetIntOrNull("end"));
    }
    /// <summary>The resolved region for an input of shape <paramref name="x"/>.</summary>
    public SliceRegion Region(Param p, Shape x) => SliceRegion.FromAxis(Name, x, p.Axis, p.Begin, p.End);
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [Region(p, inputs[0]).Output];
    /// <inheritdoc/>
    public override int? ViewOffset(object param, Shape[] inputs) => Region((Param)param, inputs[0]).ContiguousOffset(inputs[0]);
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var x = g.Inputs[0];
        var r = Region(g.P<Param>(), x.Shape);
        return [SliceAssignOp.AssignRegion(Nd.ZerosLike(x), g.OutGrads[0], r)];
    }
}
