namespace Gluon.Tests;

/// <summary>Inputs and tolerances shared by the normalization op tests (BatchNorm and its fused relu variant).</summary>
public static class NormArrays
{
    /// <summary>The dtypes each case runs in.</summary>
    public static readonly DType[] Types = [DType.Float64, DType.Float32];

    /// <summary>An array of <paramref name="v"/> with <paramref name="shape"/>, cast to <paramref name="dt"/>.</summary>
    public static NDArray A(double[] v, int[] shape, DType dt = DType.Float64)
    {
        var a = Nd.Array<double>(v, new Shape(shape));
        return dt == DType.Float64 ? a : a.AsType(dt);
    }

    /// <summary>(relative, absolute) tolerance against a double reference.</summary>
    public static (double R, double A) Tol(DType dt) => dt == DType.Float64 ? (1e-10, 1e-10) : (2e-4, 2e-5);

    /// <summary>Elements of <paramref name="s"/>.</summary>
    public static int Prod(int[] s) => s.Aggregate(1, (p, d) => p * d);

    /// <summary>gamma, beta, moving mean and moving variance of <paramref name="c"/> channels (seeds 2-5; gamma and variance in [0.5, 1.5)).</summary>
    public static (double[] G, double[] B, double[] Mm, double[] Mv) BatchNormParams(int c) =>
        (Check.Rand(c, 2, 0.5, 1.5), Check.Rand(c, 3), Check.Rand(c, 4), Check.Rand(c, 5, 0.5, 1.5));

    /// <summary>BatchNorm's call shape (data, gamma, beta, moving_mean, moving_var, fix_gamma, use_global_stats, output_mean_var, axis), for checks both BatchNorm ops share.</summary>
    public delegate NDArray[] BatchNormLike(NDArray x, NDArray gamma, NDArray beta, NDArray movingMean, NDArray movingVar,
        bool fixGamma, bool useGlobalStats, bool outputMeanVar, int axis);

    /// <summary>Finite-difference check of data, gamma and beta in train mode (batch statistics), fresh moving stats each call.</summary>
    public static void TrainGradientMatchesFiniteDifferences(BatchNormLike op, int[] shape, int axis, bool fixGamma)
    {
        int c = shape[axis < 0 ? axis + shape.Length : axis];
        var inputs = new[] { Check.RandArray(new Shape(shape), 1, -2, 2), Check.RandArray(new Shape(c), 2, 0.5, 1.5), Check.RandArray(new Shape(c), 3) };
        Check.NumericGradient(a =>
        {
            using (Autograd.TrainMode())
                return op(a[0], a[1], a[2], Nd.Zeros(new Shape(c), DType.Float64), Nd.Ones(new Shape(c), DType.Float64), fixGamma, false, false, axis)[0];
        }, inputs);
    }

    /// <summary>Finite-difference check through output_mean_var's mean (<paramref name="output"/> 1) or var (2) output, 3 channels.</summary>
    public static void GradientThroughMeanAndVarOutputs(BatchNormLike op, int output)
    {
        var inputs = new[] { Check.RandArray(new Shape(4, 3, 2), 1, -2, 2), Check.RandArray(new Shape(3), 2, 0.5, 1.5), Check.RandArray(new Shape(3), 3) };
        Check.NumericGradient(a =>
        {
            using (Autograd.TrainMode())
            {
                var o = op(a[0], a[1], a[2], Nd.Zeros(new Shape(3), DType.Float64), Nd.Ones(new Shape(3), DType.Float64), false, false, true, 1);
                return o[0] * 0.5 + Nd.ReshapeTo(o[output], new Shape(1, 3, 1));
            }
        }, inputs);
    }

    /// <summary>Finite-difference check with use_global_stats (normalized by the moving stats), 3 channels on axis 1.</summary>
    public static void GlobalStatsGradientMatchesFiniteDifferences(BatchNormLike op, Shape xShape)
    {
        var mm = Check.RandArray(new Shape(3), 4);
        var mv = Check.RandArray(new Shape(3), 5, 0.5, 1.5);
        var inputs = new[] { Check.RandArray(xShape, 1), Check.RandArray(new Shape(3), 2, 0.5, 1.5), Check.RandArray(new Shape(3), 3) };
        Check.NumericGradient(a =>
        {
            using (Autograd.TrainMode())
                return op(a[0], a[1], a[2], mm, mv, false, true, false, 1)[0];
        }, inputs);
    }

    /// <summary>
    /// Gradients of w·f(x, γ, β) from the fused backward kernel (plain backward) and from the
    /// composite built from ops (taken while recording, with createGraph).
    /// </summary>
    public static void CheckFusedMatchesComposite(Func<NDArray[], NDArray> f, NDArray[] inputs, DType dt, bool train = true)
    {
        var a = inputs.Select(i => i.DType == dt ? Nd.Copy(i) : i.AsType(dt)).ToArray();
        foreach (var i in a) i.AttachGrad();
        NDArray y;
        using (Autograd.Record(train)) y = f(a);
        var w = Check.RandArray(y.Shape, 21, 0.5, 1.5, dt);
        y.Backward(w, retainGraph: true, trainMode: train);
        var fused = a.Select(i => i.Grad!.ToArray<double>()).ToArray();
        NDArray[] composite;
        using (Autograd.Record(train)) composite = Autograd.Grad([y], a, [w], createGraph: true, trainMode: train);
        var (rt, at) = dt == DType.Float64 ? (1e-9, 1e-10) : (1e-3, 1e-4);
        for (int i = 0; i < a.Length; i++) Check.Close(composite[i].ToArray<double>(), fused[i], rt, at, $"input {i} {dt}");
    }
}
