namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>take</c> (a, indices): slices of <c>a</c> along <c>axis</c> at the given indices; the output
/// shape is <c>a.shape[:axis] + indices.shape + a.shape[axis+1:]</c>. Indices of any dtype are
/// truncated toward zero; out-of-range ones follow <c>mode</c> (clip, the default; wrap; raise).
/// The gradient of <c>a</c> is <c>_backward_take</c> (a scatter-add); indices get none.
/// </summary>
public sealed class TakeOp : OpDef<TakeOp.Param>
{
    /// <summary>Axis to take along and the out-of-range mode.</summary>
    public sealed record Param(int Axis, IndexMode Mode);

    private static readonly string[] s_inputs = ["a", "indices"];

    /// <inheritdoc/>
    public override string Name => "take";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => ParseTake(Name, a);

    /// <summary>The axis and mode attributes of <c>take</c> (also read by <c>_backward_take</c>).</summary>
    internal static Param ParseTake(string op, OpAttrs a) =>
        new(a.GetInt("axis", 0), IndexModes.Parse(op, a, IndexMode.Clip, IndexMode.Clip, IndexMode.Wrap, IndexMode.Raise));

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [OutputShape(Name, p.Axis, inputs[0], inputs[1])];

    /// <summary>The output shape of taking <paramref name="idx"/> from <paramref name="a"/> along <paramref name="axis"/>.</summary>
    internal static Shape OutputShape(string op, int axis, Shape a, Shape idx)
    {
        if (a.Rank == 0) throw new ArgumentException($"{op}: input 'a' must have at least one axis, got shape {a}");
        int ax = a.NormalizeAxis(axis, op);
        var d = new List<int>(a.Rank + idx.Rank);
        for (int i = 0; i < ax; i++) d.Add(a[i]);
        d.AddRange(idx);
        for (int i = ax + 1; i < a.Rank; i++) d.Add(a[i]);
        return new Shape(d.ToArray());
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        return [Nd.BackwardTake(g.OutGrads[0], g.Inputs[1], g.Inputs[0].Shape, p.Axis, p.Mode), null];
    }
}

/// <summary>
/// <c>_backward_take</c> (ograd, indices): the gradient of <c>take</c> — zeros of <c>shape</c>
/// with each output-gradient slice added at its (mode-mapped) index along <c>axis</c>, so
/// repeated indices accumulate. Linear in ograd: its own gradient is <c>take</c>.
/// </summary>
public sealed class BackwardTakeOp : OpDef<BackwardTakeOp.Param>
{
    /// <summary>Axis, mode and the shape of the array <c>take</c> read from.</summary>
    public sealed record Param(int Axis, IndexMode Mode, Shape Shape);

    private static readonly string[] s_inputs = ["ograd", "indices"];

    /// <inheritdoc/>
    public override string Name => "_backward_take";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        var tp = TakeOp.ParseTake(Name, a);
        return new(tp.Axis, tp.Mode, new Shape(a.GetRequiredTuple(Name, "shape")));
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var expect = TakeOp.OutputShape(Name, p.Axis, p.Shape, inputs[1]);
        if (inputs[0] != expect)
            throw Error($"ograd has shape {inputs[0]}, expected {expect} for indices {inputs[1]} and shape {p.Shape}");
        return [p.Shape];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        return [Nd.Take(g.OutGrads[0], g.Inputs[1], p.Axis, p.Mode), null];
    }
}

/// <summary>
/// <c>pick</c> (data, index): one element per position along <c>axis</c> (default −1), chosen by
/// <c>index</c> (shape of data without that axis, or with it as 1); <c>keepdims</c> keeps the
/// axis as 1; mode clip (default) or wrap. The gradient is <c>_backward_pick</c>.
/// </summary>
public sealed class PickOp : OpDef<PickOp.Param>
{
    /// <summary>Axis, keepdims and mode.</summary>
    public sealed record Param(int Axis, bool KeepDims, IndexMode Mode);

    private static readonly string[] s_inputs = ["data", "index"];

    /// <inheritdoc/>
    public override string Name => "pick";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["choose_element_0index"];
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => ParsePick(Name, a);

    internal static Param ParsePick(string op, OpAttrs a)
    {
        if (a["axis"] is { } s && s.Trim() is "None" or "none")
            throw new ArgumentException($"{op}: axis=None (picking from the flattened array) is not supported; give an axis");
        return new(a.GetInt("axis", -1), a.GetBool("keepdims", false), IndexModes.Parse(op, a, IndexMode.Clip, IndexMode.Clip, IndexMode.Wrap));
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var (reduced, kept) = Shapes(Name, p.Axis, inputs[0]);
        CheckIndex(Name, inputs[0], inputs[1], reduced, kept);
        return [p.KeepDims ? kept : reduced];
    }

