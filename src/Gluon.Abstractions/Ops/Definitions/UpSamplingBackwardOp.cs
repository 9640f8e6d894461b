namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_UpSampling</c> (nearest): from (out_grad, arg0..), the gradient of each input,
/// which sums out_grad over the block each input pixel was repeated into (its channel slice in
/// concat mode). Takes the forward op's attributes. Not differentiable itself.
/// </summary>
public sealed class UpSamplingBackwardOp : OpDef<UpSamplingOp.Param>
{
    /// <inheritdoc/>
    public override string Name => "_backward_UpSampling";
    /// <inheritdoc/>
    protected override UpSamplingOp.Param ParseParam(OpAttrs a) => UpSamplingOp.Parse(Name, a);
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ["out_grad", .. ((UpSamplingOp.Param)param).Names];
    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => ((UpSamplingOp.Param)param).Names.Select(n => n + "_grad").ToArray();
    /// <inheritdoc/>
    protected override Shape[] InferShape(UpSamplingOp.Param p, Shape[] inputs)
    {
        var args = inputs[1..];
        var expected = UpSamplingOp.OutputShape(Name, p, args);
        if (inputs[0] != expected)
            throw Error($"out_grad shape {inputs[0]} does not match {expected} expected for arg0 {args[0]}");
        return args;
    }
}
