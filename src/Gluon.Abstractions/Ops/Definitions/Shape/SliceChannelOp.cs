namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>SliceChannel</c> (alias <c>split</c>): cuts <c>data</c> into <c>num_outputs</c> equal
/// parts along <c>axis</c> (default 1), optionally dropping that axis when each part has size 1
/// there (<c>squeeze_axis</c>). The gradient concatenates the output gradients.
/// </summary>
public sealed class SliceChannelOp : OpDef<SliceChannelOp.Param>
{
    /// <summary>Part count, axis and squeeze flag.</summary>
    public sealed record Param(int NumOutputs, int Axis, bool SqueezeAxis)
    {
        /// <summary>Output names output0..output{n-1}.</summary>
        public string[] Names { get; } = Enumerable.Range(0, NumOutputs).Select(i => $"output{i}").ToArray();
    }

    /// <inheritdoc/>
    public override string Name => "SliceChannel";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["split"];
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        int n = a.GetInt(Name, "num_outputs");
        if (n < 1) throw Error($"num_outputs={n} must be at least 1");
        return new Param(n, a.GetInt("axis", 1), a.GetBool("squeeze_axis", false));
    }
    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => ((Param)param).Names;

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var x = inputs[0];
        int ax = x.NormalizeAxis(p.Axis, Name);
        if (x[ax] % p.NumOutputs != 0)
            throw Error($"axis {p.Axis} of input shape {x} (size {x[ax]}) is not divisible by num_outputs={p.NumOutputs}");
        int part = x[ax] / p.NumOutputs;
        Shape o;
        if (p.SqueezeAxis)
        {
            if (part != 1) throw Error($"squeeze_axis needs each part to have size 1 on axis {p.Axis}, input shape {x} with num_outputs={p.NumOutputs} gives {part}");
            var d = new List<int>(x.ToArray());
            d.RemoveAt(ax);
            o = new Shape(d.ToArray());
        }
        else o = x.With(ax, part);
        var r = new Shape[p.NumOutputs];
        Array.Fill(r, o);
        return r;
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<Param>();
        int ax = g.Inputs[0].Shape.NormalizeAxis(p.Axis, Name);
        var parts = p.SqueezeAxis ? g.OutGrads.Select(o => Nd.ExpandDims(o, ax)).ToArray() : g.OutGrads;
        return [Nd.Concat(parts, ax)];
    }
}
