namespace Gluon.Ops.Definitions;

/// <summary><c>reverse</c> (alias <c>flip</c>): reverses the order of elements along each listed axis; its own gradient.</summary>
public sealed class FlipOp : OpDef<FlipOp.Param>
{
    /// <summary>The axes to reverse.</summary>
    public sealed record Param(int[] Axis);

    /// <inheritdoc/>
    public override string Name => "reverse";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["flip"];
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(a.GetTuple("axis", null) ?? throw Error("required attribute 'axis' is missing"));
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        Axes(p, inputs[0]);
        return [inputs[0]];
    }

    /// <summary>Which axes of an input of shape <paramref name="x"/> are reversed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An axis is out of range.</exception>
    public bool[] Axes(Param p, Shape x)
    {
        var f = new bool[x.Rank];
        foreach (int a in p.Axis)
        {
            int ax = x.NormalizeAxis(a, Name);
            if (f[ax]) throw Error($"axis {Shape.Format(p.Axis)} repeats axis {a} for input shape {x}");
            f[ax] = true;
        }
        return f;
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [Nd.Flip(g.OutGrads[0], g.P<Param>().Axis)];
}
