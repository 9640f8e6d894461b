namespace Gluon.Tests.Initialization;

/// <summary>Sample moments computed in double for the statistical initializer checks.</summary>
internal static class Stats
{
    public static (double Mean, double Var, double MaxAbs) Moments(NDArray a)
    {
        var v = a.ToArray<double>();
        double sum = 0, maxAbs = 0;
        foreach (var x in v) { sum += x; maxAbs = Math.Max(maxAbs, Math.Abs(x)); }
        double mean = sum / v.Length, ss = 0;
        foreach (var x in v) ss += (x - mean) * (x - mean);
        return (mean, ss / v.Length, maxAbs);
    }

    /// <summary>Row-major product A·Bᵀ of a (r × k) and b (s × k).</summary>
    public static double[] MulTransposed(double[] a, int r, double[] b, int s, int k)
    {
        var c = new double[r * s];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < s; j++)
            {
                double acc = 0;
                for (int t = 0; t < k; t++) acc += a[i * k + t] * b[j * k + t];
                c[i * s + j] = acc;
            }
        return c;
    }

    public static double[] Transpose(double[] a, int r, int c)
    {
        var t = new double[a.Length];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
                t[j * r + i] = a[i * c + j];
        return t;
    }

    public static double[] Identity(int n, double diag)
    {
        var e = new double[n * n];
        for (int i = 0; i < n; i++) e[i * n + i] = diag;
        return e;
    }
}
