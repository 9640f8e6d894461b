namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_slice_assign</c> (alias <c>_crop_assign</c>): a copy of <c>lhs</c> whose box
/// <c>[begin:end:step]</c> is replaced by <c>rhs</c> (of the box's shape). Used for
/// <c>x[...] = value</c> (with out = lhs, in place) and as the gradient of the slice ops.
/// Gradients: lhs gets the output gradient with the box zeroed, rhs gets the box.
/// </summary>
public sealed class SliceAssignOp : OpDef<SliceOp.Param>
{
    private static readonly string[] s_inputs = ["lhs", "rhs"];

    /// <inheritdoc/>
    public override string Name => "_slice_assign";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["_crop_assign"];
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override SliceOp.Param ParseParam(OpAttrs a) => SliceOp.Parse(Name, a);
    /// <inheritdoc/>
    public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [(0, 0)];

    /// <summary>The box for an lhs of shape <paramref name="x"/>.</summary>
    public SliceRegion Region(SliceOp.Param p, Shape x) => SliceRegion.FromSlice(Name, x, p.Begin, p.End, p.Step);

    /// <inheritdoc/>
    protected override Shape[] InferShape(SliceOp.Param p, Shape[] inputs)
    {
        var r = Region(p, inputs[0]);
        if (inputs[1] != r.Output)
            throw Error($"rhs shape {inputs[1]} must equal the shape {r.Output} of lhs {inputs[0]}[begin={OpAttrs.Format(p.Begin)}, end={OpAttrs.Format(p.End)}]");
        return [inputs[0]];
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs)
    {
        // The kernels move raw elements, so every input must already have the output's dtype.
        for (int i = 1; i < inputs.Length; i++)
            if (inputs[i] != inputs[0])
                throw Error($"rhs must have lhs's dtype, got {string.Join(", ", inputs.Select(t => t.Name()))}");
        return [inputs[0]];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<SliceOp.Param>();
        var og = g.OutGrads[0];
        return [Nd.SliceAssignScalar(og, 0, p.Begin, p.End, p.Step), Nd.Slice(og, p.Begin, p.End, p.Step)];
    }

    /// <summary>The begin/end/step tuples that select <paramref name="r"/> (for the ops' attributes).</summary>
    public static (int?[] Begin, int?[] End, int?[] Step) Tuples(SliceRegion r)
    {
        int n = r.Begin.Length;
        var b = new int?[n];
        var e = new int?[n];
        var s = new int?[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = r.Step[i];
            if (r.Output[i] == 0) continue; // a size-0 axis: None/None keeps it whole
            b[i] = r.Begin[i];
            int last = r.Begin[i] + (r.Output[i] - 1) * r.Step[i];
            int end = r.Step[i] > 0 ? last + 1 : last - 1;
            e[i] = end < 0 ? null : end; // None = before index 0 for a negative step
        }
        return (b, e, s);
    }

    /// <summary><paramref name="lhs"/> with region <paramref name="r"/> replaced by <paramref name="rhs"/>, through <c>_slice_assign</c>.</summary>
    public static NDArray AssignRegion(NDArray lhs, NDArray rhs, SliceRegion r)
    {
        var (b, e, s) = Tuples(r);
        return Nd.SliceAssign(lhs, rhs, b, e, s);
    }
}
