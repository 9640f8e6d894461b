namespace Gluon.Ops.Definitions;

/// <summary><c>Cast</c> (alias <c>cast</c>): converts to <c>dtype</c>; the gradient is cast back to the input dtype.</summary>
public sealed class CastOp : OpDef<CastOp.Param>
{
    /// <summary>The target dtype.</summary>
    public sealed record Param(DType DType);

    /// <inheritdoc/>
    public override string Name => "Cast";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["cast"];
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(a.GetDTypeOrNull("dtype") ?? throw Error("required attribute 'dtype' is missing"));
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [inputs[0]];
    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => [((Param)param).DType];
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) =>
        [g.Inputs[0].DType.IsFloat() ? g.OutGrads[0].AsType(g.Inputs[0].DType) : null];
}
