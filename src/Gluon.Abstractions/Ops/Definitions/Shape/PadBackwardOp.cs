namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_Pad</c>: the gradient of <c>Pad</c> for edge and reflect modes: each border
/// element's gradient is added to the interior element it copied, and the interior is returned.
/// Its input is the padded output gradient; it has no gradient itself.
/// </summary>
public sealed class PadBackwardOp : OpDef<PadOp.Param>
{
    /// <inheritdoc/>
    public override string Name => "_backward_Pad";
    /// <inheritdoc/>
    protected override PadOp.Param ParseParam(OpAttrs a) => PadOp.ParseCommon(Name, a);

    /// <summary>The attributes of a <c>Pad</c> call, for its backward op.</summary>
    internal static OpAttrs Attrs(PadOp.Param p) =>
        new() { { "mode", p.Mode }, { "pad_width", p.Width }, { "constant_value", p.Value } };

    /// <inheritdoc/>
    protected override Shape[] InferShape(PadOp.Param p, Shape[] inputs)
    {
        var g = inputs[0];
        if (p.Width.Length != 2 * g.Rank)
            throw Error($"pad_width {Shape.Format(p.Width)} must hold 2*ndim={2 * g.Rank} numbers for gradient shape {g}");
        var d = g.ToArray();
        for (int i = 0; i < d.Length; i++)
        {
            d[i] -= p.Width[2 * i] + p.Width[2 * i + 1];
            if (d[i] < 0) throw Error($"pad_width {Shape.Format(p.Width)} is larger than gradient shape {g}");
        }
        return [new Shape(d)];
    }
}
