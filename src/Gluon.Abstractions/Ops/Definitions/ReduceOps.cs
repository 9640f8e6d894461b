namespace Gluon.Ops.Definitions;

/// <summary>
/// Reductions over axes with <c>axis</c>, <c>keepdims</c> and <c>exclude</c> (sum, mean, ...).
/// Gradients broadcast the output gradient back over the reduced axes.
/// </summary>
public sealed class ReduceOps : IOpProvider
{
    /// <inheritdoc/>
    public IEnumerable<OpDef> CreateOps() =>
    [
        new ReduceOpDef("sum", ["sum_axis", "_sum"], c => Expand(c)),
    ];

    /// <summary>The output gradient reshaped to keep the reduced axes and broadcast to the input shape.</summary>
    internal static NDArray Expand(GradientContext c) => Expand(c, c.OutGrads[0]);

    /// <summary><paramref name="v"/> (output-shaped) reshaped to keep reduced axes and broadcast to the input shape.</summary>
    internal static NDArray Expand(GradientContext c, NDArray v)
    {
        var p = c.P<ReduceParam>();
        var x = c.Inputs[0];
        var kept = p.KeptShape(c.Op.Name, x.Shape);
        var r = v.Shape == kept ? v : Nd.ReshapeTo(v, kept);
        return r.Shape == x.Shape ? r : Nd.BroadcastTo(r, x.Shape);
    }

    /// <summary>A reduction op over <see cref="ReduceParam"/> axes.</summary>
    [NotRegistered]
    public sealed class ReduceOpDef(string name, string[] aliases, Func<GradientContext, NDArray?>? grad) : OpDef<ReduceParam>
    {
        /// <inheritdoc/>
        public override string Name => name;
        /// <inheritdoc/>
        public override IReadOnlyList<string> Aliases => aliases;
        /// <inheritdoc/>
        protected override ReduceParam ParseParam(OpAttrs a) => ReduceParam.Parse(a);
        /// <inheritdoc/>
        protected override Shape[] InferShape(ReduceParam p, Shape[] inputs) => [p.OutputShape(Name, inputs[0])];
        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext g) => [grad?.Invoke(g)];
    }
}
