namespace Gluon.Ops.Definitions;

/// <summary><c>SwapAxis</c> (alias <c>swapaxes</c>): exchanges axes <c>dim1</c> and <c>dim2</c>; its own gradient.</summary>
public sealed class SwapAxisOp : OpDef<SwapAxisOp.Param>
{
    /// <summary>The two axes (negative counts from the end).</summary>
    public sealed record Param(int Dim1, int Dim2);

    /// <inheritdoc/>
    public override string Name => "SwapAxis";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["swapaxes"];
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(a.GetInt("dim1", 0), a.GetInt("dim2", 0));
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var perm = Permutation(p, inputs[0]);
        var d = new int[perm.Length];
        for (int i = 0; i < d.Length; i++) d[i] = inputs[0][perm[i]];
        return [new Shape(d)];
    }

    /// <summary>The permutation swapping the two axes.</summary>
    public int[] Permutation(Param p, Shape x)
    {
        int a = x.NormalizeAxis(p.Dim1, Name), b = x.NormalizeAxis(p.Dim2, Name);
        var perm = new int[x.Rank];
        for (int i = 0; i < perm.Length; i++) perm[i] = i;
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return perm;
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        return [Nd.SwapAxes(g.OutGrads[0], p.Dim1, p.Dim2)];
    }
}
