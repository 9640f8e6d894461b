namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>Deconvolution</c> (transposed convolution): the adjoint of <c>Convolution</c> with the same
/// weight, data (N, C, x...) and weight (C, F/g, k...), plus an optional bias (F; by default
/// <c>no_bias</c> is true). Output spatial size (x−1)s − 2p + d(k−1) + 1 + adj, or
/// <c>target_shape</c>, which then sets pad and adj as MXNet does. The gradient runs
/// <c>_backward_Deconvolution</c>.
/// </summary>
public sealed class DeconvolutionOp : OpDef<ConvolutionParam>
{
    /// <inheritdoc/>
    public override string Name => "Deconvolution";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["_npx_deconvolution"];
    /// <inheritdoc/>
    protected override ConvolutionParam ParseParam(OpAttrs a) => ConvolutionParam.Parse(Name, a, deconvolution: true);
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ((ConvolutionParam)param).InputNames;

    /// <inheritdoc/>
    protected override Shape[] InferShape(ConvolutionParam p, Shape[] inputs)
    {
        var data = inputs[0];
        p.CheckData(Name, data, p.NumFilter);
        ConvolutionParam.Expect(Name, "weight", inputs[1], p.DeconvWeightShape(data), data);
        if (!p.NoBias) ConvolutionParam.Expect(Name, "bias", inputs[2], new Shape(p.NumFilter), data);
        return [p.DeconvOutputShape(Name, data)];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs)
    {
        var p = (ConvolutionParam)param;
        if (inputs[0] is not { } data) return inputs;
        p.CheckData(Name, data, p.NumFilter);
        var r = (Shape?[])inputs.Clone();
        r[1] ??= p.DeconvWeightShape(data);
        if (!p.NoBias) r[2] ??= new Shape(p.NumFilter);
        return r;
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<ConvolutionParam>();
        var grads = Imperative.Invoke(OpRegistry.Get("_backward_Deconvolution"), ConvolutionBackwardOp.Attrs(p),
            [g.OutGrads[0], g.Inputs[0], g.Inputs[1]]);
        return p.NoBias ? [grads[0], grads[1]] : [grads[0], grads[1], grads[2]];
    }
}
