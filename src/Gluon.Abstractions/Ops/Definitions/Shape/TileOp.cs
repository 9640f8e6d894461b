namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>tile</c>: repeats the whole array <c>reps[i]</c> times along each axis (the shorter of the
/// shape and <c>reps</c> is padded with leading 1s). The gradient sums the tiles.
/// </summary>
public sealed class TileOp : OpDef<TileOp.Param>
{
    /// <summary>Repetitions per axis.</summary>
    public sealed record Param(int[] Reps);

    /// <inheritdoc/>
    public override string Name => "tile";
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        var r = a.GetTuple("reps", null) ?? throw Error("required attribute 'reps' is missing");
        foreach (int v in r) if (v < 0) throw Error($"reps {Shape.Format(r)} must be non-negative");
        return new Param(r);
    }

    /// <summary>The input shape and reps, both padded to the output rank.</summary>
    public static (int[] Dims, int[] Reps) Aligned(Param p, Shape x)
    {
        int r = Math.Max(x.Rank, p.Reps.Length);
        var d = new int[r];
        var k = new int[r];
        for (int i = 0; i < r; i++)
        {
            int xi = i - (r - x.Rank), ki = i - (r - p.Reps.Length);
            d[i] = xi >= 0 ? x[xi] : 1;
            k[i] = ki >= 0 ? p.Reps[ki] : 1;
        }
        return (d, k);
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var (d, k) = Aligned(p, inputs[0]);
        var o = new int[d.Length];
        for (int i = 0; i < o.Length; i++) o[i] = d[i] * k[i];
        return [new Shape(o)];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        // View the gradient as (k0, d0, k1, d1, ...) and sum the k axes.
        var x = g.Inputs[0];
        var (d, k) = Aligned(g.P<Param>(), x.Shape);
        var split = new int[2 * d.Length];
        var axes = new int[d.Length];
        for (int i = 0; i < d.Length; i++)
        {
            split[2 * i] = k[i];
            split[2 * i + 1] = d[i];
            axes[i] = 2 * i;
        }
        var s = Nd.Sum(Nd.ReshapeTo(g.OutGrads[0], new Shape(split)), axes);
        return [Nd.ReshapeTo(s, x.Shape)];
    }
}
