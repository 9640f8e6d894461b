namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>UpSampling</c> with <c>sample_type=nearest</c>: repeats each pixel of 4-D (N, C, H, W)
/// inputs <c>arg0..arg{num_args−1}</c>. The output is (scale_h·H₀, scale_w·W₀); further inputs are
/// scaled by the integer ratio to that size and concatenated along channels
/// (<c>multi_input_mode=concat</c>) or added (<c>sum</c>). <c>scale</c> is one int, (h, w) or a
/// 4-tuple whose last two entries are used. Bilinear sampling is not supported. The gradient
/// runs <c>_backward_UpSampling</c> (sums over each repeated block).
/// </summary>
public sealed class UpSamplingOp : OpDef<UpSamplingOp.Param>
{
    /// <summary>Parsed attributes.</summary>
    /// <param name="ScaleH">Height factor of input 0.</param>
    /// <param name="ScaleW">Width factor of input 0.</param>
    /// <param name="NumArgs">Number of inputs.</param>
    /// <param name="Sum">Whether multiple inputs are added (else concatenated along channels).</param>
    /// <param name="NumFilter">MXNet's num_filter (bilinear only; kept for round trips).</param>
    /// <param name="Workspace">MXNet's workspace (unused).</param>
    public sealed record Param(int ScaleH, int ScaleW, int NumArgs, bool Sum, int NumFilter, long Workspace)
    {
        /// <summary>Input names arg0..arg{NumArgs−1}.</summary>
        public string[] Names { get; } = Enumerable.Range(0, NumArgs).Select(i => $"arg{i}").ToArray();

        /// <summary>Attributes that reproduce this parameter set.</summary>
        internal OpAttrs ToAttrs() => new()
        {
            { "scale", new[] { ScaleH, ScaleW } }, { "sample_type", "nearest" }, { "num_args", NumArgs },
            { "multi_input_mode", Sum ? "sum" : "concat" }, { "num_filter", NumFilter }, { "workspace", Workspace },
        };
    }

    /// <inheritdoc/>
    public override string Name => "UpSampling";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a) => Parse(Name, a);

    internal static Param Parse(string op, OpAttrs a)
    {
        string type = a.GetString("sample_type", null) ?? throw new ArgumentException($"{op}: required attribute 'sample_type' is missing");
        if (type == "bilinear")
            throw new NotSupportedException($"{op}: sample_type bilinear is not supported (only nearest)");
        if (type != "nearest")
            throw new ArgumentException($"{op}: sample_type '{type}' must be nearest or bilinear");
        var scale = a.GetTuple("scale", null) ?? throw new ArgumentException($"{op}: required attribute 'scale' is missing");
        var (sh, sw) = scale.Length switch
        {
            1 => (scale[0], scale[0]),
            2 => (scale[0], scale[1]),
            4 => (scale[2], scale[3]),
            _ => throw new ArgumentException($"{op}: scale {Shape.Format(scale)} must have 1, 2 or 4 entries"),
        };
        if (sh < 1 || sw < 1) throw new ArgumentException($"{op}: scale {Shape.Format(scale)} must be positive");
        int n = a.GetInt("num_args", 1);
        if (n < 1) throw new ArgumentException($"{op}: num_args must be at least 1, got {n}");
        string mode = a.GetString("multi_input_mode", "concat")!;
        if (mode is not ("concat" or "sum"))
            throw new ArgumentException($"{op}: multi_input_mode '{mode}' must be concat or sum");
        return new Param(sh, sw, n, mode == "sum", a.GetInt("num_filter", 0), a.GetInt("workspace", 512));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ((Param)param).Names;

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [OutputShape(Name, p, inputs)];

    internal static Shape OutputShape(string op, Param p, IReadOnlyList<Shape> inputs)
    {
        var s0 = inputs[0];
        for (int i = 0; i < inputs.Count; i++)
            if (inputs[i].Rank != 4)
                throw new ArgumentException($"{op}: input arg{i} {inputs[i]} must be 4-D (batch, channel, height, width)");
        int oh = s0[2] * p.ScaleH, ow = s0[3] * p.ScaleW;
        int channels = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            var s = inputs[i];
            if (s[0] != s0[0])
                throw new ArgumentException($"{op}: input arg{i} {s} has a batch size other than arg0 {s0}");
            if (s[2] == 0 || s[3] == 0 ? oh != 0 || ow != 0 : oh % s[2] != 0 || ow % s[3] != 0)
                throw new ArgumentException($"{op}: input arg{i} {s} does not divide the output size ({oh}, {ow}) set by arg0 {s0}");
            if (p.Sum && s[1] != s0[1])
                throw new ArgumentException($"{op}: multi_input_mode sum needs equal channels, arg{i} {s} vs arg0 {s0}");
            channels = p.Sum ? s0[1] : channels + s[1];
        }
        return new Shape(s0[0], channels, oh, ow);
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        NDArray[] ins = [g.OutGrads[0], .. g.Inputs];
        return Imperative.Invoke(OpRegistry.Get("_backward_UpSampling"), p.ToAttrs(), ins);
    }
}
