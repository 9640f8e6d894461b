namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>squeeze</c>: removes size-1 axes (all of them, or those listed in <c>axis</c>, each of
/// which must be 1), as a view. Squeezing every axis of an all-ones shape gives (1,), as in MXNet.
/// </summary>
public sealed class SqueezeOp : OpDef<SqueezeOp.Param>
{
    /// <summary>The axes to remove, or null for every size-1 axis.</summary>
    public sealed record Param(int[]? Axis);

    /// <inheritdoc/>
    public override string Name => "squeeze";
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(a.GetTuple("axis", null));
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var x = inputs[0];
        var drop = new bool[x.Rank];
        if (p.Axis is null)
        {
            for (int i = 0; i < x.Rank; i++) drop[i] = x[i] == 1;
        }
        else
        {
            foreach (int a in p.Axis)
            {
                int ax = x.NormalizeAxis(a, Name);
                if (drop[ax]) throw Error($"axis {a} is listed twice for input shape {x}");
                if (x[ax] != 1) throw Error($"cannot select an axis to squeeze out which has size={x[ax]} not equal to one (axis {a}, input shape {x})");
                drop[ax] = true;
            }
        }
        var d = new List<int>();
        for (int i = 0; i < x.Rank; i++) if (!drop[i]) d.Add(x[i]);
        if (d.Count == 0) d.Add(1);
        return [new Shape(d.ToArray())];
    }
    /// <inheritdoc/>
    public override int? ViewOffset(object param, Shape[] inputs) => 0;
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [Nd.ReshapeTo(g.OutGrads[0], g.Inputs[0].Shape)];
}
