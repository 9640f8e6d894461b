namespace Gluon.Ops.Definitions;

/// <summary>
/// Sampling ops drawing from <see cref="RandomGenerator.Global"/>: <c>_random_uniform</c>,
/// <c>_random_normal</c>, <c>_random_randint</c> (no inputs; <c>shape</c>, <c>dtype</c>) and
/// <c>_shuffle</c> (a random permutation of the first axis). None is differentiable.
/// </summary>
public sealed class RandomOps : IOpProvider
{
    /// <inheritdoc/>
    public IEnumerable<OpDef> CreateOps() =>
    [
        new SampleOp("_random_uniform", ["uniform", "random_uniform"], "low", 0, "high", 1),
        new SampleOp("_random_normal", ["normal", "random_normal"], "loc", 0, "scale", 1),
        new RandIntOp(),
        new ShuffleOp(),
    ];

    /// <summary>
    /// Parameters of a sampling op: the two distribution parameters (low/high or loc/scale),
    /// output shape and dtype.
    /// </summary>
    public sealed record SampleParam(double A, double B, Shape Shape, DType DType);

    /// <summary>Parameters of <c>_random_randint</c>: the range [low, high), shape and dtype.</summary>
    public sealed record RandIntParam(long Low, long High, Shape Shape, DType DType);

    /// <summary>The <c>shape</c> attribute; unset gives (1,), as <c>mx.nd.random.uniform()</c> returns one sample.</summary>
    private static Shape DefaultShape(OpAttrs a) => new(a.GetTuple("shape", null) ?? [1]);

    private sealed class SampleOp(string name, string[] aliases, string a, double aDef, string b, double bDef) : OpDef<SampleParam>
    {
        public override string Name => name;
        public override IReadOnlyList<string> Aliases => aliases;
        public override IReadOnlyList<string> InputNames(object param) => [];
        protected override SampleParam ParseParam(OpAttrs at)
        {
            var p = new SampleParam(at.GetDouble(a, aDef), at.GetDouble(b, bDef), DefaultShape(at),
                at.GetDType("dtype", DType.Float32));
            if (!p.DType.IsFloat()) throw Error($"dtype must be a float type, got {p.DType.Name()}");
            if (name == "_random_uniform" && p.B < p.A) throw Error($"high ({p.B}) must not be less than low ({p.A})");
            if (name == "_random_normal" && p.B < 0) throw Error($"scale must be non-negative, got {p.B}");
            return p;
        }
        protected override Shape[] InferShape(SampleParam p, Shape[] inputs) => [p.Shape];
        public override DType[] InferType(object param, DType[] inputs) => [((SampleParam)param).DType];
        public override NDArray?[] Gradient(GradientContext g) => [];
    }

    private sealed class RandIntOp : OpDef<RandIntParam>
    {
        public override string Name => "_random_randint";
        public override IReadOnlyList<string> Aliases => ["random_randint"];
        public override IReadOnlyList<string> InputNames(object param) => [];
        protected override RandIntParam ParseParam(OpAttrs a)
        {
            var p = new RandIntParam((long)a.GetDouble(Name, "low"), (long)a.GetDouble(Name, "high"), DefaultShape(a),
                a.GetDType("dtype", DType.Int32));
            if (p.DType is not (DType.Int32 or DType.Int64)) throw Error($"dtype must be int32 or int64, got {p.DType.Name()}");
            if (p.High <= p.Low) throw Error($"high ({p.High}) must be greater than low ({p.Low})");
            if (p.DType == DType.Int32 && (p.Low < int.MinValue || p.High - 1 > int.MaxValue))
                throw Error($"range [{p.Low}, {p.High}) does not fit int32");
            return p;
        }
        protected override Shape[] InferShape(RandIntParam p, Shape[] inputs) => [p.Shape];
        public override DType[] InferType(object param, DType[] inputs) => [((RandIntParam)param).DType];
        public override NDArray?[] Gradient(GradientContext g) => [];
    }

    /// <summary>The permutation is not recorded, so no gradient flows back through a shuffle.</summary>
    private sealed class ShuffleOp : OpDef
    {
        public override string Name => "_shuffle";
        public override IReadOnlyList<string> Aliases => ["shuffle"];
        public override Shape[] InferShape(object param, Shape[] inputs) => [inputs[0]];
        public override NDArray?[] Gradient(GradientContext g) => [null];
    }
}
