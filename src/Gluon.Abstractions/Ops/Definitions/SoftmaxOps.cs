namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>softmax</c> and <c>log_softmax</c> along <c>axis</c>: softmax(x)ᵢ = exp(xᵢ/T)/Σⱼexp(xⱼ/T)
/// with temperature T (default 1) and log_softmax its logarithm. With <c>use_length</c> a second
/// input gives the valid length of each row (data shape without <c>axis</c>); positions past it
/// output 0 and get no gradient. <c>dtype</c> sets the output type.
/// </summary>
public sealed class SoftmaxOps : IOpProvider
{
    /// <summary>Parsed attributes of softmax / log_softmax.</summary>
    public sealed record Param(int Axis, double? Temperature, DType? DType, bool UseLength)
    {
        /// <summary>The attributes that reproduce this parameter.</summary>
        public OpAttrs ToAttrs() => new()
        {
            { "axis", Axis }, { "temperature", Temperature }, { "dtype", DType }, { "use_length", UseLength },
        };
    }

    /// <inheritdoc/>
    public IEnumerable<OpDef> CreateOps() => [new SoftmaxOpDef("softmax", log: false), new SoftmaxOpDef("log_softmax", log: true)];

    /// <summary>softmax or log_softmax.</summary>
    [NotRegistered]
    public sealed class SoftmaxOpDef(string name, bool log) : OpDef<Param>
    {
        /// <summary>True for log_softmax.</summary>
        public bool Log { get; } = log;

        /// <inheritdoc/>
        public override string Name => name;

        /// <inheritdoc/>
        protected override Param ParseParam(OpAttrs a)
        {
            var t = a.GetDoubleOrNull("temperature");
            if (t is 0) throw Error("temperature must not be 0");
            var dt = a.GetDTypeOrNull("dtype");
            if (dt is not null and not (DType.Float16 or DType.Float32 or DType.Float64))
                throw Error($"dtype must be float16, float32 or float64, got {dt.Value.Name()}");
            return new Param(a.GetInt("axis", -1), t, dt, a.GetBool("use_length", false));
        }

        /// <inheritdoc/>
        public override IReadOnlyList<string> InputNames(object param) => ((Param)param).UseLength ? ["data", "length"] : ["data"];

        /// <inheritdoc/>
        protected override Shape[] InferShape(Param p, Shape[] inputs)
        {
            Shape d = inputs[0];
            int axis = d.NormalizeAxis(p.Axis, Name);
            if (p.UseLength)
            {
                var want = new Shape(d.ToArray().Where((_, i) => i != axis).ToArray());
                if (inputs[1] != want)
                    throw Error($"length shape {inputs[1]} must be the data shape {d} without axis {p.Axis}, i.e. {want}");
            }
            return [d];
        }

        /// <inheritdoc/>
        public override DType[] InferType(object param, DType[] inputs) => [((Param)param).DType ?? inputs[0]];

        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext g)
        {
            var p = g.P<Param>();
            NDArray x = g.Inputs[0], y = g.Outputs[0], og = g.OutGrads[0];
            int[] axis = [x.Shape.NormalizeAxis(p.Axis, Name)];
            // Without a graph of the gradient to record, one fused pass replaces the chain of ops below.
            if (!p.UseLength && !Autograd.IsRecording && og.DType == y.DType && y.DType == x.DType)
            {
                var attrs = new OpAttrs { { "axis", p.Axis } };
                if (p.Temperature is double temp) attrs.Add("temperature", temp);
                return [Imperative.Invoke1(Log ? "_backward_log_softmax" : "_backward_softmax", attrs, og, y)];
            }
            NDArray r;
            if (!Log)
            {
                // Positions past the length have y = 0, so they get no gradient here.
                r = y * (og - Nd.Sum(og * y, axis, keepDims: true));
            }
            else if (!p.UseLength)
            {
                r = og - Nd.Exp(y) * Nd.Sum(og, axis, keepDims: true);
            }
            else
            {
                // The valid-position mask from ops: softmax of zeros is 1/len inside the length, 0 past it.
                var valid = Nd.Greater(Nd.Softmax(Nd.ZerosLike(x), g.Inputs[1], p.Axis, useLength: true), 0.0);
                if (valid.DType != og.DType) valid = Nd.Cast(valid, og.DType);
                var gm = og * valid;
                r = (gm - Nd.Exp(y) * Nd.Sum(gm, axis, keepDims: true)) * valid;
            }
            if (p.Temperature is double t && t != 1.0) r = r / t;
            if (r.DType != x.DType) r = Nd.Cast(r, x.DType);
            return p.UseLength ? [r, null] : [r];
        }
    }
}
