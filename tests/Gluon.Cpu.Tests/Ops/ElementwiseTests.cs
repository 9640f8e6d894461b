namespace Gluon.Tests.Ops;

public class ElementwiseTests
{
    public static readonly int[] Sizes = [0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 100, 257];

    public static TheoryData<string, int> UnaryCases()
    {
        var d = new TheoryData<string, int>();
        foreach (var name in UnaryRef.Keys) foreach (int n in new[] { 0, 1, 17, 33, 100 }) d.Add(name, n);
        return d;
    }

    private static readonly Dictionary<string, (Func<double, double> F, double Lo, double Hi, bool Diff)> UnaryRef = new()
    {
        ["negative"] = (x => -x, -2, 2, true),
        ["abs"] = (Math.Abs, -2, 2, true),
        ["sign"] = (x => Math.Sign(x), -2, 2, false),
        ["square"] = (x => x * x, -2, 2, true),
        ["sqrt"] = (Math.Sqrt, 0.1, 3, true),
        ["rsqrt"] = (x => 1 / Math.Sqrt(x), 0.1, 3, true),
        ["cbrt"] = (Math.Cbrt, 0.1, 3, true),
        ["rcbrt"] = (x => 1 / Math.Cbrt(x), 0.1, 3, true),
        ["exp"] = (Math.Exp, -2, 2, true),
        ["expm1"] = (x => Math.Exp(x) - 1, -2, 2, true),
        ["log"] = (Math.Log, 0.1, 3, true),
        ["log1p"] = (x => Math.Log(1 + x), -0.5, 3, true),
        ["log2"] = (Math.Log2, 0.1, 3, true),
        ["log10"] = (Math.Log10, 0.1, 3, true),
        ["sin"] = (Math.Sin, -3, 3, true),
        ["cos"] = (Math.Cos, -3, 3, true),
        ["tan"] = (Math.Tan, -1, 1, true),
        ["arcsin"] = (Math.Asin, -0.9, 0.9, true),
        ["arccos"] = (Math.Acos, -0.9, 0.9, true),
        ["arctan"] = (Math.Atan, -3, 3, true),
        ["sinh"] = (Math.Sinh, -2, 2, true),
        ["cosh"] = (Math.Cosh, -2, 2, true),
        ["tanh"] = (Math.Tanh, -2, 2, true),
        ["arcsinh"] = (Math.Asinh, -2, 2, true),
        ["arccosh"] = (Math.Acosh, 1.1, 3, true),
        ["arctanh"] = (Math.Atanh, -0.9, 0.9, true),
        ["sigmoid"] = (x => 1 / (1 + Math.Exp(-x)), -4, 4, true),
        ["relu"] = (x => Math.Max(x, 0), -2, 2, true),
        ["softsign"] = (x => x / (1 + Math.Abs(x)), -2, 2, true),
        ["erf"] = (ErfRef, -2.5, 2.5, true),
        ["floor"] = (Math.Floor, -3, 3, false),
        ["ceil"] = (Math.Ceiling, -3, 3, false),
        ["round"] = (x => Math.Round(x, MidpointRounding.AwayFromZero), -3, 3, false),
        ["rint"] = (x => Math.Round(x, MidpointRounding.ToEven), -3, 3, false),
        ["trunc"] = (Math.Truncate, -3, 3, false),
        ["fix"] = (Math.Truncate, -3, 3, false),
        ["reciprocal"] = (x => 1 / x, 0.5, 3, true),
        ["degrees"] = (x => x * 180 / Math.PI, -3, 3, true),
        ["radians"] = (x => x * Math.PI / 180, -3, 3, true),
        ["logical_not"] = (x => x == 0 ? 1 : 0, -1, 1, false),
    };

