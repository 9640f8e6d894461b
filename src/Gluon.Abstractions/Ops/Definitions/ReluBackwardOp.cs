namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_relu</c>: the gradient of relu from (out_grad, output): out_grad · (output &gt; 0),
/// one pass instead of a comparison and a product (MXNet's <c>unary_bwd&lt;relu_grad&gt;</c>). It is
/// linear in out_grad with a piecewise-constant factor, so its own gradient is itself for out_grad
/// and zero for the output, which keeps <c>create_graph</c> working through relu.
/// </summary>
public sealed class ReluBackwardOp : OpDef
{
    private static readonly string[] s_inputs = ["out_grad", "output"];

    /// <inheritdoc/>
    public override string Name => "_backward_relu";

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;

    /// <inheritdoc/>
    public override Shape[] InferShape(object param, Shape[] inputs)
    {
        if (inputs[0] != inputs[1])
            throw Error($"out_grad shape {inputs[0]} and output shape {inputs[1]} differ");
        return [inputs[0]];
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs)
    {
        if (inputs[0] != inputs[1])
            throw Error($"out_grad dtype {inputs[0].Name()} and output dtype {inputs[1].Name()} differ");
        return [inputs[0]];
    }

    /// <inheritdoc/>
    public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [(0, 0)];

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) =>
        [Imperative.Invoke1(Name, null, g.OutGrads[0], g.Inputs[1]), Nd.ZerosLike(g.Inputs[1])];
}
