using Gluon.Ops;

namespace Gluon;

public static partial class Nd
{
    /// <summary>Elementwise -x (<c>nd.negative</c>).</summary>
    public static NDArray Negative(NDArray x) => Op("negative", null, x);

    /// <summary>Elementwise |x| (<c>nd.abs</c>).</summary>
    public static NDArray Abs(NDArray x) => Op("abs", null, x);

    /// <summary>Elementwise sign(x) (<c>nd.sign</c>).</summary>
    public static NDArray Sign(NDArray x) => Op("sign", null, x);

    /// <summary>Elementwise x² (<c>nd.square</c>).</summary>
    public static NDArray Square(NDArray x) => Op("square", null, x);

    /// <summary>Elementwise √x (<c>nd.sqrt</c>).</summary>
    public static NDArray Sqrt(NDArray x) => Op("sqrt", null, x);

    /// <summary>Elementwise 1/√x (<c>nd.rsqrt</c>).</summary>
    public static NDArray Rsqrt(NDArray x) => Op("rsqrt", null, x);

    /// <summary>Elementwise ∛x (<c>nd.cbrt</c>).</summary>
    public static NDArray Cbrt(NDArray x) => Op("cbrt", null, x);

    /// <summary>Elementwise 1/∛x (<c>nd.rcbrt</c>).</summary>
    public static NDArray Rcbrt(NDArray x) => Op("rcbrt", null, x);

    /// <summary>Elementwise eˣ (<c>nd.exp</c>).</summary>
    public static NDArray Exp(NDArray x) => Op("exp", null, x);

    /// <summary>Elementwise eˣ − 1 (<c>nd.expm1</c>).</summary>
    public static NDArray Expm1(NDArray x) => Op("expm1", null, x);

    /// <summary>Elementwise ln x (<c>nd.log</c>).</summary>
    public static NDArray Log(NDArray x) => Op("log", null, x);

    /// <summary>Elementwise ln(1 + x) (<c>nd.log1p</c>).</summary>
    public static NDArray Log1p(NDArray x) => Op("log1p", null, x);

    /// <summary>Elementwise log₂ x (<c>nd.log2</c>).</summary>
    public static NDArray Log2(NDArray x) => Op("log2", null, x);

    /// <summary>Elementwise log₁₀ x (<c>nd.log10</c>).</summary>
    public static NDArray Log10(NDArray x) => Op("log10", null, x);

    /// <summary>Elementwise sin x (<c>nd.sin</c>).</summary>
    public static NDArray Sin(NDArray x) => Op("sin", null, x);

    /// <summary>Elementwise cos x (<c>nd.cos</c>).</summary>
    public static NDArray Cos(NDArray x) => Op("cos", null, x);

    /// <summary>Elementwise tan x (<c>nd.tan</c>).</summary>
    public static NDArray Tan(NDArray x) => Op("tan", null, x);

    /// <summary>Elementwise asin x (<c>nd.arcsin</c>).</summary>
    public static NDArray Arcsin(NDArray x) => Op("arcsin", null, x);

    /// <summary>Elementwise acos x (<c>nd.arccos</c>).</summary>
    public static NDArray Arccos(NDArray x) => Op("arccos", null, x);

    /// <summary>Elementwise atan x (<c>nd.arctan</c>).</summary>
    public static NDArray Arctan(NDArray x) => Op("arctan", null, x);

    /// <summary>Elementwise sinh x (<c>nd.sinh</c>).</summary>
    public static NDArray Sinh(NDArray x) => Op("sinh", null, x);

    /// <summary>Elementwise cosh x (<c>nd.cosh</c>).</summary>
    public static NDArray Cosh(NDArray x) => Op("cosh", null, x);

    /// <summary>Elementwise tanh x (<c>nd.tanh</c>).</summary>
    public static NDArray Tanh(NDArray x) => Op("tanh", null, x);

    /// <summary>Elementwise asinh x (<c>nd.arcsinh</c>).</summary>
    public static NDArray Arcsinh(NDArray x) => Op("arcsinh", null, x);

    /// <summary>Elementwise acosh x (<c>nd.arccosh</c>).</summary>
    public static NDArray Arccosh(NDArray x) => Op("arccosh", null, x);

    /// <summary>Elementwise atanh x (<c>nd.arctanh</c>).</summary>
    public static NDArray Arctanh(NDArray x) => Op("arctanh", null, x);