    // erf by its Taylor series (slow, accurate) as an independent reference.
    private static double ErfRef(double x)
    {
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void UnaryForwardMatchesReference(string op, int n)
    {
        var (f, lo, hi, _) = UnaryRef[op];
        var v = Check.Rand(n, n, lo, hi);
        var expected = v.Select(f).ToArray();
        var x64 = Nd.Array<double>(v);
        Check.Close(Gluon.Ops.Imperative.Invoke1(op, null, x64), expected, 1e-12, 1e-12, op);
        var x32 = x64.AsType(DType.Float32);
        Check.Close(Gluon.Ops.Imperative.Invoke1(op, null, x32), expected, 2e-6, 2e-6, op + " float32");
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void UnaryGradientMatchesFiniteDifferences(string op, int n)
    {
        var (_, lo, hi, diff) = UnaryRef[op];
        var x = Nd.Array<double>(Check.Rand(n, n + 1, lo, hi));
        if (diff)
            Check.NumericGradient(a => Gluon.Ops.Imperative.Invoke1(op, null, a[0]), [x]);
        else
        {
            // Piecewise-constant ops have zero gradient.
            x.AttachGrad();
            NDArray y;
            using (Autograd.Record()) y = Gluon.Ops.Imperative.Invoke1(op, null, x);
            y.Backward();
            Assert.All(x.Grad!.ToArray<double>(), g => Assert.Equal(0.0, g));
        }
    }

    private static readonly Dictionary<string, Func<double, double, double>> BinaryRef = new()
    {
        ["add"] = (a, b) => a + b,
        ["sub"] = (a, b) => a - b,
        ["mul"] = (a, b) => a * b,
        ["div"] = (a, b) => a / b,
        ["mod"] = (a, b) => b == 0 ? 0 : a - Math.Floor(a / b) * b,
        ["power"] = Math.Pow,
        ["maximum"] = Math.Max,
        ["minimum"] = Math.Min,
        ["hypot"] = (a, b) => Math.Sqrt(a * a + b * b),
        ["equal"] = (a, b) => a == b ? 1 : 0,
        ["not_equal"] = (a, b) => a != b ? 1 : 0,
        ["greater"] = (a, b) => a > b ? 1 : 0,
        ["greater_equal"] = (a, b) => a >= b ? 1 : 0,
        ["lesser"] = (a, b) => a < b ? 1 : 0,
        ["lesser_equal"] = (a, b) => a <= b ? 1 : 0,
        ["logical_and"] = (a, b) => a != 0 && b != 0 ? 1 : 0,
        ["logical_or"] = (a, b) => a != 0 || b != 0 ? 1 : 0,
        ["logical_xor"] = (a, b) => (a != 0) != (b != 0) ? 1 : 0,
    };

    private static readonly (int[] A, int[] B)[] BroadcastShapes =
    [
        ([0], [0]), ([1], [1]), ([17], [17]), ([2, 3], [2, 3]), ([4, 33], [1, 33]), ([4, 33], [4, 1]),
        ([3, 1, 5], [1, 4, 5]), ([2, 3, 4], [4]), ([5], [3, 1]), ([2, 1, 3, 1], [1, 4, 1, 6]), ([3, 4], [1]), ([4, 5, 1], [4, 1, 1]), ([1, 3, 1], [2, 1, 1]),
    ];

    public static TheoryData<string, int> BinaryCases()
    {
        var d = new TheoryData<string, int>();
        foreach (var k in BinaryRef.Keys) for (int i = 0; i < BroadcastShapes.Length; i++) d.Add(k, i);
        return d;
    }

    private static double[] RefBroadcast(Func<double, double, double> f, double[] a, Shape sa, double[] b, Shape sb, Shape so)
    {
        var r = new double[so.Size];
        int rank = so.Rank;
        var idx = new int[rank];
        for (int i = 0; i < so.Size; i++)
        {
            int rem = i;
            for (int d = rank - 1; d >= 0; d--) { idx[d] = rem % so[d]; rem /= so[d]; }
            r[i] = f(a[Index(idx, sa)], b[Index(idx, sb)]);
        }
        return r;
    }

    private static int Index(int[] idx, Shape s)
    {
        int off = 0, pad = idx.Length - s.Rank;
        for (int d = 0; d < s.Rank; d++) off = off * s[d] + (s[d] == 1 ? 0 : idx[d + pad]);
        return off;
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BroadcastBinaryMatchesReference(string op, int shapeCase)
    {
        var (sa, sb) = BroadcastShapes[shapeCase];
        var shA = new Shape(sa); var shB = new Shape(sb);
        bool positive = op is "power" or "div" or "mod";
        var a = Check.Rand(shA.Size, 1, positive ? 0.5 : -2, 2);
        var b = Check.Rand(shB.Size, 2, positive ? 0.5 : -2, 2);
        if (op.Contains("equal") || op.StartsWith("logical"))
        {
            // Exercise equal values and zeros.
            for (int i = 0; i < a.Length; i++) a[i] = Math.Round(a[i]);
            for (int i = 0; i < b.Length; i++) b[i] = Math.Round(b[i]);
        }
        var xa = Nd.Array<double>(a, shA);
        var xb = Nd.Array<double>(b, shB);
        var y = Gluon.Ops.Imperative.Invoke1("broadcast_" + op, null, xa, xb);
        var so = Gluon.Ops.Definitions.Broadcasting.Shape(op, shA, shB);
        Assert.Equal(so, y.Shape);
        var expected = RefBroadcast(BinaryRef[op], a, shA, b, shB, so);
        Check.Close(y, expected, 1e-12, 1e-12, op);
        var y32 = Gluon.Ops.Imperative.Invoke1("broadcast_" + op, null, xa.AsType(DType.Float32), xb.AsType(DType.Float32));
        Check.Close(y32, RefBroadcast(BinaryRef[op], a.Select(v => (double)(float)v).ToArray(), shA, b.Select(v => (double)(float)v).ToArray(), shB, so), 1e-5, 1e-5, op + " float32");
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BroadcastBinaryGradient(string op, int shapeCase)
    {
        if (op.Contains("equal") || op.Contains("greater") || op.Contains("lesser") || op.StartsWith("logical")) return;
        var (sa, sb) = BroadcastShapes[shapeCase];
        bool positive = op is "power" or "div" or "mod" or "hypot";
        var xa = Check.RandArray(new Shape(sa), 3, positive ? 0.5 : -2, 2);
        var xb = Check.RandArray(new Shape(sb), 4, positive ? 0.6 : -2, 2.1);
        Check.NumericGradient(x => Gluon.Ops.Imperative.Invoke1("broadcast_" + op, null, x[0], x[1]), [xa, xb], atol: 1e-5);
    }

    [Fact]
    public void ElemwiseOpsRejectDifferentShapes()
    {
        var a = Nd.Zeros(2, 3);
        var b = Nd.Zeros(3, 2);
        Check.Throws<ArgumentException>(() => Gluon.Ops.Imperative.Invoke1("elemwise_add", null, a, b), "elemwise_add", "(2, 3)", "(3, 2)");
        Check.Throws<ArgumentException>(() => _ = a + b, "broadcast_add", "(2, 3)", "(3, 2)");
        Check.Throws<ArgumentException>(() => _ = a + Nd.Zeros(new Shape(2, 3), DType.Float64), "broadcast_add", "float32", "float64");
    }

    [Theory]
    [InlineData("_plus_scalar", false)]
    [InlineData("_minus_scalar", false)]
    [InlineData("_rminus_scalar", true)]
    [InlineData("_mul_scalar", false)]
    [InlineData("_div_scalar", false)]
    [InlineData("_rdiv_scalar", true)]
    [InlineData("_mod_scalar", false)]
    [InlineData("_rmod_scalar", true)]
    [InlineData("_power_scalar", false)]
    [InlineData("_rpower_scalar", true)]
    [InlineData("_maximum_scalar", false)]
    [InlineData("_minimum_scalar", false)]
    [InlineData("_hypot_scalar", false)]
    [InlineData("_equal_scalar", false)]
    [InlineData("_greater_scalar", false)]
    [InlineData("_lesser_equal_scalar", false)]
    [InlineData("_logical_xor_scalar", false)]
    public void ScalarOpsMatchReferenceAndGradient(string op, bool reversed)
    {
        string baseName = op.TrimStart('_').Replace("_scalar", "");
        if (reversed) baseName = baseName[1..];
        var f = BinaryRef[baseName switch { "plus" => "add", "minus" => "sub", _ => baseName }];
        const double s = 1.5;
        foreach (int n in Sizes)
        {
            var v = Check.Rand(n, n, 0.3, 3);
            if (op.Contains("equal")) v = v.Select(t => Math.Round(t)).ToArray();
            var y = Gluon.Ops.Imperative.Invoke1(op, new Gluon.Ops.OpAttrs { { "scalar", s } }, Nd.Array<double>(v));
            Check.Close(y, v.Select(x => reversed ? f(s, x) : f(x, s)).ToArray(), 1e-12, 1e-12, op);
        }
        if (!op.Contains("equal") && !op.Contains("greater") && !op.Contains("lesser") && !op.Contains("logical"))
            Check.NumericGradient(x => Gluon.Ops.Imperative.Invoke1(op, new Gluon.Ops.OpAttrs { { "scalar", s } }, x[0]),
                [Check.RandArray(new Shape(3, 5), 7, 0.3, 3)]);
    }

    [Fact]
    public void OperatorsMapToMXNetOps()
    {
        var a = Nd.Array(new float[,] { { 1, 2 }, { 3, 4 } });
        var b = Nd.Array(new float[] { 10, 20 });
        Check.Close(a + b, [11, 22, 13, 24]);
        Check.Close(a - 1, [0, 1, 2, 3]);
        Check.Close(1 - a, [0, -1, -2, -3]);
        Check.Close(a * b, [10, 40, 30, 80]);
        Check.Close(2 / a, [2, 1, 2.0 / 3, 0.5], 1e-6);
        Check.Close(-a, [-1, -2, -3, -4]);
        Check.Close(a > 2, [0, 0, 1, 1]);
        Check.Close(a <= b, [1, 1, 1, 1]);
        Check.Close(a % 3, [1, 2, 0, 1]);
        Check.Close(Nd.Equal(a, 2), [0, 1, 0, 0]);
    }

    [Fact]
    public void LargeArraysUseTheParallelPathCorrectly()
    {
        int n = (1 << 17) + 3;
        var v = Check.Rand(n, 5);
        var x = Nd.Array<double>(v).AsType(DType.Float32);
        var y = Nd.Exp(x) + x * 2.0;
        var got = y.ToArray<float>();
        for (int i = 0; i < n; i += 997) Assert.Equal(Math.Exp((float)v[i]) + 2 * (float)v[i], got[i], 4);
        var row = Nd.Array<double>(Check.Rand(1000, 6)).AsType(DType.Float32);
        var m = Nd.Array<double>(Check.Rand(300 * 1000, 7), new Shape(300, 1000)).AsType(DType.Float32);
        var s = (m + row).ToArray<float>();
        var mv = m.ToArray<float>(); var rv = row.ToArray<float>();
        for (int i = 0; i < s.Length; i += 1013) Assert.Equal(mv[i] + rv[i % 1000], s[i]);
    }
}
