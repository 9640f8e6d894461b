namespace Gluon.Ops.Definitions;

/// <summary>
/// The <c>_*_scalar</c> family: an array and the attribute <c>scalar</c>. The reversed forms
/// (<c>_rminus_scalar</c>, <c>_rdiv_scalar</c>, <c>_rmod_scalar</c>, <c>_rpower_scalar</c>)
/// compute scalar ∘ x.
/// </summary>
public sealed class ScalarOps : IOpProvider
{
    /// <summary>Parsed attributes: the scalar (MXNet 1.9 also writes <c>is_int</c>).</summary>
    public sealed record Param(double Scalar, bool IsInt);

    /// <inheritdoc/>
    public IEnumerable<OpDef> CreateOps()
    {
        (BinaryOps.Kind kind, string name, bool reversed, string[] aliases)[] table =
        [
            (BinaryOps.Kind.Add, "_plus_scalar", false, ["_PlusScalar"]),
            (BinaryOps.Kind.Sub, "_minus_scalar", false, ["_MinusScalar"]),
            (BinaryOps.Kind.Sub, "_rminus_scalar", true, ["_RMinusScalar"]),
            (BinaryOps.Kind.Mul, "_mul_scalar", false, ["_MulScalar"]),
            (BinaryOps.Kind.Div, "_div_scalar", false, ["_DivScalar"]),
            (BinaryOps.Kind.Div, "_rdiv_scalar", true, ["_RDivScalar"]),
            (BinaryOps.Kind.Mod, "_mod_scalar", false, ["_ModScalar"]),
            (BinaryOps.Kind.Mod, "_rmod_scalar", true, ["_RModScalar"]),
            (BinaryOps.Kind.Power, "_power_scalar", false, ["_PowerScalar"]),
            (BinaryOps.Kind.Power, "_rpower_scalar", true, ["_RPowerScalar"]),
            (BinaryOps.Kind.Maximum, "_maximum_scalar", false, ["_MaximumScalar"]),
            (BinaryOps.Kind.Minimum, "_minimum_scalar", false, ["_MinimumScalar"]),
            (BinaryOps.Kind.Hypot, "_hypot_scalar", false, ["_HypotScalar"]),
            (BinaryOps.Kind.Equal, "_equal_scalar", false, ["_EqualScalar"]),
            (BinaryOps.Kind.NotEqual, "_not_equal_scalar", false, ["_NotEqualScalar"]),
            (BinaryOps.Kind.Greater, "_greater_scalar", false, ["_GreaterScalar"]),
            (BinaryOps.Kind.GreaterEqual, "_greater_equal_scalar", false, ["_GreaterEqualScalar"]),
            (BinaryOps.Kind.Lesser, "_lesser_scalar", false, ["_LesserScalar"]),
            (BinaryOps.Kind.LesserEqual, "_lesser_equal_scalar", false, ["_LesserEqualScalar"]),
            (BinaryOps.Kind.LogicalAnd, "_logical_and_scalar", false, []),
            (BinaryOps.Kind.LogicalOr, "_logical_or_scalar", false, []),
            (BinaryOps.Kind.LogicalXor, "_logical_xor_scalar", false, []),
        ];
        foreach (var (kind, name, reversed, aliases) in table) yield return new ScalarOpDef(kind, name, reversed, aliases);
    }

    /// <summary>One scalar op.</summary>
    [NotRegistered]
    public sealed class ScalarOpDef(BinaryOps.Kind kind, string name, bool reversed, string[] aliases) : OpDef<Param>
    {
        /// <summary>What the op computes.</summary>
        public BinaryOps.Kind Kind { get; } = kind;

        /// <summary>True when the scalar is the left operand.</summary>
        public bool Reversed { get; } = reversed;

        /// <inheritdoc/>
        public override string Name => name;
        /// <inheritdoc/>
        public override IReadOnlyList<string> Aliases => aliases;
        /// <inheritdoc/>
        protected override Param ParseParam(OpAttrs a) => new(a.GetDouble(Name, "scalar"), a.GetBool("is_int", false));
        /// <inheritdoc/>
        protected override Shape[] InferShape(Param p, Shape[] inputs) => [inputs[0]];
        /// <inheritdoc/>
        public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [(0, 0)];

        /// <inheritdoc/>
        public override NDArray?[] Gradient(GradientContext g)
        {
            double s = g.P<Param>().Scalar;
            NDArray x = g.Inputs[0], y = g.Outputs[0], og = g.OutGrads[0];
            NDArray? r = (Kind, Reversed) switch
            {
                (BinaryOps.Kind.Add, _) => og,
                (BinaryOps.Kind.Sub, false) => og,
                (BinaryOps.Kind.Sub, true) => -og,
                (BinaryOps.Kind.Mul, _) => og * s,
                (BinaryOps.Kind.Div, false) => og / s,
                (BinaryOps.Kind.Div, true) => -og * y / x,
                (BinaryOps.Kind.Mod, false) => og,
                (BinaryOps.Kind.Mod, true) => -og * Nd.Floor(s / x),
                (BinaryOps.Kind.Power, false) => og * Nd.Power(x, s - 1) * s,
                (BinaryOps.Kind.Power, true) => og * y * Math.Log(s),
                (BinaryOps.Kind.Maximum, _) => og * Nd.GreaterEqual(x, s),
                (BinaryOps.Kind.Minimum, _) => og * Nd.LesserEqual(x, s),
                (BinaryOps.Kind.Hypot, _) => og * x / y,
                _ => null,
            };
            return [r];
        }
    }
}