    /// <summary>Elementwise 1/(1 + e⁻ˣ) (<c>nd.sigmoid</c>).</summary>
    public static NDArray Sigmoid(NDArray x) => Op("sigmoid", null, x);

    /// <summary>Elementwise max(x, 0) (<c>nd.relu</c>).</summary>
    public static NDArray Relu(NDArray x) => Op("relu", null, x);

    /// <summary>Elementwise x/(1 + |x|) (<c>nd.softsign</c>).</summary>
    public static NDArray Softsign(NDArray x) => Op("softsign", null, x);

    /// <summary>Elementwise the error function (<c>nd.erf</c>).</summary>
    public static NDArray Erf(NDArray x) => Op("erf", null, x);

    /// <summary>Elementwise ⌊x⌋ (<c>nd.floor</c>).</summary>
    public static NDArray Floor(NDArray x) => Op("floor", null, x);

    /// <summary>Elementwise ⌈x⌉ (<c>nd.ceil</c>).</summary>
    public static NDArray Ceil(NDArray x) => Op("ceil", null, x);

    /// <summary>Elementwise x rounded half away from zero (<c>nd.round</c>).</summary>
    public static NDArray Round(NDArray x) => Op("round", null, x);

    /// <summary>Elementwise x rounded half to even (<c>nd.rint</c>).</summary>
    public static NDArray Rint(NDArray x) => Op("rint", null, x);

    /// <summary>Elementwise x rounded toward zero (<c>nd.trunc</c>).</summary>
    public static NDArray Trunc(NDArray x) => Op("trunc", null, x);

    /// <summary>Elementwise x rounded toward zero (<c>nd.fix</c>).</summary>
    public static NDArray Fix(NDArray x) => Op("fix", null, x);

    /// <summary>Elementwise 1/x (<c>nd.reciprocal</c>).</summary>
    public static NDArray Reciprocal(NDArray x) => Op("reciprocal", null, x);

    /// <summary>Elementwise x in degrees (<c>nd.degrees</c>).</summary>
    public static NDArray Degrees(NDArray x) => Op("degrees", null, x);

    /// <summary>Elementwise x in radians (<c>nd.radians</c>).</summary>
    public static NDArray Radians(NDArray x) => Op("radians", null, x);

    /// <summary>Elementwise 1 where x == 0, else 0 (<c>nd.logical_not</c>).</summary>
    public static NDArray LogicalNot(NDArray x) => Op("logical_not", null, x);

    /// <summary>Elementwise a + b with numpy broadcasting (<c>nd.broadcast_add</c>).</summary>
    public static NDArray Add(NDArray a, NDArray b) => Op("broadcast_add", null, a, b);

    /// <summary>Elementwise a + b with a scalar b (<c>_plus_scalar</c>).</summary>
    public static NDArray Add(NDArray a, double b) => Scalar("_plus_scalar", a, b);

    /// <summary>Elementwise a + b with a scalar a (<c>_plus_scalar</c>).</summary>
    public static NDArray Add(double a, NDArray b) => Scalar("_plus_scalar", b, a);

    /// <summary>Elementwise a − b with numpy broadcasting (<c>nd.broadcast_sub</c>).</summary>
    public static NDArray Subtract(NDArray a, NDArray b) => Op("broadcast_sub", null, a, b);

    /// <summary>Elementwise a − b with a scalar b (<c>_minus_scalar</c>).</summary>
    public static NDArray Subtract(NDArray a, double b) => Scalar("_minus_scalar", a, b);

    /// <summary>Elementwise a − b with a scalar a (<c>_rminus_scalar</c>).</summary>
    public static NDArray Subtract(double a, NDArray b) => Scalar("_rminus_scalar", b, a);

    /// <summary>Elementwise a · b with numpy broadcasting (<c>nd.broadcast_mul</c>).</summary>
    public static NDArray Multiply(NDArray a, NDArray b) => Op("broadcast_mul", null, a, b);

    /// <summary>Elementwise a · b with a scalar b (<c>_mul_scalar</c>).</summary>
    public static NDArray Multiply(NDArray a, double b) => Scalar("_mul_scalar", a, b);

    /// <summary>Elementwise a · b with a scalar a (<c>_mul_scalar</c>).</summary>
    public static NDArray Multiply(double a, NDArray b) => Scalar("_mul_scalar", b, a);

    /// <summary>Elementwise a / b with numpy broadcasting (<c>nd.broadcast_div</c>).</summary>
    public static NDArray Divide(NDArray a, NDArray b) => Op("broadcast_div", null, a, b);

