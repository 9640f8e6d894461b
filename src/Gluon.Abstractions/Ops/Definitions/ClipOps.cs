namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>clip</c>: a_max where x &gt; a_max, else a_min where x &lt; a_min, else x (NaN passes
/// through). Gradient: the output gradient where a_min ≤ x ≤ a_max, else 0.
/// </summary>
public sealed class ClipOp : OpDef<ClipOp.Param>
{
    /// <summary>The bounds.</summary>
    public sealed record Param(double AMin, double AMax);

    /// <inheritdoc/>
    public override string Name => "clip";
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(a.GetDouble(Name, "a_min"), a.GetDouble(Name, "a_max"));
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [inputs[0]];
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        var x = g.Inputs[0];
        return [g.OutGrads[0] * Nd.GreaterEqual(x, p.AMin) * Nd.LesserEqual(x, p.AMax)];
    }
}

/// <summary>
/// <c>hard_sigmoid</c>: max(0, min(1, alpha·x + beta)) with alpha = 0.2, beta = 0.5 by default.
/// Gradient: alpha times the output gradient where 0 &lt; alpha·x + beta &lt; 1, else 0.
/// </summary>
public sealed class HardSigmoidOp : OpDef<HardSigmoidOp.Param>
{
    /// <summary>Slope and offset.</summary>
    public sealed record Param(double Alpha, double Beta);

    /// <inheritdoc/>
    public override string Name => "hard_sigmoid";
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => new(a.GetDouble("alpha", 0.2), a.GetDouble("beta", 0.5));
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [inputs[0]];
    /// <inheritdoc/>
    public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [(0, 0)];
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        var y = g.Outputs[0];
        return [g.OutGrads[0] * p.Alpha * Nd.Greater(y, 0.0) * Nd.Lesser(y, 1.0)];
    }
}
