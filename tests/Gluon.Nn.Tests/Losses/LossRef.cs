namespace Gluon.Tests.Losses;

/// <summary>Plain reference reductions and element maps for the loss tests.</summary>
internal static class LossRef
{
    /// <summary>Applies <paramref name="f"/> elementwise to equally long arrays.</summary>
    public static double[] Map(double[] a, double[] b, Func<double, double, double> f) => a.Select((v, i) => f(v, b[i])).ToArray();

    /// <summary>Multiplies by a per-batch-entry sample weight broadcast along <paramref name="batchAxis"/>.</summary>
    public static double[] WeightPerSample(double[] v, int[] shape, int batchAxis, double[] sw)
    {
        var r = (double[])v.Clone();
        int inner = shape.Skip(batchAxis + 1).Aggregate(1, (x, y) => x * y);
        for (int i = 0; i < r.Length; i++) r[i] *= sw[i / inner % shape[batchAxis]];
        return r;
    }

    /// <summary>Mean (or sum) over every axis but <paramref name="batchAxis"/>.</summary>
    public static double[] BatchReduce(double[] v, int[] shape, int batchAxis, bool mean = true)
    {
        int n = shape[batchAxis];
        int inner = shape.Skip(batchAxis + 1).Aggregate(1, (x, y) => x * y);
        var r = new double[n];
        for (int i = 0; i < v.Length; i++) r[i / inner % n] += v[i];
        if (mean) for (int i = 0; i < n; i++) r[i] /= v.Length / n;
        return r;
    }

    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