    /// <summary>Elementwise a / b with a scalar b (<c>_div_scalar</c>).</summary>
    public static NDArray Divide(NDArray a, double b) => Scalar("_div_scalar", a, b);

    /// <summary>Elementwise a / b with a scalar a (<c>_rdiv_scalar</c>).</summary>
    public static NDArray Divide(double a, NDArray b) => Scalar("_rdiv_scalar", b, a);

    /// <summary>Elementwise a mod b (sign of b) with numpy broadcasting (<c>nd.broadcast_mod</c>).</summary>
    public static NDArray Mod(NDArray a, NDArray b) => Op("broadcast_mod", null, a, b);

    /// <summary>Elementwise a mod b (sign of b) with a scalar b (<c>_mod_scalar</c>).</summary>
    public static NDArray Mod(NDArray a, double b) => Scalar("_mod_scalar", a, b);

    /// <summary>Elementwise a mod b (sign of b) with a scalar a (<c>_rmod_scalar</c>).</summary>
    public static NDArray Mod(double a, NDArray b) => Scalar("_rmod_scalar", b, a);

    /// <summary>Elementwise aᵇ with numpy broadcasting (<c>nd.broadcast_power</c>).</summary>
    public static NDArray Power(NDArray a, NDArray b) => Op("broadcast_power", null, a, b);

    /// <summary>Elementwise aᵇ with a scalar b (<c>_power_scalar</c>).</summary>
    public static NDArray Power(NDArray a, double b) => Scalar("_power_scalar", a, b);

    /// <summary>Elementwise aᵇ with a scalar a (<c>_rpower_scalar</c>).</summary>
    public static NDArray Power(double a, NDArray b) => Scalar("_rpower_scalar", b, a);

    /// <summary>Elementwise max(a, b) with numpy broadcasting (<c>nd.broadcast_maximum</c>).</summary>
    public static NDArray Maximum(NDArray a, NDArray b) => Op("broadcast_maximum", null, a, b);

    /// <summary>Elementwise max(a, b) with a scalar b (<c>_maximum_scalar</c>).</summary>
    public static NDArray Maximum(NDArray a, double b) => Scalar("_maximum_scalar", a, b);

    /// <summary>Elementwise max(a, b) with a scalar a (<c>_maximum_scalar</c>).</summary>
    public static NDArray Maximum(double a, NDArray b) => Scalar("_maximum_scalar", b, a);

    /// <summary>Elementwise min(a, b) with numpy broadcasting (<c>nd.broadcast_minimum</c>).</summary>
    public static NDArray Minimum(NDArray a, NDArray b) => Op("broadcast_minimum", null, a, b);

    /// <summary>Elementwise min(a, b) with a scalar b (<c>_minimum_scalar</c>).</summary>
    public static NDArray Minimum(NDArray a, double b) => Scalar("_minimum_scalar", a, b);

    /// <summary>Elementwise min(a, b) with a scalar a (<c>_minimum_scalar</c>).</summary>
    public static NDArray Minimum(double a, NDArray b) => Scalar("_minimum_scalar", b, a);

    /// <summary>Elementwise √(a² + b²) with numpy broadcasting (<c>nd.broadcast_hypot</c>).</summary>
    public static NDArray Hypot(NDArray a, NDArray b) => Op("broadcast_hypot", null, a, b);

    /// <summary>Elementwise √(a² + b²) with a scalar b (<c>_hypot_scalar</c>).</summary>
    public static NDArray Hypot(NDArray a, double b) => Scalar("_hypot_scalar", a, b);

    /// <summary>Elementwise √(a² + b²) with a scalar a (<c>_hypot_scalar</c>).</summary>
    public static NDArray Hypot(double a, NDArray b) => Scalar("_hypot_scalar", b, a);

    /// <summary>Elementwise 1 where a == b else 0 with numpy broadcasting (<c>nd.broadcast_equal</c>).</summary>
    public static NDArray Equal(NDArray a, NDArray b) => Op("broadcast_equal", null, a, b);

    /// <summary>Elementwise 1 where a == b else 0 with a scalar b (<c>_equal_scalar</c>).</summary>
    public static NDArray Equal(NDArray a, double b) => Scalar("_equal_scalar", a, b);

    /// <summary>Elementwise 1 where a == b else 0 with a scalar a (<c>_equal_scalar</c>).</summary>
    public static NDArray Equal(double a, NDArray b) => Scalar("_equal_scalar", b, a);

