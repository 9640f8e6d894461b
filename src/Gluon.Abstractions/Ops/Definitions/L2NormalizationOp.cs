namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>L2Normalization</c>: <c>y = x/√(Σx² + eps)</c> (eps default 1e-10), the sum taken per
/// <c>mode</c>: <c>instance</c> (default) over all axes but the first, <c>channel</c> over axis 1
/// at each (n, spatial position), <c>spatial</c> over the spatial axes of each (n, c). Outputs
/// output and the hidden norm: (N,) for instance, the data's shape with axis 1 set to 1 for
/// channel, (N, C) for spatial. channel and spatial need data of rank 3 or more.
/// </summary>
public sealed class L2NormalizationOp : OpDef<L2NormalizationOp.Param>
{
    private static readonly string[] s_outputs = ["output", "norm"];

    /// <summary>What each norm is taken over.</summary>
    public enum Mode
    {
        /// <summary>All axes but the first.</summary>
        Instance,
        /// <summary>Axis 1, at each (n, spatial position).</summary>
        Channel,
        /// <summary>The spatial axes (2...), for each (n, c).</summary>
        Spatial,
    }

    /// <summary>Parsed L2Normalization attributes.</summary>
    /// <param name="Eps">Added to the sum of squares (<c>eps</c>, 1e-10).</param>
    /// <param name="NormMode">The <c>mode</c> (instance, channel, spatial).</param>
    public sealed record Param(double Eps, Mode NormMode);

    /// <inheritdoc/>
    public override string Name => "L2Normalization";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        var mode = a.GetString("mode", "instance") switch
        {
            "instance" => Mode.Instance,
            "channel" => Mode.Channel,
            "spatial" => Mode.Spatial,
            var m => throw Error($"mode must be one of instance, channel, spatial, got '{m}'"),
        };
        var p = new Param(a.GetDouble("eps", 1e-10), mode);
        if (!(p.Eps >= 0)) throw Error($"eps must be non-negative, got {p.Eps}");
        return p;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => s_outputs;
    /// <inheritdoc/>
    public override int NumVisibleOutputs(object param) => 1;

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var data = inputs[0];
        switch (p.NormMode)
        {
            case Mode.Instance:
                NormalizationShapes.ExpectRank(Name, data, 1, "batch, ...");
                return [data, new Shape(data[0])];
            case Mode.Channel:
                NormalizationShapes.ExpectRank(Name, data, 3, "batch, channel, spatial... in channel mode");
                return [data, data.With(1, 1)];
            default:
                NormalizationShapes.ExpectRank(Name, data, 3, "batch, channel, spatial... in spatial mode");
                return [data, new Shape(data[0], data[1])];
        }
    }

    /// <summary>The (O, R, I) view whose axis 1 each norm is taken over.</summary>
    internal static (int O, int R, int I) Layout(Mode mode, Shape data) => mode switch
    {
        Mode.Instance => (data[0], data.SizeOf(1, data.Rank), 1),
        Mode.Channel => (data[0], data[1], data.SizeOf(2, data.Rank)),
        _ => (data[0] * data[1], data.SizeOf(2, data.Rank), 1),
    };

    /// <inheritdoc/>
    /// <remarks>dx = (dy − y·Σ(dy·y))/norm; the hidden norm output is not differentiated (as in MXNet).</remarks>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        var x = g.Inputs[0];
        var (o, r, i) = Layout(p.NormMode, x.Shape);
        var s3 = NormalizationShapes.View(o, r, i);
        var sm = NormalizationShapes.StatView(o, i);
        var dy = NormalizationShapes.As(g.OutGrads[0], s3);
        NDArray y, norm;
        if (Autograd.IsRecording)
        {
            // Higher-order graph: recompute with ops so it depends on x, not the hidden norm output.
            var x3 = NormalizationShapes.As(x, s3);
            norm = Nd.Sqrt(NormalizationShapes.SumMiddle(Nd.Square(x3)) + p.Eps);
            y = x3 / norm;
        }
        else
        {
            y = NormalizationShapes.As(g.Outputs[0], s3);
            norm = NormalizationShapes.As(g.Outputs[1], sm);
        }
        var dx = (dy - y * NormalizationShapes.SumMiddle(dy * y)) / norm;
        return [NormalizationShapes.As(dx, x.Shape)];
    }
}
