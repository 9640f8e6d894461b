namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>stack</c>: joins <c>num_args</c> arrays of one shape along a new axis <c>axis</c> (in
/// [-ndim-1, ndim]). The gradient splits the output gradient along that axis.
/// </summary>
public sealed class StackOp : OpDef<StackOp.Param>
{
    /// <summary>Input count and the new axis.</summary>
    public sealed record Param(int NumArgs, int Axis)
    {
        /// <summary>Input names arg0..arg{n-1}.</summary>
        public string[] Names { get; } = VariadicInputs.Names(NumArgs);
    }

    /// <inheritdoc/>
    public override string Name => "stack";
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(VariadicInputs.ParseNumArgs(Name, a), a.GetInt("axis", 0));
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ((Param)param).Names;

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var first = inputs[0];
        foreach (var s in inputs)
            if (s != first) throw Error($"all inputs must have the same shape, got {string.Join(", ", inputs.Select(x => x.ToString()))}");
        int ax = first.NormalizeAxis(p.Axis, Name, rankExtra: 1);
        var d = new List<int>(first.ToArray());
        d.Insert(ax, inputs.Length);
        return [new Shape(d.ToArray())];
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => VariadicInputs.SameDType(Name, inputs);

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        int ax = g.Inputs[0].Shape.NormalizeAxis(p.Axis, Name, rankExtra: 1);
        return Nd.Split(g.OutGrads[0], p.NumArgs, ax, squeezeAxis: true);
    }
}
