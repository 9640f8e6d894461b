namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>Flatten</c> (alias <c>flatten</c>): collapses every axis after the first, (N, d1, d2, ...)
/// to (N, d1·d2·...), as a view. A 1-D input becomes (N, 1); a scalar becomes (1, 1).
/// </summary>
public sealed class FlattenOp : OpDef
{
    /// <inheritdoc/>
    public override string Name => "Flatten";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["flatten"];
    /// <inheritdoc/>
    public override Shape[] InferShape(object param, Shape[] inputs)
    {
        var x = inputs[0];
        return x.Rank == 0 ? [new Shape(1, 1)] : [new Shape(x[0], x.SizeOf(1, x.Rank))];
    }
    /// <inheritdoc/>
    public override int? ViewOffset(object param, Shape[] inputs) => 0;
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [Nd.ReshapeTo(g.OutGrads[0], g.Inputs[0].Shape)];
}
