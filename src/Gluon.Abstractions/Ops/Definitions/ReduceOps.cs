namespace Gluon.Ops.Definitions;

/// <summary>
/// Reductions over axes with <c>axis</c>, <c>keepdims</c> and <c>exclude</c> (sum, mean, prod,
/// max, min, nansum, nanprod), <c>norm</c>, <c>argmax</c>/<c>argmin</c> and <c>add_n</c>.
/// Gradients broadcast the output gradient back over the reduced axes and are built from ops.
/// </summary>
/// <remarks>
/// Gradient choices follow MXNet 1.x (<c>broadcast_reduce_op_value.cc</c>): max/min route the
/// full output gradient to every position equal to the result (ties each get all of it, as
/// MXNet's <c>eq</c> backward does); prod uses g·y/x, so a zero input gives NaN (0/0) there,
/// exactly like MXNet's <c>rdiv</c> backward; norm ord=2 uses g·x/‖x‖ (NaN when the norm is 0).
/// </remarks>
public sealed class ReduceOps : IOpProvider
{
    /// <inheritdoc/>
    public IEnumerable<OpDef> CreateOps() =>
    [
        new ReduceOpDef("sum", ["sum_axis", "_sum"], c => Expand(c)),
        new ReduceOpDef("mean", [], c =>
        {
            var (x, y) = (c.Inputs[0], c.Outputs[0]);
            double count = y.Size == 0 ? 1 : (double)x.Size / y.Size;
            return Expand(c) / count;
        }),
        new ReduceOpDef("prod", [], c => Expand(c) * Expand(c, c.Outputs[0]) / c.Inputs[0]),
        new ReduceOpDef("max", ["max_axis"], c => Expand(c) * Nd.Equal(c.Inputs[0], Expand(c, c.Outputs[0])), needsElements: true),
        new ReduceOpDef("min", ["min_axis"], c => Expand(c) * Nd.Equal(c.Inputs[0], Expand(c, c.Outputs[0])), needsElements: true),
        // NaN != NaN, so equal(x, x) is the not-NaN mask.
        new ReduceOpDef("nansum", [], c => Expand(c) * Nd.Equal(c.Inputs[0], c.Inputs[0])),
        new ReduceOpDef("nanprod", [], c => Expand(c) * Nd.Op("_backward_nanprod", null, c.Inputs[0], Expand(c, c.Outputs[0]))),
        new NormOp(),
        new ArgReduceOp("argmax"),
        new ArgReduceOp("argmin"),
        new AddNOp(),
        new BackwardNanProdOp(),
    ];

    /// <summary>The output gradient reshaped to keep the reduced axes and broadcast to the input shape.</summary>
    internal static NDArray Expand(GradientContext c) => Expand(c, c.OutGrads[0]);

    /// <summary><paramref name="v"/> (output-shaped) reshaped to keep reduced axes and broadcast to the input shape.</summary>
    internal static NDArray Expand(GradientContext c, NDArray v) => Expand(c.P<ReduceParam>(), c.Op.Name, c.Inputs[0].Shape, v);

    /// <summary><paramref name="v"/> (shaped like the reduction's output) broadcast back to <paramref name="input"/>.</summary>
    internal static NDArray Expand(ReduceParam p, string op, Shape input, NDArray v)
    {
        var kept = p.KeptShape(op, input);
        var r = v.Shape == kept ? v : Nd.ReshapeTo(v, kept);
        return r.Shape == input ? r : Nd.BroadcastTo(r, input);
    }

