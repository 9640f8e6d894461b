namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_Pooling</c>: the data gradient of <c>Pooling</c> from (out_grad, data, output):
/// max sends each output gradient to the first maximum of its window (recomputed from data),
/// avg and sum spread it over the window (avg divided by the window size), lp scales it by
/// (x/out)^(p−1). Takes the forward op's attributes. Not differentiable itself.
/// </summary>
public sealed class PoolingBackwardOp : OpDef<PoolingParam>
{
    private static readonly string[] s_inputs = ["out_grad", "data", "output"];

    /// <inheritdoc/>
    public override string Name => "_backward_Pooling";
    /// <inheritdoc/>
    protected override PoolingParam ParseParam(OpAttrs a) => PoolingParam.Parse(Name, a);
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override Shape[] InferShape(PoolingParam p, Shape[] inputs)
    {
        var expected = p.OutputShape(Name, inputs[1]);
        for (int i = 0; i < 3; i += 2)
            if (inputs[i] != expected)
                throw Error($"{s_inputs[i]} shape {inputs[i]} does not match {expected} expected for data {inputs[1]}");
        return [inputs[1]];
    }
}
