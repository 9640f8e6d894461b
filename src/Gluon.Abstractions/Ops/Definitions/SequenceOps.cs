namespace Gluon.Ops.Definitions;

/// <summary>
/// Parameters of <c>SequenceMask</c>, <c>SequenceLast</c> and <c>SequenceReverse</c>: whether the
/// <c>sequence_length</c> input (one length per batch entry) is present, the fill value (mask
/// only) and the time axis (0: data is (T, B, ...); 1: (B, T, ...)).
/// </summary>
public sealed record SequenceParam(bool UseSequenceLength, double Value, int Axis)
{
    private static readonly string[] s_one = ["data"];
    private static readonly string[] s_two = ["data", "sequence_length"];

    internal static SequenceParam Parse(string op, OpAttrs a, bool axis1Allowed)
    {
        var p = new SequenceParam(a.GetBool("use_sequence_length", false), a.GetDouble("value", 0), a.GetInt("axis", 0));
        if (p.Axis != 0 && !(axis1Allowed && p.Axis == 1))
            throw new ArgumentException($"{op}: axis must be {(axis1Allowed ? "0 or 1" : "0")}, got {p.Axis}");
        return p;
    }

    internal IReadOnlyList<string> Inputs => UseSequenceLength ? s_two : s_one;

    /// <summary>Time axis and batch axis of the data.</summary>
    public (int Time, int Batch) Axes => Axis == 0 ? (0, 1) : (1, 0);

    internal void Check(string op, Shape[] inputs)
    {
        var d = inputs[0];
        if (d.Rank < 2) throw new ArgumentException($"{op}: data must have at least 2 dimensions (time and batch), got shape {d}");
        if (!UseSequenceLength) return;
        int b = d[Axes.Batch];
        if (inputs[1].Rank != 1 || inputs[1][0] != b)
            throw new ArgumentException($"{op}: sequence_length has shape {inputs[1]}, expected ({b},) for data {d} with axis={Axis}");
    }
}

/// <summary>
/// What <c>SequenceMask</c>, <c>SequenceLast</c> and <c>SequenceReverse</c> share: the
/// <see cref="SequenceParam"/> attributes, the (data[, sequence_length]) inputs and their check.
/// </summary>
public abstract class SequenceOpBase : OpDef<SequenceParam>
{
    // Only the three sequence ops of this assembly derive from it.
    private protected SequenceOpBase() { }

    /// <summary>Whether <c>axis=1</c> (batch-major data) is accepted besides axis 0.</summary>
    private protected virtual bool Axis1Allowed => true;

    /// <summary>The output shape for valid data of shape <paramref name="data"/> (by default the same).</summary>
    private protected virtual Shape OutputShape(SequenceParam p, Shape data) => data;

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ((SequenceParam)param).Inputs;
    /// <inheritdoc/>
    protected override SequenceParam ParseParam(OpAttrs a) => SequenceParam.Parse(Name, a, Axis1Allowed);
    /// <inheritdoc/>
    protected override Shape[] InferShape(SequenceParam p, Shape[] inputs)
    {
        p.Check(Name, inputs);
        return [OutputShape(p, inputs[0])];
    }
}

/// <summary>
/// <c>SequenceMask</c>: sets every time step t ≥ sequence_length[b] to <c>value</c>; without
/// <c>use_sequence_length</c> it is the identity. Gradient: the output gradient masked with 0.
/// </summary>
public sealed class SequenceMaskOp : SequenceOpBase
{
    /// <inheritdoc/>
    public override string Name => "SequenceMask";
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<SequenceParam>();
        var og = g.OutGrads[0];
        if (!p.UseSequenceLength) return [og];
        return [Nd.SequenceMask(og, g.Inputs[1], true, 0, p.Axis), null];
    }
}

/// <summary>
/// <c>SequenceLast</c>: the element at time sequence_length[b] − 1 of each batch entry (the last
/// step without <c>use_sequence_length</c>); output = data shape without the time axis. Lengths
/// must lie in [1, T]. Gradient: the output gradient broadcast over time and masked to the
/// selected step, built from <c>SequenceMask</c>.
/// </summary>
public sealed class SequenceLastOp : SequenceOpBase
{
    /// <inheritdoc/>
    public override string Name => "SequenceLast";
    /// <summary>The data shape without the time axis.</summary>
    private protected override Shape OutputShape(SequenceParam p, Shape data) =>
        new(data.ToArray().Where((_, i) => i != p.Axes.Time).ToArray());
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<SequenceParam>();
        var data = g.Inputs[0];
        var og = g.OutGrads[0];
        var (time, batch) = p.Axes;
        var lens = p.UseSequenceLength ? g.Inputs[1] : Nd.Full(new Shape(data.Shape[batch]), data.Shape[time], data.DType, data.Context);
        // Steps t < len minus steps t < len - 1 leaves a one exactly at t = len - 1.
        var ones = Nd.OnesLike(data);
        var mask = Nd.SequenceMask(ones, lens, true, 0, p.Axis) - Nd.SequenceMask(ones, lens - 1.0, true, 0, p.Axis);
        var expanded = Nd.BroadcastTo(Nd.ReshapeTo(og, data.Shape.With(time, 1)), data.Shape);
        var grad = expanded * mask;
        return p.UseSequenceLength ? [grad, null] : [grad];
    }
}

/// <summary>
/// <c>SequenceReverse</c>: reverses the first sequence_length[b] time steps of each batch entry
/// (all T without <c>use_sequence_length</c>), leaving later steps in place. Only axis 0, as in
/// MXNet. Lengths must lie in [0, T]. Gradient: the same reversal of the output gradient.
/// </summary>
public sealed class SequenceReverseOp : SequenceOpBase
{
    /// <inheritdoc/>
    public override string Name => "SequenceReverse";
    /// <summary>Only axis 0, as in MXNet.</summary>
    private protected override bool Axis1Allowed => false;
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<SequenceParam>();
        var og = g.OutGrads[0];
        if (!p.UseSequenceLength) return [Nd.SequenceReverse(og)];
        return [Nd.SequenceReverse(og, g.Inputs[1], true), null];
    }
}
