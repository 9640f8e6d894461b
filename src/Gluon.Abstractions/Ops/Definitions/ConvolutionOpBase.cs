namespace Gluon.Ops.Definitions;

/// <summary>
/// What <c>Convolution</c> and <c>Deconvolution</c> share: attribute parsing, input names,
/// shape inference (data, weight, optional bias) and a gradient that runs the matching
/// backward op. The two differ only in the weight and output shapes, which
/// <see cref="IsDeconvolution"/> selects.
/// </summary>
public abstract class ConvolutionOpBase : OpDef<ConvolutionParam>
{
    // Only the two ops of this assembly derive from it.
    private protected ConvolutionOpBase() { }

    /// <summary>True for <c>Deconvolution</c> (the adjoint), false for <c>Convolution</c>.</summary>
    private protected abstract bool IsDeconvolution { get; }

    /// <summary>Name of the op that computes the gradients.</summary>
    private protected abstract string BackwardName { get; }

    /// <inheritdoc/>
    protected override ConvolutionParam ParseParam(OpAttrs a) => ConvolutionParam.Parse(Name, a, IsDeconvolution);
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ((ConvolutionParam)param).InputNames;

    /// <summary>The weight shape for <paramref name="data"/>: (F, C/g, k...) or, deconvolving, (C, F/g, k...).</summary>
    internal static Shape WeightShape(ConvolutionParam p, Shape data, bool deconvolution) =>
        deconvolution ? p.DeconvWeightShape(data) : p.ConvWeightShape(data);

    /// <summary>The output shape for <paramref name="data"/> (convolved or deconvolved).</summary>
    internal static Shape OutputShape(ConvolutionParam p, string op, Shape data, bool deconvolution) =>
        deconvolution ? p.DeconvOutputShape(op, data) : p.ConvOutputShape(op, data);

    /// <inheritdoc/>
    protected override Shape[] InferShape(ConvolutionParam p, Shape[] inputs)
    {
        var data = inputs[0];
        p.CheckData(Name, data, p.NumFilter);
        ConvolutionParam.Expect(Name, "weight", inputs[1], WeightShape(p, data, IsDeconvolution), data);
        if (!p.NoBias) ConvolutionParam.Expect(Name, "bias", inputs[2], new Shape(p.NumFilter), data);
        return [OutputShape(p, Name, data, IsDeconvolution)];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs)
    {
        var p = (ConvolutionParam)param;
        if (inputs[0] is not { } data) return inputs;
        p.CheckData(Name, data, p.NumFilter);
        var r = (Shape?[])inputs.Clone();
        r[1] ??= WeightShape(p, data, IsDeconvolution);
        if (!p.NoBias) r[2] ??= new Shape(p.NumFilter);
        return r;
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<ConvolutionParam>();
        // A first layer's data gradient (a whole transposed convolution) is skipped: nothing reads it.
        bool skipData = !g.NeedsGrad(0);
        var grads = Imperative.Invoke(OpRegistry.Get(BackwardName), ConvolutionBackwardOpBase.Attrs(p, skipData),
            [g.OutGrads[0], g.Inputs[0], g.Inputs[1]]);
        var dx = skipData ? null : grads[0];
        return p.NoBias ? [dx, grads[1]] : [dx, grads[1], grads[2]];
    }
}
