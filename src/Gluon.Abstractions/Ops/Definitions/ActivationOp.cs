namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>Activation</c>: an elementwise activation chosen by <c>act_type</c> (required): relu
/// max(x, 0), sigmoid 1/(1+e⁻ˣ), tanh, softrelu log(1+eˣ), softsign x/(1+|x|).
/// </summary>
public sealed class ActivationOp : OpDef<ActivationOp.Param>
{
    /// <summary>The activation function.</summary>
    public enum ActType
    {
        /// <summary>max(x, 0)</summary>
        Relu,
        /// <summary>1/(1+e⁻ˣ)</summary>
        Sigmoid,
        /// <summary>tanh x</summary>
        Tanh,
        /// <summary>log(1+eˣ)</summary>
        SoftRelu,
        /// <summary>x/(1+|x|)</summary>
        SoftSign,
    }

    /// <summary>Parsed attributes.</summary>
    public sealed record Param(ActType ActType);

    /// <inheritdoc/>
    public override string Name => "Activation";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        string? s = a.GetString("act_type", null) ?? throw Error("required attribute 'act_type' is missing");
        return new Param(s switch
        {
            "relu" => ActType.Relu,
            "sigmoid" => ActType.Sigmoid,
            "tanh" => ActType.Tanh,
            "softrelu" => ActType.SoftRelu,
            "softsign" => ActType.SoftSign,
            _ => throw Error($"act_type '{s}' is not one of relu, sigmoid, tanh, softrelu, softsign"),
        });
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [inputs[0]];

    /// <inheritdoc/>
    public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [(0, 0)];

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        NDArray x = g.Inputs[0], y = g.Outputs[0], og = g.OutGrads[0];
        // MXNet writes these derivatives in terms of the output where it can (relu, sigmoid, tanh, softrelu).
        return [g.P<Param>().ActType switch
        {
            ActType.Relu => Imperative.Invoke1("_backward_relu", null, og, y),
            ActType.Sigmoid => og * y * (1.0 - y),
            ActType.Tanh => og * (1.0 - y * y),
            ActType.SoftRelu => og * -Nd.Expm1(-y),
            _ => og / Nd.Square(Nd.Abs(x) + 1.0),
        }];
    }
}
