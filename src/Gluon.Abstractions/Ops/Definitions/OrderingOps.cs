namespace Gluon.Ops.Definitions;

/// <summary>
/// Ordering ops (MXNet <c>ordering_op-inl.h</c>): <c>topk</c>, <c>sort</c>, <c>argsort</c>, and
/// <c>_backward_topk</c>, which scatters a gradient of selected values back to the positions
/// they came from. Ties are ordered by index (a stable sort); MXNet's CPU kernel uses an
/// unstable sort, so its order among equal values is unspecified.
/// </summary>
public sealed class OrderingOps : IOpProvider
{
    /// <inheritdoc/>
    public IEnumerable<OpDef> CreateOps() => [new TopKOp(), new SortOp(), new ArgSortOp(), new BackwardTopKOp()];

    /// <summary>What <c>topk</c> returns (<c>ret_typ</c>).</summary>
    public enum TopKReturn
    {
        /// <summary>The k selected values.</summary>
        Value,
        /// <summary>Their indices along the axis (default).</summary>
        Indices,
        /// <summary>An input-shaped 0/1 array marking them.</summary>
        Mask,
        /// <summary>Values and indices (two visible outputs).</summary>
        Both,
    }

    /// <summary>Parameters of <c>topk</c>.</summary>
    /// <param name="Axis">The axis (null: the flattened array).</param>
    /// <param name="K">How many elements; k &lt; 1 selects all.</param>
    /// <param name="RetTyp">What to return.</param>
    /// <param name="IsAscend">True selects the k smallest, false the k largest.</param>
    /// <param name="DType">Dtype of returned indices.</param>
    public sealed record TopKParam(int? Axis, int K, TopKReturn RetTyp, bool IsAscend, DType DType);

    /// <summary>One line-wise ordering problem: <c>Outer</c> x <c>N</c> x <c>Inner</c> and the selected count.</summary>
    /// <param name="Outer">Product of the dims before the axis (1 for the flattened array).</param>
    /// <param name="N">Length of the axis.</param>
    /// <param name="Inner">Product of the dims after the axis.</param>
    /// <param name="K">Elements kept per line.</param>
    /// <param name="Axis">Normalized axis, or -1 for the flattened array.</param>
    public readonly record struct Geometry(int Outer, int N, int Inner, int K, int Axis)
    {
        /// <summary>Line geometry of <paramref name="x"/> along <paramref name="axis"/> (null: flattened).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The axis is out of range (names the op and shape).</exception>
        /// <exception cref="ArgumentException">k exceeds the axis length.</exception>
        public static Geometry Of(string op, Shape x, int? axis, int k)
        {
            int outer = 1, n, inner = 1, a = -1;
            if (axis is null) n = x.Size;
            else
            {
                a = x.Rank == 0 ? x.NormalizeAxis(axis.Value, op, 1) : x.NormalizeAxis(axis.Value, op);
                n = x.Rank == 0 ? 1 : x[a];
                outer = x.Rank == 0 ? 1 : x.SizeOf(0, a);
                inner = x.Rank == 0 ? 1 : x.SizeOf(a + 1, x.Rank);
            }
            int kk = k < 1 ? n : k;
            if (kk > n)
                throw new ArgumentException($"{op}: k={k} is larger than the {n} elements along axis {(axis is null ? "None" : axis.Value)} of input {x}");
            return new Geometry(outer, n, inner, kk, a);
        }

        /// <summary>The shape of a k-long result: the axis resized to K, or (K,) for the flattened array.</summary>
        public Shape Selected(Shape x)
        {
            if (Axis < 0 || x.Rank == 0) return new Shape(K);
            return x.With(Axis, K);
        }
    }

