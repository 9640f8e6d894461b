namespace Gluon.Ops.Definitions;

/// <summary>
/// Elementwise math on one array (mx.nd unary functions). Gradients are written with ops in
/// terms of the input x, the output y and the output gradient g.
/// </summary>
public sealed class UnaryOps : IOpProvider
{
    private const double Ln2 = 0.69314718055994530942, Ln10 = 2.30258509299404568402;
    private const double TwoOverSqrtPi = 1.12837916709551257390;

    /// <summary>Names of every op this family defines (the CPU backend attaches a kernel to each).</summary>
    public static IReadOnlyList<string> Names => s_defs.Select(d => d.Name).ToArray();

    private static readonly (string Name, Func<GradientContext, NDArray?>? Grad)[] s_defs =
    [
        ("negative", c => -G(c)),
        ("abs", c => G(c) * Nd.Sign(X(c))),
        ("sign", null),
        ("square", c => G(c) * X(c) * 2.0),
        ("sqrt", c => G(c) / (Y(c) * 2.0)),
        ("rsqrt", c => G(c) * Y(c) * Y(c) * Y(c) * -0.5),
        ("cbrt", c => G(c) / (Y(c) * Y(c) * 3.0)),
        ("rcbrt", c => G(c) * Y(c) / X(c) * (-1.0 / 3.0)),
        ("exp", c => G(c) * Y(c)),
        ("expm1", c => G(c) * (Y(c) + 1.0)),
        ("log", c => G(c) / X(c)),
        ("log1p", c => G(c) / (X(c) + 1.0)),
        ("log2", c => G(c) / (X(c) * Ln2)),
        ("log10", c => G(c) / (X(c) * Ln10)),
        ("sin", c => G(c) * Nd.Cos(X(c))),
        ("cos", c => -G(c) * Nd.Sin(X(c))),
        ("tan", c => G(c) * (Y(c) * Y(c) + 1.0)),
        ("arcsin", c => G(c) * Nd.Rsqrt(1.0 - X(c) * X(c))),
        ("arccos", c => -G(c) * Nd.Rsqrt(1.0 - X(c) * X(c))),
        ("arctan", c => G(c) / (X(c) * X(c) + 1.0)),
        ("sinh", c => G(c) * Nd.Cosh(X(c))),
        ("cosh", c => G(c) * Nd.Sinh(X(c))),
        ("tanh", c => G(c) * (1.0 - Y(c) * Y(c))),
        ("arcsinh", c => G(c) * Nd.Rsqrt(X(c) * X(c) + 1.0)),
        ("arccosh", c => G(c) * Nd.Rsqrt(X(c) * X(c) - 1.0)),
        ("arctanh", c => G(c) / (1.0 - X(c) * X(c))),
        ("sigmoid", c => G(c) * Y(c) * (1.0 - Y(c))),
        ("relu", c => G(c) * Nd.Greater(X(c), 0.0)),
        ("softsign", c => G(c) / Nd.Square(Nd.Abs(X(c)) + 1.0)),
        ("erf", c => G(c) * Nd.Exp(-Nd.Square(X(c))) * TwoOverSqrtPi),
        ("floor", null),
        ("ceil", null),
        ("round", null),
        ("rint", null),
        ("trunc", null),
        ("fix", null),
        ("reciprocal", c => -G(c) * Y(c) * Y(c)),
        ("degrees", c => G(c) * (180.0 / Math.PI)),
        ("radians", c => G(c) * (Math.PI / 180.0)),
        ("logical_not", null),
    ];

    private static NDArray G(GradientContext c) => c.OutGrads[0];
    private static NDArray X(GradientContext c) => c.Inputs[0];
    private static NDArray Y(GradientContext c) => c.Outputs[0];

    /// <inheritdoc/>
    public IEnumerable<OpDef> CreateOps() =>
        s_defs.Select(d => (OpDef)new UnaryOpDef(d.Name, d.Grad ?? (c => null)));
}
