namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>slice</c> (alias <c>crop</c>): the strided box <c>data[begin:end:step]</c> per axis (see
/// <see cref="SliceRegion.FromSlice"/> for MXNet's rules). A view when the box is a contiguous
/// window (leading axes of size 1, one axis sliced with step 1, the rest whole).
/// </summary>
public sealed class SliceOp : OpDef<SliceOp.Param>
{
    /// <summary>Per-axis begin, end and step (None entries allowed).</summary>
    public sealed record Param(int?[] Begin, int?[] End, int?[]? Step);

    /// <inheritdoc/>
    public override string Name => "slice";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["crop"];
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => Parse(Name, a);

    internal static Param Parse(string op, OpAttrs a) => new(
        a.GetOptionalTuple("begin") ?? throw new ArgumentException($"{op}: required attribute 'begin' is missing"),
        a.GetOptionalTuple("end") ?? throw new ArgumentException($"{op}: required attribute 'end' is missing"),
        a.GetOptionalTuple("step"));

    /// <summary>The resolved region for an input of shape <paramref name="x"/>.</summary>
    public SliceRegion Region(Param p, Shape x) => SliceRegion.FromSlice(Name, x, p.Begin, p.End, p.Step);
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [Region(p, inputs[0]).Output];
    /// <inheritdoc/>
    public override int? ViewOffset(object param, Shape[] inputs) => Region((Param)param, inputs[0]).ContiguousOffset(inputs[0]);
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        return [Nd.SliceAssign(Nd.ZerosLike(g.Inputs[0]), g.OutGrads[0], p.Begin, p.End, p.Step)];
    }
}