    /// <summary>Elementwise 1 where a != b else 0 with numpy broadcasting (<c>nd.broadcast_not_equal</c>).</summary>
    public static NDArray NotEqual(NDArray a, NDArray b) => Op("broadcast_not_equal", null, a, b);

    /// <summary>Elementwise 1 where a != b else 0 with a scalar b (<c>_not_equal_scalar</c>).</summary>
    public static NDArray NotEqual(NDArray a, double b) => Scalar("_not_equal_scalar", a, b);

    /// <summary>Elementwise 1 where a != b else 0 with a scalar a (<c>_not_equal_scalar</c>).</summary>
    public static NDArray NotEqual(double a, NDArray b) => Scalar("_not_equal_scalar", b, a);

    /// <summary>Elementwise 1 where a &gt; b else 0 with numpy broadcasting (<c>nd.broadcast_greater</c>).</summary>
    public static NDArray Greater(NDArray a, NDArray b) => Op("broadcast_greater", null, a, b);

    /// <summary>Elementwise 1 where a &gt; b else 0 with a scalar b (<c>_greater_scalar</c>).</summary>
    public static NDArray Greater(NDArray a, double b) => Scalar("_greater_scalar", a, b);

    /// <summary>Elementwise 1 where a &gt; b else 0 with a scalar a (<c>_lesser_scalar</c>).</summary>
    public static NDArray Greater(double a, NDArray b) => Scalar("_lesser_scalar", b, a);

    /// <summary>Elementwise 1 where a &gt;= b else 0 with numpy broadcasting (<c>nd.broadcast_greater_equal</c>).</summary>
    public static NDArray GreaterEqual(NDArray a, NDArray b) => Op("broadcast_greater_equal", null, a, b);

    /// <summary>Elementwise 1 where a &gt;= b else 0 with a scalar b (<c>_greater_equal_scalar</c>).</summary>
    public static NDArray GreaterEqual(NDArray a, double b) => Scalar("_greater_equal_scalar", a, b);

    /// <summary>Elementwise 1 where a &gt;= b else 0 with a scalar a (<c>_lesser_equal_scalar</c>).</summary>
    public static NDArray GreaterEqual(double a, NDArray b) => Scalar("_lesser_equal_scalar", b, a);

    /// <summary>Elementwise 1 where a &lt; b else 0 with numpy broadcasting (<c>nd.broadcast_lesser</c>).</summary>
    public static NDArray Lesser(NDArray a, NDArray b) => Op("broadcast_lesser", null, a, b);

    /// <summary>Elementwise 1 where a &lt; b else 0 with a scalar b (<c>_lesser_scalar</c>).</summary>
    public static NDArray Lesser(NDArray a, double b) => Scalar("_lesser_scalar", a, b);

    /// <summary>Elementwise 1 where a &lt; b else 0 with a scalar a (<c>_greater_scalar</c>).</summary>
    public static NDArray Lesser(double a, NDArray b) => Scalar("_greater_scalar", b, a);

    /// <summary>Elementwise 1 where a &lt;= b else 0 with numpy broadcasting (<c>nd.broadcast_lesser_equal</c>).</summary>
    public static NDArray LesserEqual(NDArray a, NDArray b) => Op("broadcast_lesser_equal", null, a, b);

    /// <summary>Elementwise 1 where a &lt;= b else 0 with a scalar b (<c>_lesser_equal_scalar</c>).</summary>
    public static NDArray LesserEqual(NDArray a, double b) => Scalar("_lesser_equal_scalar", a, b);

    /// <summary>Elementwise 1 where a &lt;= b else 0 with a scalar a (<c>_greater_equal_scalar</c>).</summary>
    public static NDArray LesserEqual(double a, NDArray b) => Scalar("_greater_equal_scalar", b, a);

    /// <summary>Elementwise 1 where a and b are non-zero with numpy broadcasting (<c>nd.broadcast_logical_and</c>).</summary>
    public static NDArray LogicalAnd(NDArray a, NDArray b) => Op("broadcast_logical_and", null, a, b);

    /// <summary>Elementwise 1 where a and b are non-zero with a scalar b (<c>_logical_and_scalar</c>).</summary>
    public static NDArray LogicalAnd(NDArray a, double b) => Scalar("_logical_and_scalar", a, b);

