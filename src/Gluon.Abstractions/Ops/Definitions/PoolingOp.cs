namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>Pooling</c>: max, average, sum or Lp pooling over 1-D, 2-D or 3-D windows of
/// channel-first data, with valid (floor), full (ceil) or same (1-D, ceil(x/s)) output size,
/// padding, <c>count_include_pad</c> for averages and global pooling. The gradient runs
/// <c>_backward_Pooling</c>.
/// </summary>
public sealed class PoolingOp : OpDef<PoolingParam>
{
    /// <inheritdoc/>
    public override string Name => "Pooling";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["_npx_pooling"];
    /// <inheritdoc/>
    protected override PoolingParam ParseParam(OpAttrs a) => PoolingParam.Parse(Name, a);
    /// <inheritdoc/>
    protected override Shape[] InferShape(PoolingParam p, Shape[] inputs) => [p.OutputShape(Name, inputs[0])];
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<PoolingParam>();
        return [Imperative.Invoke(OpRegistry.Get("_backward_Pooling"), p.ToAttrs(), [g.OutGrads[0], g.Inputs[0], g.Outputs[0]])[0]];
    }
}
