namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>Convolution</c>: 1-D, 2-D or 3-D cross-correlation of data (N, C, x...) with weight
/// (F, C/g, k...) plus an optional bias (F), in channel-first layout, with stride, dilation,
/// zero padding and channel groups. Output spatial size floor((x + 2p − d(k−1) − 1)/s) + 1.
/// The gradient runs <c>_backward_Convolution</c>.
/// </summary>
public sealed class ConvolutionOp : OpDef<ConvolutionParam>
{
    /// <inheritdoc/>
    public override string Name => "Convolution";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["_npx_convolution"];
    /// <inheritdoc/>
    protected override ConvolutionParam ParseParam(OpAttrs a) => ConvolutionParam.Parse(Name, a, deconvolution: false);
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ((ConvolutionParam)param).InputNames;

    /// <inheritdoc/>
    protected override Shape[] InferShape(ConvolutionParam p, Shape[] inputs)
    {
        var data = inputs[0];
        p.CheckData(Name, data, p.NumFilter);
        ConvolutionParam.Expect(Name, "weight", inputs[1], p.ConvWeightShape(data), data);
        if (!p.NoBias) ConvolutionParam.Expect(Name, "bias", inputs[2], new Shape(p.NumFilter), data);
        return [p.ConvOutputShape(Name, data)];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs)
    {
        var p = (ConvolutionParam)param;
        if (inputs[0] is not { } data) return inputs;
        p.CheckData(Name, data, p.NumFilter);
        var r = (Shape?[])inputs.Clone();
        r[1] ??= p.ConvWeightShape(data);
        if (!p.NoBias) r[2] ??= new Shape(p.NumFilter);
        return r;
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<ConvolutionParam>();
        var grads = Imperative.Invoke(OpRegistry.Get("_backward_Convolution"), ConvolutionBackwardOp.Attrs(p),
            [g.OutGrads[0], g.Inputs[0], g.Inputs[1]]);
        return p.NoBias ? [grads[0], grads[1]] : [grads[0], grads[1], grads[2]];
    }
}
