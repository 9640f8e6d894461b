namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>Dropout</c>: in training (<see cref="Autograd.IsTraining"/>) or with <c>mode=always</c>,
/// y = x·mask where each mask entry is 1/(1−p) with probability 1−p and 0 otherwise (MXNet stores
/// the scaled mask), drawn from <see cref="RandomGenerator.Global"/>; the mask has size 1 along
/// <c>axes</c>, so one draw is shared along them. Otherwise y = x and the mask is ones. The mask
/// is a hidden second output; the gradient is g·mask.
/// </summary>
public sealed class DropoutOp : OpDef<DropoutOp.Param>
{
    /// <summary>Parsed attributes: drop probability, always-on mode, shared axes, cudnn_off (ignored).</summary>
    public sealed record Param(double P, bool Always, int[] Axes, bool CudnnOff);

    /// <inheritdoc/>
    public override string Name => "Dropout";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        double p = a.GetDouble("p", 0.5);
        if (!(p >= 0 && p <= 1)) throw Error($"p must be in [0, 1], got {p}");
        string mode = a.GetString("mode", "training")!;
        bool always = mode switch
        {
            "training" => false,
            "always" => true,
            _ => throw Error($"mode '{mode}' is not one of training, always"),
        };
        return new Param(p, always, a.GetTuple("axes", []) ?? [], a.GetBool("cudnn_off", false));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => ["output", "mask"];

    /// <inheritdoc/>
    public override int NumVisibleOutputs(object param) => 1;

    /// <summary>The mask shape: the data shape with 1 on every shared axis.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An axis is out of range.</exception>
    public Shape MaskShape(Param p, Shape data)
    {
        var d = data.ToArray();
        foreach (int ax in p.Axes) d[data.NormalizeAxis(ax, Name)] = 1;
        return new Shape(d);
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [inputs[0], MaskShape(p, inputs[0])];

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [g.OutGrads[0] * g.Outputs[1]];
}
