namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>LeakyReLU</c>: the parametric rectifier family. For x &gt; 0 every kind gives x (selu λx);
/// for x ≤ 0: leaky slope·x, prelu γ·x with γ learned per channel (axis 1) or shared (size 1),
/// elu slope·(eˣ−1), selu λα(eˣ−1), rrelu a·x with a drawn uniformly from
/// [lower_bound, upper_bound] per element in training ((lower+upper)/2 otherwise; the draw is the
/// hidden second output). gelu is 0.5x(1+erf(x/√2)) everywhere.
/// </summary>
public sealed class LeakyReLUOp : OpDef<LeakyReLUOp.Param>
{
    /// <summary>SELU's λ (MXNet's constant).</summary>
    public const double SeluLambda = 1.0507009873554804934193349852946;

    /// <summary>SELU's α (MXNet's constant).</summary>
    public const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>The variant.</summary>
    public enum ActType
    {
        /// <summary>slope·x for x ≤ 0</summary>
        Leaky,
        /// <summary>γ·x for x ≤ 0, γ an input</summary>
        PRelu,
        /// <summary>slope·(eˣ−1) for x ≤ 0</summary>
        Elu,
        /// <summary>λ·x, λα(eˣ−1) for x ≤ 0</summary>
        Selu,
        /// <summary>0.5x(1+erf(x/√2))</summary>
        Gelu,
        /// <summary>random slope in training</summary>
        RRelu,
    }

    /// <summary>Parsed attributes.</summary>
    public sealed record Param(ActType ActType, double Slope, double LowerBound, double UpperBound);

    /// <inheritdoc/>
    public override string Name => "LeakyReLU";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        string s = a.GetString("act_type", "leaky")!;
        var t = s switch
        {
            "leaky" => ActType.Leaky,
            "prelu" => ActType.PRelu,
            "elu" => ActType.Elu,
            "selu" => ActType.Selu,
            "gelu" => ActType.Gelu,
            "rrelu" => ActType.RRelu,
            _ => throw Error($"act_type '{s}' is not one of leaky, prelu, elu, selu, gelu, rrelu"),
        };
        var p = new Param(t, a.GetDouble("slope", 0.25), a.GetDouble("lower_bound", 0.125), a.GetDouble("upper_bound", 0.334));
        if (t == ActType.RRelu && p.LowerBound > p.UpperBound)
            throw Error($"lower_bound {p.LowerBound} is greater than upper_bound {p.UpperBound}");
        return p;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) =>
        ((Param)param).ActType == ActType.PRelu ? ["data", "gamma"] : ["data"];

    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) =>
        ((Param)param).ActType == ActType.RRelu ? ["output", "mask"] : ["output"];

    /// <inheritdoc/>
    public override int NumVisibleOutputs(object param) => 1;

    /// <summary>The axis gamma runs along: 1 (channels), or 0 for 1-D data.</summary>
    public static int ChannelAxis(Shape data) => data.Rank > 1 ? 1 : 0;

    /// <summary>
    /// The shape gamma is broadcast to: all ones except the channel axis (for a per-channel gamma).
    /// </summary>
    public static Shape GammaBroadcastShape(Shape data, Shape gamma)
    {
        var d = new int[data.Rank];
        Array.Fill(d, 1);
        if (gamma.Size != 1 && data.Rank > 0) d[ChannelAxis(data)] = gamma.Size;
        return new Shape(d);
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        Shape d = inputs[0];
        if (p.ActType == ActType.PRelu)
        {
            Shape gm = inputs[1];
            int c = d.Rank == 0 ? 1 : d[ChannelAxis(d)];
            if (gm.Rank != 1 || (gm[0] != 1 && gm[0] != c))
                throw Error($"gamma shape {gm} must be (1,) or ({c},) (the channel axis of data shape {d})");
        }
        return p.ActType == ActType.RRelu ? [d, d] : [d];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs)
    {
        var r = (Shape?[])inputs.Clone();
        if (((Param)param).ActType == ActType.PRelu && r[0] is { } d && r[1] is null)
            r[1] = new Shape(d.Rank == 0 ? 1 : d[ChannelAxis(d)]);
        return r;
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        NDArray x = g.Inputs[0], y = g.Outputs[0], og = g.OutGrads[0];
        var pos = Nd.Greater(x, 0.0);
        var neg = 1.0 - pos;
        switch (p.ActType)
        {
            case ActType.Leaky: return [og * (pos * (1.0 - p.Slope) + p.Slope)];
            case ActType.Elu: return [og * (pos + neg * (y + p.Slope))];
            case ActType.Selu: return [og * (pos * SeluLambda + neg * (y + SeluLambda * SeluAlpha))];
            case ActType.RRelu: return [og * (pos + neg * g.Outputs[1])];
            case ActType.Gelu:
            {
                const double invSqrt2 = 0.70710678118654752440, invSqrt2Pi = 0.39894228040143267794;
                var cdf = (Nd.Erf(x * invSqrt2) + 1.0) * 0.5;
                return [og * (cdf + x * Nd.Exp(Nd.Square(x) * -0.5) * invSqrt2Pi)];
            }
            default:
            {
                NDArray gamma = g.Inputs[1];
                var bshape = GammaBroadcastShape(x.Shape, gamma.Shape);
                var gb = DotOp.Reshape(gamma, bshape);
                var dx = og * (pos + neg * gb);
                var dg = Broadcasting.SumToShape(og * x * neg, bshape);
                return [dx, DotOp.Reshape(dg, gamma.Shape)];
            }
        }
    }
}