    /// <summary>Elementwise 1 where a and b are non-zero with a scalar a (<c>_logical_and_scalar</c>).</summary>
    public static NDArray LogicalAnd(double a, NDArray b) => Scalar("_logical_and_scalar", b, a);

    /// <summary>Elementwise 1 where a or b is non-zero with numpy broadcasting (<c>nd.broadcast_logical_or</c>).</summary>
    public static NDArray LogicalOr(NDArray a, NDArray b) => Op("broadcast_logical_or", null, a, b);

    /// <summary>Elementwise 1 where a or b is non-zero with a scalar b (<c>_logical_or_scalar</c>).</summary>
    public static NDArray LogicalOr(NDArray a, double b) => Scalar("_logical_or_scalar", a, b);

    /// <summary>Elementwise 1 where a or b is non-zero with a scalar a (<c>_logical_or_scalar</c>).</summary>
    public static NDArray LogicalOr(double a, NDArray b) => Scalar("_logical_or_scalar", b, a);

    /// <summary>Elementwise 1 where exactly one of a, b is non-zero with numpy broadcasting (<c>nd.broadcast_logical_xor</c>).</summary>
    public static NDArray LogicalXor(NDArray a, NDArray b) => Op("broadcast_logical_xor", null, a, b);

    /// <summary>Elementwise 1 where exactly one of a, b is non-zero with a scalar b (<c>_logical_xor_scalar</c>).</summary>
    public static NDArray LogicalXor(NDArray a, double b) => Scalar("_logical_xor_scalar", a, b);

    /// <summary>Elementwise 1 where exactly one of a, b is non-zero with a scalar a (<c>_logical_xor_scalar</c>).</summary>
    public static NDArray LogicalXor(double a, NDArray b) => Scalar("_logical_xor_scalar", b, a);

    private static NDArray Scalar(string op, NDArray x, double s) => Op(op, ScalarAttrs(op, s), x);

    /// <summary>A recently used scalar op's attributes, already parsed by the dispatcher.</summary>
    private sealed class ScalarEntry(string op, long bits, OpAttrs attrs)
    {
        public readonly string Op = op;
        public readonly long Bits = bits;
        public readonly OpAttrs Attrs = attrs;
    }

    // Direct-mapped cache of (op, scalar) -> attributes: a loop doing x * 2.0 formats and parses
    // "2.0" once instead of on every call. Entries are immutable and replaced whole, so readers
    // on other threads see either an old or a new entry, both valid; each cached attribute set
    // only ever belongs to its one op (see Imperative.NamedOp for why sharing one is safe).
    private static readonly ScalarEntry?[] s_scalarCache = new ScalarEntry?[64];

    private static OpAttrs ScalarAttrs(string op, double s)
    {
        long bits = BitConverter.DoubleToInt64Bits(s);
        ulong h = (ulong)bits ^ ((ulong)bits >> 29) ^ ((ulong)op.Length << 40) ^ ((ulong)op[1] << 48) ^ op[2];
        int slot = (int)((h * 0x9E3779B97F4A7C15UL) >> 58);
        if (Volatile.Read(ref s_scalarCache[slot]) is { } e && e.Bits == bits && (ReferenceEquals(e.Op, op) || e.Op == op))
            return e.Attrs;
        var attrs = new OpAttrs { { "scalar", s }, { "is_int", false } };
        Volatile.Write(ref s_scalarCache[slot], new ScalarEntry(op, bits, attrs));
        return attrs;
    }

    /// <summary>Sum over <paramref name="axis"/> (all axes when null or empty), optionally keeping reduced axes as 1 or reducing every axis not listed (<c>nd.sum</c>).</summary>
    public static NDArray Sum(NDArray x, int[]? axis = null, bool keepDims = false, bool exclude = false) =>
        Op("sum", ReduceAttrs(axis, keepDims, exclude), x);

    /// <summary>Sum over one axis (<c>nd.sum(x, axis=a)</c>).</summary>
    public static NDArray Sum(NDArray x, int axis, bool keepDims = false) => Sum(x, [axis], keepDims);

    /// <summary>The attribute set of a reduction call; null (the op's defaults, parsed once) when nothing is set.</summary>
    internal static OpAttrs? ReduceAttrs(int[]? axis, bool keepDims, bool exclude)
    {
        if (axis is null && !keepDims && !exclude) return null;
        var a = new OpAttrs();
        if (axis is not null) a.Set("axis", axis);
        if (keepDims) a.Set("keepdims", true);
        if (exclude) a.Set("exclude", true);
        return a;
    }
}
