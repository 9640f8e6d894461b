namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>Concat</c> (alias <c>concat</c>): joins <c>num_args</c> arrays (inputs arg0, arg1, ...)
/// along <c>dim</c>; every other dim must match. The gradient slices the output gradient back.
/// </summary>
public sealed class ConcatOp : OpDef<ConcatOp.Param>
{
    /// <summary>Input count and axis.</summary>
    public sealed record Param(int NumArgs, int Dim)
    {
        /// <summary>Input names arg0..arg{n-1}.</summary>
        public string[] Names { get; } = VariadicInputs.Names(NumArgs);
    }

    /// <inheritdoc/>
    public override string Name => "Concat";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["concat"];
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(VariadicInputs.ParseNumArgs(Name, a), a.GetInt("dim", 1));
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ((Param)param).Names;

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var first = inputs[0];
        int ax = first.NormalizeAxis(p.Dim, Name);
        var d = first.ToArray();
        d[ax] = 0;
        foreach (var s in inputs)
        {
            bool ok = s.Rank == first.Rank;
            for (int i = 0; ok && i < s.Rank; i++) ok = i == ax || s[i] == first[i];
            if (!ok) throw Error($"input shapes {string.Join(", ", inputs.Select(x => x.ToString()))} differ outside dim {p.Dim}");
            d[ax] += s[ax];
        }
        return [new Shape(d)];
    }

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => VariadicInputs.SameDType(Name, inputs);

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        int ax = g.Inputs[0].Shape.NormalizeAxis(p.Dim, Name);
        var r = new NDArray?[g.Inputs.Length];
        int start = 0;
        for (int i = 0; i < r.Length; i++)
        {
            int n = g.Inputs[i].Shape[ax];
            // slice_axis rejects empty ranges, so a size-0 input gets a fresh empty gradient.
            r[i] = n == 0 ? Nd.ZerosLike(g.Inputs[i]) : Nd.SliceAxis(g.OutGrads[0], ax, start, start + n);
            start += n;
        }
        return r;
    }
}
