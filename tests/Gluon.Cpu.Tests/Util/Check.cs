using Gluon.Ops;

namespace Gluon.Tests;

/// <summary>
/// Shared test helpers: closeness assertions, random inputs, and MXNet's
/// check_numeric_gradient approach (central differences in float64 against autograd).
/// </summary>
public static class Check
{
    /// <summary>Asserts |actual - expected| &lt;= atol + rtol·|expected| elementwise, with a message naming the first bad index.</summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rtol = 1e-5, double atol = 1e-6, string what = "")
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (double.IsInfinity(e) && e == a) continue;
            Assert.True(Math.Abs(a - e) <= atol + rtol * Math.Abs(e), $"{what}: index {i}: expected {e}, got {a}");
        }
    }

    /// <summary>Asserts an array's values (read as double) match <paramref name="expected"/>.</summary>
    public static void Close(NDArray actual, ReadOnlySpan<double> expected, double rtol = 1e-5, double atol = 1e-6, string what = "")
        => Close(expected, actual.ToArray<double>(), rtol, atol, what);

    /// <summary>Asserts two arrays have the same shape and close values.</summary>
    public static void Close(NDArray expected, NDArray actual, double rtol = 1e-5, double atol = 1e-6, string what = "")
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Close(expected.ToArray<double>(), actual.ToArray<double>(), rtol, atol, what);
    }

    /// <summary>Uniform random doubles in [lo, hi) from a fixed seed.</summary>
    public static double[] Rand(int n, int seed = 0, double lo = -1, double hi = 1)
    {
        var r = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.NextDouble();
        return v;
    }

    /// <summary>A float64 array of <paramref name="shape"/> with uniform values in [lo, hi).</summary>
    public static NDArray RandArray(Shape shape, int seed = 0, double lo = -1, double hi = 1, DType dtype = DType.Float64)
    {
        var a = Nd.Array<double>(Rand(shape.Size, seed, lo, hi), shape);
        return dtype == DType.Float64 ? a : a.AsType(dtype);
    }

    /// <summary>
    /// Compares autograd gradients of sum(f(inputs) · w), for a random weight w, with central
    /// finite differences in float64 (MXNet's check_numeric_gradient). Inputs listed in
    /// <paramref name="skip"/> (indices, labels) are not checked.
    /// </summary>
    public static void NumericGradient(Func<NDArray[], NDArray> f, NDArray[] inputs, double eps = 1e-6, double rtol = 1e-4, double atol = 1e-6, int[]? skip = null, int seed = 42)
    {
        var x = inputs.Select(i => i.DType == DType.Float64 ? Nd.Copy(i) : i.AsType(DType.Float64)).ToArray();
        NDArray y0;
        using (Autograd.Pause()) y0 = f(x);
        var w = RandArray(y0.Shape, seed, 0.5, 1.5);
        var checkIdx = Enumerable.Range(0, x.Length).Where(i => skip is null || !skip.Contains(i)).ToArray();
        foreach (int i in checkIdx) x[i].AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = f(x);
        y.Backward(w);
        double Loss()
        {
            using var _ = Autograd.Pause();
            var v = f(x).ToArray<double>();
            var wv = w.ToArray<double>();
            double s = 0;
            for (int k = 0; k < v.Length; k++) s += v[k] * wv[k];
            return s;
        }
        foreach (int i in checkIdx)
        {
            var analytic = x[i].Grad!.ToArray<double>();
            var data = x[i].Span<double>();
            var numeric = new double[data.Length];
            for (int k = 0; k < data.Length; k++)
            {
                double orig = data[k];
                data[k] = orig + eps; double lp = Loss();
                data[k] = orig - eps; double lm = Loss();
                data[k] = orig;
                numeric[k] = (lp - lm) / (2 * eps);
            }
            Close(numeric, analytic, rtol, atol, $"gradient of input {i}");
        }
    }

    /// <summary>Asserts that <paramref name="action"/> throws <typeparamref name="TException"/> whose message contains every fragment.</summary>
    public static void Throws<TException>(Action action, params string[] fragments) where TException : Exception
    {
        var e = Assert.ThrowsAny<TException>(action);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }
}