    /// <summary>A reduction op over <see cref="ReduceParam"/> axes.</summary>
    /// <param name="name">MXNet name.</param>
    /// <param name="aliases">Other MXNet names.</param>
    /// <param name="grad">The input gradient built from ops (null: no gradient).</param>
    /// <param name="needsElements">True for max/min: reducing an empty set of elements is an error.</param>
    [NotRegistered]
    public sealed class ReduceOpDef(string name, string[] aliases, Func<GradientContext, NDArray?>? grad, bool needsElements = false) : OpDef<ReduceParam>
    {
        /// <inheritdoc/>
        public override string Name => name;
        /// <inheritdoc/>
        public override IReadOnlyList<string> Aliases => aliases;
        /// <inheritdoc/>
        protected override ReduceParam ParseParam(OpAttrs a) => ReduceParam.Parse(a);
        /// <inheritdoc/>
        protected override Shape[] InferShape(ReduceParam p, Shape[] inputs)
        {
            var o = p.OutputShape(Name, inputs[0]);
            // MXNet refuses max/min of an empty input; an empty result (nothing to compute) is allowed here.
            if (needsElements && inputs[0].Size == 0 && o.Size > 0)
                throw Error($"cannot reduce over an empty set of elements: input {inputs[0]}, output {o}");
            return [o];
        }
        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext g) => [grad?.Invoke(g)];
    }

    /// <summary>Parameters of <c>norm</c>: <c>ord</c> (1 or 2), <c>axis</c>, <c>keepdims</c>, <c>out_dtype</c>.</summary>
    /// <param name="Ord">1: sum of |x|; 2: √(sum of x²).</param>
    /// <param name="Reduce">The axes as a reduction parameter (exclude is always false).</param>
    /// <param name="OutDType">Output dtype; null keeps the input's.</param>
    public sealed record NormParam(int Ord, ReduceParam Reduce, DType? OutDType);

    /// <summary><c>norm</c>: the L1 or L2 norm over <c>axis</c> (all axes when unset).</summary>
    public sealed class NormOp : OpDef<NormParam>
    {
        /// <inheritdoc/>
        public override string Name => "norm";
        /// <inheritdoc/>
        protected override NormParam ParseParam(OpAttrs a)
        {
            int ord = a.GetInt("ord", 2);
            if (ord is not (1 or 2)) throw Error($"ord must be 1 or 2, got {ord}");
            return new NormParam(ord, new ReduceParam(a.GetTuple("axis", null), a.GetBool("keepdims", false), false), a.GetDTypeOrNull("out_dtype"));
        }
        /// <inheritdoc/>
        protected override Shape[] InferShape(NormParam p, Shape[] inputs) => [p.Reduce.OutputShape(Name, inputs[0])];
        /// <inheritdoc/>
        public override DType[] InferType(object param, DType[] inputs) => [((NormParam)param).OutDType ?? inputs[0]];
        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext c)
        {
            var p = c.P<NormParam>();
            var x = c.Inputs[0];
            var g = c.OutGrads[0].DType == x.DType ? c.OutGrads[0] : Nd.Cast(c.OutGrads[0], x.DType);
            var ge = Expand(p.Reduce, Name, x.Shape, g);
            if (p.Ord == 1) return [ge * Nd.Sign(x)];
            var y = c.Outputs[0].DType == x.DType ? c.Outputs[0] : Nd.Cast(c.Outputs[0], x.DType);
            return [ge * x / Expand(p.Reduce, Name, x.Shape, y)];
        }
    }

    /// <summary>Parameters of <c>argmax</c>/<c>argmin</c>: one optional <c>axis</c> (null: the flattened array) and <c>keepdims</c>.</summary>
    public sealed record ArgReduceParam(int? Axis, bool KeepDims);

    /// <summary>
    /// <c>argmax</c>/<c>argmin</c>: the index of the first largest/smallest value along one axis,
    /// returned in the input's dtype (MXNet 1.x <c>ElemwiseType</c>: float32 for float32 data).
    /// No gradient.
    /// </summary>
    [NotRegistered]
    public sealed class ArgReduceOp(string name) : OpDef<ArgReduceParam>
    {
        /// <inheritdoc/>
        public override string Name => name;
        /// <inheritdoc/>
        protected override ArgReduceParam ParseParam(OpAttrs a) => new(a.GetIntOrNull("axis"), a.GetBool("keepdims", false));
        /// <inheritdoc/>
        protected override Shape[] InferShape(ArgReduceParam p, Shape[] inputs)
        {
            var x = inputs[0];
            Shape o;
            int count;
            if (p.Axis is null)
            {
                count = x.Size;
                var ones = new int[x.Rank];
                Array.Fill(ones, 1);
                o = p.KeepDims && x.Rank > 0 ? new Shape(ones) : new Shape(1);
            }
            else
            {
                int a = x.NormalizeAxis(p.Axis.Value, Name);
                count = x[a];
                var d = new List<int>(x.ToArray());
                if (p.KeepDims) d[a] = 1; else d.RemoveAt(a);
                if (d.Count == 0) d.Add(1);
                o = new Shape(d.ToArray());
            }
            if (count == 0 && o.Size > 0)
                throw Error($"cannot take the {Name} of an empty sequence: input {x}, axis {(p.Axis is null ? "None" : p.Axis.Value)}");
            return [o];
        }
        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext g) => [null];
    }

    /// <summary>Parameters of <c>add_n</c>: the number of inputs.</summary>
    public sealed record AddNParam(int NumArgs)
    {
        /// <summary>Input slot names arg0..arg{n-1}.</summary>
        public string[] Names { get; } = Enumerable.Range(0, NumArgs).Select(i => "arg" + i).ToArray();
    }

    /// <summary><c>add_n</c> (alias <c>ElementWiseSum</c>): the elementwise sum of <c>num_args</c> arrays of one shape.</summary>
    public sealed class AddNOp : OpDef<AddNParam>
    {
        /// <inheritdoc/>
        public override string Name => "add_n";
        /// <inheritdoc/>
        public override IReadOnlyList<string> Aliases => ["ElementWiseSum", "_sparse_add_n", "_sparse_ElementWiseSum"];
        /// <inheritdoc/>
        protected override AddNParam ParseParam(OpAttrs a)
        {
            int n = a.GetInt(Name, "num_args");
            if (n < 1) throw Error($"num_args must be at least 1, got {n}");
            return new AddNParam(n);
        }
        /// <inheritdoc/>
        public override IReadOnlyList<string> InputNames(object param) => ((AddNParam)param).Names;
        /// <inheritdoc/>
        protected override Shape[] InferShape(AddNParam p, Shape[] inputs)
        {
            for (int i = 1; i < inputs.Length; i++)
                if (inputs[i] != inputs[0])
                    throw Error($"all inputs must have the same shape: arg0 is {inputs[0]} but arg{i} is {inputs[i]} (shapes {string.Join(", ", inputs.Select(s => s.ToString()))})");
            return [inputs[0]];
        }
        /// <inheritdoc/>
        public override DType[] InferType(object param, DType[] inputs)
        {
            for (int i = 1; i < inputs.Length; i++)
                if (inputs[i] != inputs[0])
                    throw Error($"all inputs must have the same dtype: arg0 is {inputs[0].Name()} but arg{i} is {inputs[i].Name()}");
            return [inputs[0]];
        }
        /// <inheritdoc/>
        public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [(0, 0)];
        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext g)
        {
            var r = new NDArray?[g.Inputs.Length];
            Array.Fill(r, g.OutGrads[0]);
            return r;
        }
    }

    /// <summary>
    /// <c>_backward_nanprod</c>: elementwise 0 where x is NaN, else y/x (y = the broadcast
    /// nanprod result); the factor nanprod's gradient multiplies the output gradient by. No gradient.
    /// </summary>
    public sealed class BackwardNanProdOp : OpDef
    {
        /// <inheritdoc/>
        public override string Name => "_backward_nanprod";
        /// <inheritdoc/>
        public override IReadOnlyList<string> InputNames(object param) => ["data", "output"];
        /// <inheritdoc/>
        public override Shape[] InferShape(object param, Shape[] inputs)
        {
            if (inputs[0] != inputs[1]) throw Error($"data shape {inputs[0]} and output shape {inputs[1]} differ");
            return [inputs[0]];
        }
    }
}
