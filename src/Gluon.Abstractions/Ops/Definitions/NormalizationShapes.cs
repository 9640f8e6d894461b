namespace Gluon.Ops.Definitions;

/// <summary>
/// Shared pieces of the normalization ops (BatchNorm, LayerNorm, InstanceNorm, GroupNorm,
/// L2Normalization): parameter dtype checks, shape checks, and gradient building blocks written
/// with ops over 3-D views (outer, reduced, inner) so every reduction is over one axis.
/// </summary>
internal static class NormalizationShapes
{
    /// <summary>
    /// The dtype of the parameter inputs (1..n): all equal to the data dtype, or float32 when the
    /// data is float16/bfloat16 (MXNet's mixed-precision rule).
    /// </summary>
    /// <exception cref="ArgumentException">A parameter's dtype does not fit the data (names the op and the input).</exception>
    public static DType ParamType(string op, IReadOnlyList<string> names, DType[] inputs)
    {
        var data = inputs[0];
        if (inputs.Length < 2) return data;
        var pt = inputs[1];
        bool ok = pt == data || (pt == DType.Float32 && data is DType.Float16 or DType.BFloat16);
        for (int i = 1; i < inputs.Length && ok; i++) ok = inputs[i] == pt;
        if (!ok)
        {
            var parts = new string[inputs.Length];
            for (int i = 0; i < inputs.Length; i++) parts[i] = $"{names[i]} {inputs[i].Name()}";
            throw new ArgumentException($"{op}: input dtypes do not match ({string.Join(", ", parts)}); parameters must have the data's dtype (or float32 for float16/bfloat16 data)");
        }
        return pt;
    }

    /// <summary>Checks that <paramref name="actual"/> is <paramref name="expected"/>, naming the op, the input and the data shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static void Expect(string op, string input, Shape actual, Shape expected, Shape data)
    {
        if (actual != expected)
            throw new ArgumentException($"{op}: input '{input}' has shape {actual}, expected {expected} for data {data}");
    }

    /// <summary>Checks that <paramref name="data"/> has at least <paramref name="rank"/> dims (N, C, spatial...).</summary>
    /// <exception cref="ArgumentException">The rank is too small.</exception>
    public static void ExpectRank(string op, Shape data, int rank, string layout)
    {
        if (data.Rank < rank)
            throw new ArgumentException($"{op}: data must have at least {rank} dims ({layout}), got {data}");
    }

    // Views drop a trailing inner size of 1: (O, R) rather than (O, R, 1), which keeps the
    // broadcasts in the gradients on the binary driver's row-broadcast fast path.

    /// <summary>The (O, R, I) view of the data, or (O, R) when I is 1.</summary>
    public static Shape View(int o, int r, int i) => i == 1 ? new Shape(o, r) : new Shape(o, r, i);

    /// <summary>The statistics' view (O, 1, I), or (O, 1) when I is 1.</summary>
    public static Shape StatView(int o, int i) => i == 1 ? new Shape(o, 1) : new Shape(o, 1, i);

    /// <summary>A per-R parameter's view (1, R, 1), or (1, R) when I is 1.</summary>
    public static Shape ParamView(int r, int i) => i == 1 ? new Shape(1, r) : new Shape(1, r, 1);

    /// <summary>Sums a <see cref="View"/>-shaped array over every axis but 1, keeping dims.</summary>
    public static NDArray SumOuterInner(NDArray v) =>
        v.NDim == 2 ? Nd.Sum(v, [0], keepDims: true) : Nd.Sum(Nd.Sum(v, [2], keepDims: true), [0], keepDims: true);

    /// <summary>Sums an (O, R, I) or (O, R) array over axis 1, keeping it.</summary>
    public static NDArray SumMiddle(NDArray v) => Nd.Sum(v, [1], keepDims: true);

    /// <summary>
    /// The gradient of x̂ = (x − μ)/σ (μ, σ over axis 1 of an (O, R, I) view, σ² = var + eps) given
    /// ∂L/∂x̂: (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/σ, with the means over the R reduced elements.
    /// </summary>
    public static NDArray CenteredScaleBackward(NDArray dxhat, NDArray xhat, NDArray std, int r) =>
        (dxhat - SumMiddle(dxhat) / r - xhat * (SumMiddle(dxhat * xhat) / r)) / std;

    /// <summary>Reshapes <paramref name="v"/> unless it already has <paramref name="shape"/>.</summary>
    public static NDArray As(NDArray v, Shape shape) => v.Shape == shape ? v : Nd.ReshapeTo(v, shape);
}
