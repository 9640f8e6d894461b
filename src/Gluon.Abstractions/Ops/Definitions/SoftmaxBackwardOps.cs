namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_backward_softmax</c> and <c>_backward_log_softmax</c>: the data gradient of softmax /
/// log_softmax (without <c>use_length</c>) from (out_grad, output) in one pass per row, with the
/// forward op's <c>axis</c> and <c>temperature</c>: softmax gives y·(g − Σ g·y)/T, log_softmax
/// (g − exp(y)·Σ g)/T, sums along <c>axis</c>. The forward ops' gradients use them when no graph
/// of the gradient is recorded (they are not differentiable themselves; under <c>create_graph</c>
/// the gradients are built from differentiable ops instead).
/// </summary>
public sealed class SoftmaxBackwardOps : IOpProvider
{
    /// <inheritdoc/>
    public IEnumerable<OpDef> CreateOps() => [new BackwardOpDef("_backward_softmax", log: false), new BackwardOpDef("_backward_log_softmax", log: true)];

    /// <summary>The backward of softmax or log_softmax.</summary>
    [NotRegistered]
    public sealed class BackwardOpDef(string name, bool log) : OpDef<SoftmaxOps.Param>
    {
        private static readonly string[] s_inputs = ["out_grad", "output"];

        /// <summary>True for the backward of log_softmax.</summary>
        public bool Log { get; } = log;

        /// <inheritdoc/>
        public override string Name => name;

        /// <inheritdoc/>
        protected override SoftmaxOps.Param ParseParam(OpAttrs a)
        {
            var t = a.GetDoubleOrNull("temperature");
            if (t is 0) throw Error("temperature must not be 0");
            if (a.GetBool("use_length", false)) throw Error("use_length is not supported; the gradient with lengths is built from ops");
            return new SoftmaxOps.Param(a.GetInt("axis", -1), t, null, false);
        }

        /// <inheritdoc/>
        public override IReadOnlyList<string> InputNames(object param) => s_inputs;

        /// <inheritdoc/>
        protected override Shape[] InferShape(SoftmaxOps.Param p, Shape[] inputs)
        {
            if (inputs[0] != inputs[1])
                throw Error($"out_grad shape {inputs[0]} and output shape {inputs[1]} differ");
            inputs[0].NormalizeAxis(p.Axis, Name);
            return [inputs[0]];
        }

        /// <inheritdoc/>
        public override DType[] InferType(object param, DType[] inputs)
        {
            if (inputs[0] != inputs[1])
                throw Error($"out_grad dtype {inputs[0].Name()} and output dtype {inputs[1].Name()} differ");
            return [inputs[0]];
        }
    }
}
