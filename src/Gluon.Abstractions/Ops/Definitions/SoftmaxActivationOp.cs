namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>SoftmaxActivation</c> (deprecated in MXNet, kept for imported models): with
/// <c>mode=instance</c> (the default) a softmax over the last axis (MXNet flattens the data to
/// (prod(leading axes), last axis)); with <c>mode=channel</c> over axis 1 of data with at least 3 axes.
/// </summary>
public sealed class SoftmaxActivationOp : OpDef<SoftmaxActivationOp.Param>
{
    /// <summary>Parsed attributes: true for channel mode.</summary>
    public sealed record Param(bool Channel);

    /// <inheritdoc/>
    public override string Name => "SoftmaxActivation";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        string mode = a.GetString("mode", "instance")!;
        return mode switch
        {
            "instance" => new Param(false),
            "channel" => new Param(true),
            _ => throw Error($"mode '{mode}' is not one of instance, channel"),
        };
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var d = inputs[0];
        if (d.Rank < (p.Channel ? 3 : 1))
            throw Error($"data shape {d} needs at least {(p.Channel ? 3 : 1)} axes for mode {(p.Channel ? "channel" : "instance")}");
        return [d];
    }

    /// <summary>
    /// The (outer, n, inner) view of the data: softmax runs over n for each (outer, inner) pair.
    /// </summary>
    public static (int Outer, int N, int Inner) Layout(Param p, Shape d) =>
        p.Channel ? (d[0], d[1], d.SizeOf(2, d.Rank)) : (d.SizeOf(0, d.Rank - 1), d[d.Rank - 1], 1);

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        NDArray y = g.Outputs[0], og = g.OutGrads[0];
        var (outer, n, inner) = Layout(p, y.Shape);
        // On the 3-D view the reduction is always axis 1, whatever the rank of the data.
        var s = new Shape(outer, n, inner);
        var y3 = DotOp.Reshape(y, s);
        var g3 = DotOp.Reshape(og, s);
        var r = y3 * (g3 - Nd.Sum(g3 * y3, [1], keepDims: true));
        return [DotOp.Reshape(r, y.Shape)];
    }
}
