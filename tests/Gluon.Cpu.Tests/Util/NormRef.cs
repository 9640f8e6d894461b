namespace Gluon.Tests;

/// <summary>
/// Plain double-loop references for the normalization ops, written from the formulas (not from
/// the kernels): each views the data as (O, R, I) and takes statistics over the axes named.
/// </summary>
public static class NormRef
{
    /// <summary>(outer, axis size, inner) of <paramref name="shape"/> around <paramref name="axis"/>.</summary>
    public static (int O, int R, int I) Split(int[] shape, int axis)
    {
        if (axis < 0) axis += shape.Length;
        int o = 1, i = 1;
        for (int k = 0; k < axis; k++) o *= shape[k];
        for (int k = axis + 1; k < shape.Length; k++) i *= shape[k];
        return (o, shape[axis], i);
    }

    /// <summary>
    /// BatchNorm: per channel (axis) mean/biased var over the other axes when <paramref name="train"/>,
    /// else the moving stats. Returns y, the stats used, and the updated moving stats.
    /// </summary>
    public static (double[] Y, double[] Mean, double[] Var, double[] MovMean, double[] MovVar) BatchNorm(
        double[] x, int[] shape, int axis, double[] gamma, double[] beta, double[] mm, double[] mv,
        double eps, double momentum, bool fixGamma, bool train)
    {
        var (o, c, inner) = Split(shape, axis);
        var mean = new double[c];
        var var = new double[c];
        var nmm = (double[])mm.Clone();
        var nmv = (double[])mv.Clone();
        int m = o * inner;
        for (int ch = 0; ch < c; ch++)
        {
            if (!train) { mean[ch] = mm[ch]; var[ch] = mv[ch]; continue; }
            if (m == 0) continue;
            double s = 0;
            for (int a = 0; a < o; a++) for (int b = 0; b < inner; b++) s += x[(a * c + ch) * inner + b];
            double mu = s / m, q = 0;
            for (int a = 0; a < o; a++) for (int b = 0; b < inner; b++) { double d = x[(a * c + ch) * inner + b] - mu; q += d * d; }
            mean[ch] = mu;
            var[ch] = q / m;
            nmm[ch] = mm[ch] * momentum + mu * (1 - momentum);
            nmv[ch] = mv[ch] * momentum + var[ch] * (1 - momentum);
        }
        var y = new double[x.Length];
        for (int a = 0; a < o; a++)
            for (int ch = 0; ch < c; ch++)
                for (int b = 0; b < inner; b++)
                {
                    int idx = (a * c + ch) * inner + b;
                    double g = fixGamma ? 1 : gamma[ch];
                    y[idx] = g * (x[idx] - mean[ch]) / Math.Sqrt(var[ch] + eps) + beta[ch];
                }
        return (y, mean, var, nmm, nmv);
    }

    /// <summary>LayerNorm over <paramref name="axis"/>: y, mean and std = √(var + eps) per (o, i).</summary>
    public static (double[] Y, double[] Mean, double[] Std) LayerNorm(double[] x, int[] shape, int axis, double[] gamma, double[] beta, double eps)
    {
        var (o, d, inner) = Split(shape, axis);
        var y = new double[x.Length];
        var mean = new double[o * inner];
        var std = new double[o * inner];
        for (int a = 0; a < o; a++)
            for (int b = 0; b < inner; b++)
            {
                double s = 0;
                for (int k = 0; k < d; k++) s += x[(a * d + k) * inner + b];
                double mu = d == 0 ? 0 : s / d, q = 0;
                for (int k = 0; k < d; k++) { double t = x[(a * d + k) * inner + b] - mu; q += t * t; }
                double sd = Math.Sqrt((d == 0 ? 0 : q / d) + eps);
                mean[a * inner + b] = mu;
                std[a * inner + b] = sd;
                for (int k = 0; k < d; k++)
                {
                    int idx = (a * d + k) * inner + b;
                    y[idx] = (x[idx] - mu) / sd * gamma[k] + beta[k];
                }
            }
        return (y, mean, std);
    }

    /// <summary>
    /// GroupNorm on (N, C, spatial...): stats per (n, group) over C/G channels and the spatial
    /// elements, gamma/beta per channel. Returns y, mean and var per (n, group).
    /// </summary>
    public static (double[] Y, double[] Mean, double[] Var) GroupNorm(double[] x, int[] shape, int groups, double[] gamma, double[] beta, double eps)
    {
        int n = shape[0], c = shape[1], s = 1;
        for (int k = 2; k < shape.Length; k++) s *= shape[k];
        int cg = c / groups;
        var y = new double[x.Length];
        var mean = new double[n * groups];
        var var = new double[n * groups];
        for (int a = 0; a < n; a++)
            for (int g = 0; g < groups; g++)
            {
                double sum = 0;
                int cnt = cg * s;
                for (int ch = g * cg; ch < (g + 1) * cg; ch++) for (int b = 0; b < s; b++) sum += x[(a * c + ch) * s + b];
                double mu = cnt == 0 ? 0 : sum / cnt, q = 0;
                for (int ch = g * cg; ch < (g + 1) * cg; ch++) for (int b = 0; b < s; b++) { double t = x[(a * c + ch) * s + b] - mu; q += t * t; }
                double v = cnt == 0 ? 0 : q / cnt;
                mean[a * groups + g] = mu;
                var[a * groups + g] = v;
                for (int ch = g * cg; ch < (g + 1) * cg; ch++)
                    for (int b = 0; b < s; b++)
                    {
                        int idx = (a * c + ch) * s + b;
                        y[idx] = gamma[ch] * (x[idx] - mu) / Math.Sqrt(v + eps) + beta[ch];
                    }
            }
        return (y, mean, var);
    }

    /// <summary>L2Normalization: y = x/√(Σx² + eps) with the sum per mode; returns y and the norms.</summary>
    public static (double[] Y, double[] Norm) L2(double[] x, int[] shape, string mode, double eps)
    {
        int n = shape[0], rest = 1, s = 1;
        for (int k = 1; k < shape.Length; k++) rest *= shape[k];
        for (int k = 2; k < shape.Length; k++) s *= shape[k];
        int c = shape.Length > 1 ? shape[1] : 1;
        var y = new double[x.Length];
        double[] norm;
        switch (mode)
        {
            case "instance":
                norm = new double[n];
                for (int a = 0; a < n; a++)
                {
                    double q = 0;
                    for (int k = 0; k < rest; k++) q += x[a * rest + k] * x[a * rest + k];
                    norm[a] = Math.Sqrt(q + eps);
                    for (int k = 0; k < rest; k++) y[a * rest + k] = x[a * rest + k] / norm[a];
                }
                break;
            case "channel":
                norm = new double[n * s];
                for (int a = 0; a < n; a++)
                    for (int b = 0; b < s; b++)
                    {
                        double q = 0;
                        for (int ch = 0; ch < c; ch++) { double v = x[(a * c + ch) * s + b]; q += v * v; }
                        norm[a * s + b] = Math.Sqrt(q + eps);
                        for (int ch = 0; ch < c; ch++) y[(a * c + ch) * s + b] = x[(a * c + ch) * s + b] / norm[a * s + b];
                    }
                break;
            default:
                norm = new double[n * c];
                for (int a = 0; a < n * c; a++)
                {
                    double q = 0;
                    for (int b = 0; b < s; b++) q += x[a * s + b] * x[a * s + b];
                    norm[a] = Math.Sqrt(q + eps);
                    for (int b = 0; b < s; b++) y[a * s + b] = x[a * s + b] / norm[a];
                }
                break;
        }
        return (y, norm);
    }
}
