namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_Deconvolution</c>: gradients of <c>Deconvolution</c> from (out_grad, data,
/// weight): the data gradient is the convolution of out_grad with the weight, the weight
/// gradient Σ over the batch of data·im2col(out_grad)ᵀ, and, unless <c>no_bias</c>, the bias
/// gradient (out_grad summed over batch and space). Not differentiable itself.
/// </summary>
public sealed class DeconvolutionBackwardOp : OpDef<ConvolutionParam>
{
    private static readonly string[] s_inputs = ["out_grad", "data", "weight"];
    private static readonly string[] s_outBias = ["data_grad", "weight_grad", "bias_grad"];
    private static readonly string[] s_outNoBias = ["data_grad", "weight_grad"];

    /// <inheritdoc/>
    public override string Name => "_backward_Deconvolution";
    /// <inheritdoc/>
    protected override ConvolutionParam ParseParam(OpAttrs a) => ConvolutionParam.Parse(Name, a, deconvolution: true);
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => ((ConvolutionParam)param).NoBias ? s_outNoBias : s_outBias;

    /// <inheritdoc/>
    protected override Shape[] InferShape(ConvolutionParam p, Shape[] inputs)
    {
        var data = inputs[1];
        p.CheckData(Name, data, p.NumFilter);
        ConvolutionParam.Expect(Name, "weight", inputs[2], p.DeconvWeightShape(data), data);
        ConvolutionParam.Expect(Name, "out_grad", inputs[0], p.DeconvOutputShape(Name, data), data);
        return p.NoBias ? [data, inputs[2]] : [data, inputs[2], new Shape(p.NumFilter)];
    }
}
