namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_reshape_to</c>: an exact reshape to <c>shape</c> (no special codes), a view of its input.
/// Gradients use it to undo shape changes; user code calls <c>Reshape</c>.
/// </summary>
public sealed class ReshapeToOp : OpDef<ReshapeToOp.Param>
{
    /// <summary>The target shape.</summary>
    public sealed record Param(Shape Shape);

    /// <inheritdoc/>
    public override string Name => "_reshape_to";
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(new Shape(a.GetRequiredTuple(Name, "shape")));
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        if (p.Shape.Size != inputs[0].Size)
            throw Error($"cannot reshape {inputs[0]} ({inputs[0].Size} elements) to {p.Shape} ({p.Shape.Size} elements)");
        return [p.Shape];
    }
    /// <inheritdoc/>
    public override int? ViewOffset(object param, Shape[] inputs) => 0;
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [Nd.ReshapeTo(g.OutGrads[0], g.Inputs[0].Shape)];
}