    /// <summary>Data shape without the axis, and with it as 1.</summary>
    internal static (Shape Reduced, Shape Kept) Shapes(string op, int axis, Shape data)
    {
        if (data.Rank == 0) throw new ArgumentException($"{op}: data must have at least one axis, got shape {data}");
        int ax = data.NormalizeAxis(axis, op);
        var kept = data.ToArray();
        kept[ax] = 1;
        var reduced = kept.Where((_, i) => i != ax).ToArray();
        return (new Shape(reduced), new Shape(kept));
    }

    internal static void CheckIndex(string op, Shape data, Shape index, Shape reduced, Shape kept)
    {
        if (index != reduced && index != kept)
            throw new ArgumentException($"{op}: index has shape {index}, expected {reduced} or {kept} for data {data}");
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        return [Nd.BackwardPick(g.OutGrads[0], g.Inputs[1], g.Inputs[0].Shape, p.Axis, p.Mode), null];
    }
}

/// <summary>
/// <c>_backward_pick</c> (ograd, index): the gradient of <c>pick</c> — zeros of <c>shape</c> with
/// each output-gradient value placed at its picked position. Its own gradient is <c>pick</c>.
/// </summary>
public sealed class BackwardPickOp : OpDef<BackwardPickOp.Param>
{
    /// <summary>Axis, mode and the data shape pick read from.</summary>
    public sealed record Param(int Axis, IndexMode Mode, Shape Shape);

    private static readonly string[] s_inputs = ["ograd", "index"];

    /// <inheritdoc/>
    public override string Name => "_backward_pick";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        var pp = PickOp.ParsePick(Name, a);
        return new(pp.Axis, pp.Mode, new Shape(a.GetRequiredTuple(Name, "shape")));
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var (reduced, kept) = PickOp.Shapes(Name, p.Axis, p.Shape);
        PickOp.CheckIndex(Name, p.Shape, inputs[1], reduced, kept);
        if (inputs[0] != reduced && inputs[0] != kept)
            throw Error($"ograd has shape {inputs[0]}, expected {reduced} or {kept} for shape {p.Shape}");
        return [p.Shape];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        bool keep = g.Inputs[0].NDim == p.Shape.Rank;
        return [Nd.Pick(g.OutGrads[0], g.Inputs[1], p.Axis, keep, p.Mode), null];
    }
}

/// <summary>
/// <c>one_hot</c> (indices): output <c>indices.shape + (depth,)</c> holding <c>on_value</c> at
/// each index and <c>off_value</c> elsewhere; indices outside [0, depth) give a row of
/// off_value. Output dtype <c>dtype</c> (float32). Not differentiable (indices get no gradient).
/// </summary>
public sealed class OneHotOp : OpDef<OneHotOp.Param>
{
    /// <summary>Depth, on/off values and the output dtype.</summary>
    public sealed record Param(int Depth, double OnValue, double OffValue, DType DType);

    private static readonly string[] s_inputs = ["indices"];

    /// <inheritdoc/>
    public override string Name => "one_hot";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        int depth = a.GetInt(Name, "depth");
        if (depth < 0) throw Error($"depth must be non-negative, got {depth}");
        return new(depth, a.GetDouble("on_value", 1), a.GetDouble("off_value", 0), a.GetDType("dtype", DType.Float32));
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [new Shape([.. inputs[0], p.Depth])];
    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => [((Param)param).DType];
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [null];
}

/// <summary>
/// <c>where</c> (condition, x, y): x where condition is non-zero, else y. x and y have the same
/// shape and dtype; condition has that shape, or is 1-D with x's first dimension (then it
/// selects whole rows). Gradients: the output gradient masked by condition for x, by its
/// complement for y; none for condition.
/// </summary>
public sealed class WhereOp : OpDef
{
    private static readonly string[] s_inputs = ["condition", "x", "y"];

    /// <inheritdoc/>
    public override string Name => "where";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;

    /// <inheritdoc/>
    public override Shape[] InferShape(object param, Shape[] inputs)
    {
        Shape c = inputs[0], x = inputs[1], y = inputs[2];
        if (x != y) throw Error($"x and y must have the same shape, got x {x} and y {y}");
        bool rows = c.Rank == 1 && x.Rank >= 1 && c[0] == x[0];
        if (c != x && !rows)
            throw Error($"condition has shape {c}, expected {x} or ({(x.Rank > 0 ? x[0] : 0)},) for x {x}");
        return [x];
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs)
    {
        if (inputs[1] != inputs[2])
            throw Error($"x and y must have the same dtype, got {inputs[1].Name()} and {inputs[2].Name()}");
        return [inputs[1]];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var c = g.Inputs[0];
        var og = g.OutGrads[0];
        var zero = Nd.ZerosLike(og);
        return [null, Nd.Where(c, og, zero), Nd.Where(c, zero, og)];
    }
}
