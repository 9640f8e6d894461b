namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_slice_assign_scalar</c> (alias <c>_crop_assign_scalar</c>): a copy of <c>data</c> whose
/// box <c>[begin:end:step]</c> is set to <c>scalar</c>. The gradient is the output gradient with
/// the box zeroed.
/// </summary>
public sealed class SliceAssignScalarOp : OpDef<SliceAssignScalarOp.Param>
{
    /// <summary>The value and the box.</summary>
    public sealed record Param(double Scalar, SliceOp.Param Box);

    /// <inheritdoc/>
    public override string Name => "_slice_assign_scalar";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["_crop_assign_scalar"];
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(a.GetDouble("scalar", 0), SliceOp.Parse(Name, a));
    /// <inheritdoc/>
    public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [(0, 0)];

    /// <summary>The box for data of shape <paramref name="x"/>.</summary>
    public SliceRegion Region(Param p, Shape x) => SliceRegion.FromSlice(Name, x, p.Box.Begin, p.Box.End, p.Box.Step);

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        Region(p, inputs[0]);
        return [inputs[0]];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var b = g.P<Param>().Box;
        return [Nd.SliceAssignScalar(g.OutGrads[0], 0, b.Begin, b.End, b.Step)];
    }
}