    /// <summary>Throws when <paramref name="dtype"/> cannot hold every index below <paramref name="n"/> exactly (MXNet raises too).</summary>
    private static void CheckIndexDType(string op, DType dtype, int n, Shape x)
    {
        long max = dtype switch
        {
            DType.UInt8 => byte.MaxValue,
            DType.Int8 => sbyte.MaxValue,
            DType.Float16 => 2048,
            DType.BFloat16 => 256,
            DType.Float32 => 1 << 24,
            DType.Bool => 1,
            _ => int.MaxValue,
        };
        if (n - 1 > max)
            throw new ArgumentException($"{op}: dtype {dtype.Name()} cannot represent indices up to {n - 1} (input {x})");
    }

    private static int? ParseAxis(OpAttrs a) => a.Contains("axis") ? a.GetIntOrNull("axis") : -1;

    private static readonly string[] s_one = ["output"], s_two = ["output0", "output1"];

    /// <summary>
    /// <c>topk</c>: the k largest (or smallest) elements along an axis. Outputs by <c>ret_typ</c>:
    /// value → (values, hidden int32 indices); indices → (indices); mask → (mask, input dtype);
    /// both → (values, indices). Gradient (value/both): the value gradient scattered back.
    /// </summary>
    public sealed class TopKOp : OpDef<TopKParam>
    {
        /// <inheritdoc/>
        public override string Name => "topk";
        /// <inheritdoc/>
        protected override TopKParam ParseParam(OpAttrs a)
        {
            var rt = a.GetString("ret_typ", "indices") switch
            {
                "value" => TopKReturn.Value,
                "indices" => TopKReturn.Indices,
                "mask" => TopKReturn.Mask,
                "both" => TopKReturn.Both,
                var s => throw Error($"ret_typ must be one of value, indices, mask, both; got '{s}'"),
            };
            return new TopKParam(ParseAxis(a), a.GetInt("k", 1), rt, a.GetBool("is_ascend", false), a.GetDType("dtype", DType.Float32));
        }
        /// <inheritdoc/>
        public override IReadOnlyList<string> OutputNames(object param) =>
            ((TopKParam)param).RetTyp is TopKReturn.Value or TopKReturn.Both ? s_two : s_one;
        /// <inheritdoc/>
        public override int NumVisibleOutputs(object param) => ((TopKParam)param).RetTyp == TopKReturn.Both ? 2 : 1;
        /// <inheritdoc/>
        protected override Shape[] InferShape(TopKParam p, Shape[] inputs)
        {
            var x = inputs[0];
            var g = Geometry.Of(Name, x, p.Axis, p.K);
            if (p.RetTyp == TopKReturn.Mask) return [x];
            if (p.RetTyp != TopKReturn.Value) CheckIndexDType(Name, p.DType, g.N, x);
            var s = g.Selected(x);
            return p.RetTyp == TopKReturn.Indices ? [s] : [s, s];
        }
        /// <inheritdoc/>
        public override DType[] InferType(object param, DType[] inputs)
        {
            var p = (TopKParam)param;
            return p.RetTyp switch
            {
                TopKReturn.Value => [inputs[0], DType.Int32],
                TopKReturn.Indices => [p.DType],
                TopKReturn.Mask => [inputs[0]],
                _ => [inputs[0], p.DType],
            };
        }
        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext g)
        {
            var p = g.P<TopKParam>();
            if (p.RetTyp is TopKReturn.Indices or TopKReturn.Mask) return [null];
            return [ScatterBack(p.Axis, g.OutGrads[0], g.Outputs[1], g.Inputs[0])];
        }
    }

    /// <summary>Parameters of <c>sort</c>.</summary>
    /// <param name="Axis">The axis (null: the flattened array).</param>
    /// <param name="IsAscend">Ascending (default) or descending.</param>
    public sealed record SortParam(int? Axis, bool IsAscend);

    /// <summary><c>sort</c>: values sorted along an axis (outputs: values, hidden int32 indices). Gradient: scattered back.</summary>
    public sealed class SortOp : OpDef<SortParam>
    {
        /// <inheritdoc/>
        public override string Name => "sort";
        /// <inheritdoc/>
        protected override SortParam ParseParam(OpAttrs a) => new(ParseAxis(a), a.GetBool("is_ascend", true));
        /// <inheritdoc/>
        public override IReadOnlyList<string> OutputNames(object param) => s_two;
        /// <inheritdoc/>
        public override int NumVisibleOutputs(object param) => 1;
        /// <inheritdoc/>
        protected override Shape[] InferShape(SortParam p, Shape[] inputs)
        {
            var s = Geometry.Of(Name, inputs[0], p.Axis, 0).Selected(inputs[0]);
            return [s, s];
        }
        /// <inheritdoc/>
        public override DType[] InferType(object param, DType[] inputs) => [inputs[0], DType.Int32];
        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext g) =>
            [ScatterBack(g.P<SortParam>().Axis, g.OutGrads[0], g.Outputs[1], g.Inputs[0])];
    }

    /// <summary>Parameters of <c>argsort</c>.</summary>
    /// <param name="Axis">The axis (null: the flattened array).</param>
    /// <param name="IsAscend">Ascending (default) or descending.</param>
    /// <param name="DType">Dtype of the returned indices.</param>
    public sealed record ArgSortParam(int? Axis, bool IsAscend, DType DType);

    /// <summary><c>argsort</c>: the indices that sort the data along an axis (dtype float32 by default). No gradient.</summary>
    public sealed class ArgSortOp : OpDef<ArgSortParam>
    {
        /// <inheritdoc/>
        public override string Name => "argsort";
        /// <inheritdoc/>
        protected override ArgSortParam ParseParam(OpAttrs a) => new(ParseAxis(a), a.GetBool("is_ascend", true), a.GetDType("dtype", DType.Float32));
        /// <inheritdoc/>
        protected override Shape[] InferShape(ArgSortParam p, Shape[] inputs)
        {
            var g = Geometry.Of(Name, inputs[0], p.Axis, 0);
            CheckIndexDType(Name, p.DType, g.N, inputs[0]);
            return [g.Selected(inputs[0])];
        }
        /// <inheritdoc/>
        public override DType[] InferType(object param, DType[] inputs) => [((ArgSortParam)param).DType];
        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext g) => [null];
    }

    private static NDArray ScatterBack(int? axis, NDArray grad, NDArray indices, NDArray data) =>
        Nd.Op("_backward_topk", new OpAttrs { { "axis", axis is null ? "None" : axis.Value } }, grad, indices, data);

    /// <summary>Parameters of <c>_backward_topk</c>: the axis the indices refer to (null: the flattened array).</summary>
    public sealed record BackwardTopKParam(int? Axis);

    /// <summary>
    /// <c>_backward_topk</c>: a zero array shaped like <c>data</c> with <c>ograd</c>[..., j, ...]
    /// added at position <c>indices</c>[..., j, ...] along the axis (the gradient of topk values
    /// and of sort). It has no gradient of its own.
    /// </summary>
    public sealed class BackwardTopKOp : OpDef<BackwardTopKParam>
    {
        /// <inheritdoc/>
        public override string Name => "_backward_topk";
        /// <inheritdoc/>
        protected override BackwardTopKParam ParseParam(OpAttrs a) => new(ParseAxis(a));
        /// <inheritdoc/>
        public override IReadOnlyList<string> InputNames(object param) => ["ograd", "indices", "data"];
        /// <inheritdoc/>
        protected override Shape[] InferShape(BackwardTopKParam p, Shape[] inputs)
        {
            if (inputs[0] != inputs[1]) throw Error($"ograd shape {inputs[0]} and indices shape {inputs[1]} differ");
            var g = Geometry.Of(Name, inputs[2], p.Axis, 0);
            int k = inputs[0].Size == 0 ? 0 : inputs[0].Size / Math.Max(1, g.Outer * g.Inner);
            if (k > g.N || (long)k * g.Outer * g.Inner != inputs[0].Size)
                throw Error($"ograd shape {inputs[0]} does not select along axis {(p.Axis is null ? "None" : p.Axis.Value)} of data {inputs[2]}");
            return [inputs[2]];
        }
        /// <inheritdoc/>
        public override DType[] InferType(object param, DType[] inputs) => [inputs[2]];
    }
}
