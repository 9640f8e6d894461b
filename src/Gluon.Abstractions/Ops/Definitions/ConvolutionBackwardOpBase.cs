namespace Gluon.Ops.Definitions;

/// <summary>
/// What <c>_backward_Convolution</c> and <c>_backward_Deconvolution</c> share: they take the
/// forward op's attributes and (out_grad, data, weight), and give the data and weight gradients
/// and, unless <c>no_bias</c>, the bias gradient. <see cref="IsDeconvolution"/> selects the
/// forward op whose weight and output shapes are checked. Not differentiable themselves.
/// </summary>
public abstract class ConvolutionBackwardOpBase : OpDef<ConvolutionParam>
{
    private static readonly string[] s_inputs = ["out_grad", "data", "weight"];
    private static readonly string[] s_outBias = ["data_grad", "weight_grad", "bias_grad"];
    private static readonly string[] s_outNoBias = ["data_grad", "weight_grad"];

    // Only the two backward ops of this assembly derive from it.
    private protected ConvolutionBackwardOpBase() { }

    /// <summary>True for <c>_backward_Deconvolution</c>, false for <c>_backward_Convolution</c>.</summary>
    private protected abstract bool IsDeconvolution { get; }

    /// <inheritdoc/>
    protected override ConvolutionParam ParseParam(OpAttrs a) => ConvolutionParam.Parse(Name, a, IsDeconvolution);
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => ((ConvolutionParam)param).NoBias ? s_outNoBias : s_outBias;

    /// <inheritdoc/>
    protected override Shape[] InferShape(ConvolutionParam p, Shape[] inputs)
    {
        var data = inputs[1];
        p.CheckData(Name, data, p.NumFilter);
        ConvolutionParam.Expect(Name, "weight", inputs[2], ConvolutionOpBase.WeightShape(p, data, IsDeconvolution), data);
        ConvolutionParam.Expect(Name, "out_grad", inputs[0], ConvolutionOpBase.OutputShape(p, Name, data, IsDeconvolution), data);
        return p.NoBias ? [data, inputs[2]] : [data, inputs[2], new Shape(p.NumFilter)];
    }

    /// <summary>Attributes that reproduce <paramref name="p"/> (for the backward call of a recorded forward op).</summary>
    internal static OpAttrs Attrs(ConvolutionParam p, bool skipDataGrad = false)
    {
        var a = new OpAttrs
        {
            { "kernel", p.Kernel }, { "stride", p.Stride }, { "dilate", p.Dilate }, { "pad", p.Pad },
            { "num_filter", p.NumFilter }, { "num_group", p.NumGroup }, { "workspace", p.Workspace },
            { "no_bias", p.NoBias }, { "cudnn_tune", p.CudnnTune }, { "cudnn_off", p.CudnnOff }, { "layout", p.Layout },
        };
        if (p.Adj.Any(v => v != 0)) a.Add("adj", p.Adj);
        if (p.TargetShape.Length > 0) a.Add("target_shape", p.TargetShape);
        if (skipDataGrad) a.Add("skip_data_grad", true);
        return a;
    }
}
