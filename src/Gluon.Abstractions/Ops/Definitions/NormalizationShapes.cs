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

    // ---- shared by the ops with inputs (data, gamma, beta) and outputs (output, mean, var/std) ----

    /// <summary>Output dtypes (data, param, param) after <see cref="ParamType"/> has checked the parameters.</summary>
    /// <exception cref="ArgumentException">A parameter's dtype does not fit the data.</exception>
    public static DType[] AffineTypes(string op, IReadOnlyList<string> names, DType[] inputs)
    {
        var pt = ParamType(op, names, inputs);
        return [inputs[0], pt, pt];
    }

    /// <summary>Checks that gamma (input 1) and beta (input 2) both have shape <paramref name="expected"/>.</summary>
    /// <exception cref="ArgumentException">Either shape differs (names the op, the input and the data shape).</exception>
    public static void ExpectAffine(string op, Shape[] inputs, Shape expected)
    {
        Expect(op, "gamma", inputs[1], expected, inputs[0]);
        Expect(op, "beta", inputs[2], expected, inputs[0]);
    }

    /// <summary>Fills unknown gamma and beta shapes with (C,) from data of shape (N, C, ...).</summary>
    public static Shape?[] ChannelParamShapes(Shape?[] inputs)
    {
        if (inputs[0] is not { Rank: >= 2 } data) return inputs;
        var cs = new Shape(data[1]);
        return [data, inputs[1] ?? cs, inputs[2] ?? cs];
    }

    /// <summary>
    /// Mean and σ = √(var + eps) over axis 1 of <paramref name="x"/> (<paramref name="count"/>
    /// elements each, biased variance). While recording a higher-order graph they are recomputed
    /// with ops, so the graph depends on x alone and not on the hidden outputs; otherwise the saved
    /// hidden outputs are read, viewed as <paramref name="statView"/>. <paramref name="savedIsStd"/>
    /// says whether the second saved output is σ (LayerNorm, GroupNorm) or the variance (InstanceNorm).
    /// </summary>
    public static (NDArray Mean, NDArray Std) MiddleStats(NDArray x, int count, double eps,
        NDArray savedMean, NDArray savedStat, Shape statView, bool savedIsStd)
    {
        if (Autograd.IsRecording)
        {
            var mean = SumMiddle(x) / count;
            return (mean, Nd.Sqrt(SumMiddle(Nd.Square(x - mean)) / count + eps));
        }
        var stat = As(savedStat, statView);
        return (As(savedMean, statView), savedIsStd ? stat : Nd.Sqrt(stat + eps));
    }

    /// <summary>
    /// Gradients (dx, dgamma, dbeta) of a group normalization of data (N, C, S...) with C split into
    /// <paramref name="numGroups"/> groups, statistics per (n, group); null means one group per
    /// channel (InstanceNorm, which then needs no division by the group count when C is 0). With <paramref name="outputMeanVar"/> the visible mean and σ outputs carry
    /// gradients too (∂mean/∂x = 1/K, ∂σ/∂x = x̂/K).
    /// </summary>
    public static NDArray?[] GroupGradient(GradientContext g, int? numGroups, double eps, bool savedIsStd, bool outputMeanVar)
    {
        var x = g.Inputs[0];
        int n = x.Shape[0], c = x.Shape[1], s = x.Shape.SizeOf(2, x.NDim);
        int groups = numGroups ?? c;
        int k = numGroups is null ? s : c / groups * s;
        // Statistics live on the (N·G, K) view; gamma and beta on the (N, C, S) view.
        var rows = new Shape(n * groups, k);
        var rm = new Shape(n * groups, 1);
        var s3 = View(n, c, s);
        var dy = As(g.OutGrads[0], s3);
        var xr = As(x, rows);
        var (mean, std) = MiddleStats(xr, k, eps, g.Outputs[1], g.Outputs[2], rm, savedIsStd);
        var xhatRows = (xr - mean) / std;
        // GroupNorm's gamma and beta may hold one value per group (MXNet 1.x): the gradient then
        // works on their per-channel repetition and sums each group's channels back.
        var gamma = g.Inputs[1];
        bool perGroup = numGroups is not null && groups != c && gamma.Shape == new Shape(groups);
        var gammaC = perGroup ? As(Nd.BroadcastTo(As(gamma, new Shape(groups, 1)), new Shape(groups, c / groups)), new Shape(c)) : gamma;
        var dbeta = SumOuterInner(dy);
        var dgamma = SumOuterInner(dy * As(xhatRows, s3));
        var dxhat = As(dy * As(gammaC, ParamView(c, s)), rows);
        var dx = CenteredScaleBackward(dxhat, xhatRows, std, k);
        if (outputMeanVar)
            dx = dx + As(g.OutGrads[1], rm) / k + xhatRows * As(g.OutGrads[2], rm) / k;
        if (perGroup)
        {
            var byGroup = new Shape(groups, c / groups);
            return [As(dx, x.Shape), Nd.Sum(As(dgamma, byGroup), 1), Nd.Sum(As(dbeta, byGroup), 1)];
        }
        var cs = new Shape(c);
        return [As(dx, x.Shape), As(dgamma, cs), As(dbeta, cs)];
    }
}
