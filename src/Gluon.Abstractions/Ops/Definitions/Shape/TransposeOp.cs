namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>transpose</c>: permutes the axes (output axis i is input axis <c>axes[i]</c>); empty
/// <c>axes</c> reverses them. The gradient transposes back with the inverse permutation.
/// </summary>
public sealed class TransposeOp : OpDef<TransposeOp.Param>
{
    /// <summary>The permutation (empty = reverse).</summary>
    public sealed record Param(int[] Axes);

    /// <inheritdoc/>
    public override string Name => "transpose";
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(a.GetTuple("axes", null) ?? []);
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var x = inputs[0];
        var perm = Permutation(p, x);
        var d = new int[x.Rank];
        for (int i = 0; i < d.Length; i++) d[i] = x[perm[i]];
        return [new Shape(d)];
    }

    /// <summary>The normalized permutation for an input of shape <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">axes is not a permutation of the input's axes.</exception>
    public int[] Permutation(Param p, Shape x)
    {
        int r = x.Rank;
        var perm = new int[r];
        if (p.Axes.Length == 0)
        {
            for (int i = 0; i < r; i++) perm[i] = r - 1 - i;
            return perm;
        }
        if (p.Axes.Length != r)
            throw Error($"axes {Shape.Format(p.Axes)} must list each of the {r} axes of input shape {x} once");
        var seen = new bool[r];
        for (int i = 0; i < r; i++)
        {
            int a = x.NormalizeAxis(p.Axes[i], Name);
            if (seen[a]) throw Error($"axes {Shape.Format(p.Axes)} repeats axis {p.Axes[i]} for input shape {x}");
            seen[a] = true;
            perm[i] = a;
        }
        return perm;
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var perm = Permutation(g.P<Param>(), g.Inputs[0].Shape);
        var inv = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inv[perm[i]] = i;
        return [Nd.Transpose(g.OutGrads[0], inv)];
    }
}
