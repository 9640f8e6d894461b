namespace Gluon.Ops.Definitions;

/// <summary>
/// Two-input elementwise ops. The <c>broadcast_*</c> forms follow numpy broadcasting; the
/// <c>elemwise_*</c> and <c>_*</c> forms require equal shapes (MXNet's elemwise ops).
/// Comparisons and logical ops return 1/0 in the input dtype, as mx.nd does.
/// </summary>
public sealed class BinaryOps : IOpProvider
{
    /// <summary>The kernel-level operation of a binary op (the CPU backend switches on it).</summary>
    public enum Kind
    {
        /// <summary>a + b</summary>
        Add,
        /// <summary>a - b</summary>
        Sub,
        /// <summary>a * b</summary>
        Mul,
        /// <summary>a / b</summary>
        Div,
        /// <summary>a mod b with the sign of b (numpy/MXNet mod)</summary>
        Mod,
        /// <summary>a ^ b</summary>
        Power,
        /// <summary>max(a, b)</summary>
        Maximum,
        /// <summary>min(a, b)</summary>
        Minimum,
        /// <summary>sqrt(a² + b²)</summary>
        Hypot,
        /// <summary>a == b</summary>
        Equal,
        /// <summary>a != b</summary>
        NotEqual,
        /// <summary>a &gt; b</summary>
        Greater,
        /// <summary>a &gt;= b</summary>
        GreaterEqual,
        /// <summary>a &lt; b</summary>
        Lesser,
        /// <summary>a &lt;= b</summary>
        LesserEqual,
        /// <summary>a &amp;&amp; b</summary>
        LogicalAnd,
        /// <summary>a || b</summary>
        LogicalOr,
        /// <summary>a xor b</summary>
        LogicalXor,
    }

    /// <inheritdoc/>
    public IEnumerable<OpDef> CreateOps()
    {
        (Kind kind, string bname, string[] baliases, string ename, string[] ealiases)[] table =
        [
            (Kind.Add, "broadcast_add", ["broadcast_plus"], "elemwise_add", ["_plus", "_Plus", "_add"]),
            (Kind.Sub, "broadcast_sub", ["broadcast_minus"], "elemwise_sub", ["_minus", "_Minus", "_sub"]),
            (Kind.Mul, "broadcast_mul", [], "elemwise_mul", ["_mul", "_Mul"]),
            (Kind.Div, "broadcast_div", [], "elemwise_div", ["_div", "_Div"]),
            (Kind.Mod, "broadcast_mod", [], "_mod", ["_Mod"]),
            (Kind.Power, "broadcast_power", [], "_power", ["_Power"]),
            (Kind.Maximum, "broadcast_maximum", [], "_maximum", ["_Maximum"]),
            (Kind.Minimum, "broadcast_minimum", [], "_minimum", ["_Minimum"]),
            (Kind.Hypot, "broadcast_hypot", [], "_hypot", ["_Hypot"]),
            (Kind.Equal, "broadcast_equal", [], "_equal", []),
            (Kind.NotEqual, "broadcast_not_equal", [], "_not_equal", []),
            (Kind.Greater, "broadcast_greater", [], "_greater", []),
            (Kind.GreaterEqual, "broadcast_greater_equal", [], "_greater_equal", []),
            (Kind.Lesser, "broadcast_lesser", [], "_lesser", []),
            (Kind.LesserEqual, "broadcast_lesser_equal", [], "_lesser_equal", []),
            (Kind.LogicalAnd, "broadcast_logical_and", [], "_logical_and", []),
            (Kind.LogicalOr, "broadcast_logical_or", [], "_logical_or", []),
            (Kind.LogicalXor, "broadcast_logical_xor", [], "_logical_xor", []),
        ];
        foreach (var (kind, bname, baliases, ename, ealiases) in table)
        {
            yield return new BinaryOpDef(kind, bname, baliases, broadcast: true);
            yield return new BinaryOpDef(kind, ename, ealiases, broadcast: false);
        }
    }

    /// <summary>A binary elementwise op definition.</summary>
    [NotRegistered]
    public sealed class BinaryOpDef(Kind kind, string name, string[] aliases, bool broadcast) : OpDef
    {
        /// <summary>What the op computes.</summary>
        public Kind Kind { get; } = kind;

        /// <summary>True for the broadcasting form.</summary>
        public bool Broadcast { get; } = broadcast;

        /// <inheritdoc/>
        public override string Name => name;
        /// <inheritdoc/>
        public override IReadOnlyList<string> Aliases => aliases;
        /// <inheritdoc/>
        public override IReadOnlyList<string> InputNames(object param) => ["lhs", "rhs"];

        /// <inheritdoc/>
        public override Shape[] InferShape(object param, Shape[] inputs)
        {
            if (Broadcast) return [Broadcasting.Shape(Name, inputs[0], inputs[1])];
            if (inputs[0] != inputs[1])
                throw Error($"lhs shape {inputs[0]} and rhs shape {inputs[1]} differ (use broadcast_{Name.TrimStart('_').Replace("elemwise_", "")} to broadcast)");
            return [inputs[0]];
        }

        /// <inheritdoc/>
        public override DType[] InferType(object param, DType[] inputs)
        {
            if (inputs[0] != inputs[1])
                throw Error($"lhs dtype {inputs[0].Name()} and rhs dtype {inputs[1].Name()} differ; cast one of them first");
            return [inputs[0]];
        }

        /// <inheritdoc/>
        public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [(0, 0), (1, 0)];

        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext g)
        {
            NDArray a = g.Inputs[0], b = g.Inputs[1], og = g.OutGrads[0];
            (NDArray? ga, NDArray? gb) = Kind switch
            {
                Kind.Add => (og, og),
                Kind.Sub => (og, -og),
                Kind.Mul => (og * b, og * a),
                Kind.Div => (og / b, -og * a / (b * b)),
                Kind.Mod => (og, -og * Nd.Floor(a / b)),
                Kind.Power => (og * b * Nd.Power(a, b - 1.0), og * g.Outputs[0] * Nd.Log(a)),
                Kind.Maximum => (og * Nd.GreaterEqual(a, b), og * Nd.Lesser(a, b)),
                Kind.Minimum => (og * Nd.LesserEqual(a, b), og * Nd.Greater(a, b)),
                Kind.Hypot => (og * a / g.Outputs[0], og * b / g.Outputs[0]),
                _ => (null, null),
            };
            if (ga is null || gb is null) return [null, null];
            return [Broadcasting.SumToShape(ga, a.Shape), Broadcasting.SumToShape(gb, b.Shape)];
        }
    }
}
