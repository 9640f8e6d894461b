namespace Gluon.Ops.Definitions;

/// <summary>Array creation ops: <c>_zeros</c>, <c>_ones</c>, <c>_full</c>, <c>_arange</c>, <c>_eye</c>, <c>zeros_like</c>, <c>ones_like</c>, <c>_copy</c>.</summary>
public sealed class CreationOps : IOpProvider
{
    /// <inheritdoc/>
    public IEnumerable<OpDef> CreateOps() =>
    [
        new FillOp("_zeros", 0), new FillOp("_ones", 1), new FillOp("_full", null),
        new LikeOp("zeros_like"), new LikeOp("ones_like"),
        new UnaryOpDef("_copy", g => g.OutGrads[0], "identity"),
        new ArangeOp(), new EyeOp(),
    ];

    /// <summary>Parameters of the fill ops: shape, dtype and (for _full) value.</summary>
    public sealed record FillParam(Shape Shape, DType DType, double Value);

    private sealed class FillOp(string name, double? value) : OpDef<FillParam>
    {
        public override string Name => name;
        public override IReadOnlyList<string> InputNames(object param) => [];
        protected override FillParam ParseParam(OpAttrs a) =>
            new(new Shape(a.GetTuple("shape", []) ?? []), a.GetDType("dtype", DType.Float32), value ?? a.GetDouble(name, "value"));
        protected override Shape[] InferShape(FillParam p, Shape[] inputs) => [p.Shape];
        public override DType[] InferType(object param, DType[] inputs) => [((FillParam)param).DType];
        public override NDArray?[] Gradient(GradientContext g) => [];
    }

    private sealed class LikeOp(string name) : OpDef
    {
        public override string Name => name;
        public override Shape[] InferShape(object param, Shape[] inputs) => [inputs[0]];
        public override NDArray?[] Gradient(GradientContext g) => [null];
    }

    /// <summary>Parameters of <c>_arange</c>: start, stop (null: [0, start)), step, repeat, dtype.</summary>
    public sealed record ArangeParam(double Start, double? Stop, double Step, int Repeat, DType DType)
    {
        /// <summary>Number of values before repetition: ceil((stop - start) / step), at least 0.</summary>
        public int Count
        {
            get
            {
                double start = Stop is null ? 0 : Start, stop = Stop ?? Start;
                return Math.Max(0, (int)Math.Ceiling((stop - start) / Step));
            }
        }
    }

    private sealed class ArangeOp : OpDef<ArangeParam>
    {
        public override string Name => "_arange";
        public override IReadOnlyList<string> InputNames(object param) => [];
        protected override ArangeParam ParseParam(OpAttrs a)
        {
            var p = new ArangeParam(a.GetDouble("start", 0), a.GetDoubleOrNull("stop"), a.GetDouble("step", 1),
                a.GetInt("repeat", 1), a.GetDType("dtype", DType.Float32));
            if (p.Step == 0) throw Error("step must not be 0");
            if (p.Repeat < 1) throw Error($"repeat must be at least 1, got {p.Repeat}");
            return p;
        }
        protected override Shape[] InferShape(ArangeParam p, Shape[] inputs) => [new Shape(p.Count * p.Repeat)];
        public override DType[] InferType(object param, DType[] inputs) => [((ArangeParam)param).DType];
        public override NDArray?[] Gradient(GradientContext g) => [];
    }

    /// <summary>Parameters of <c>_eye</c>: N rows, M columns (0: N), diagonal offset k, dtype.</summary>
    public sealed record EyeParam(int N, int M, int K, DType DType);

    private sealed class EyeOp : OpDef<EyeParam>
    {
        public override string Name => "_eye";
        public override IReadOnlyList<string> InputNames(object param) => [];
        protected override EyeParam ParseParam(OpAttrs a)
        {
            int n = a.GetInt(Name, "N");
            int m = a.GetInt("M", 0);
            if (n < 0 || m < 0) throw Error($"N and M must be non-negative, got N={n}, M={m}");
            return new EyeParam(n, m == 0 ? n : m, a.GetInt("k", 0), a.GetDType("dtype", DType.Float32));
        }
        protected override Shape[] InferShape(EyeParam p, Shape[] inputs) => [new Shape(p.N, p.M)];
        public override DType[] InferType(object param, DType[] inputs) => [((EyeParam)param).DType];
        public override NDArray?[] Gradient(GradientContext g) => [];
    }
}
