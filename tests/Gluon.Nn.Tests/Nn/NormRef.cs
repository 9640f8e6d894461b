namespace Gluon.Tests.Nn;

/// <summary>Plain-loop references for the normalization layers.</summary>
internal static class NormRef
{
    /// <summary>The multi-index of flat position <paramref name="flat"/> in row-major <paramref name="dims"/>.</summary>
    public static int[] Unravel(int flat, int[] dims)
    {
        var idx = new int[dims.Length];
        for (int d = dims.Length - 1; d >= 0; d--) { idx[d] = flat % dims[d]; flat /= dims[d]; }
        return idx;
    }

    /// <summary>
    /// y[i] = γ[p(i)]·(x[i] − μ[g(i)])/√(σ²[g(i)] + eps) + β[p(i)], with μ and the biased σ²
    /// over the elements of each statistics group g. Returns y and the per-group mean and variance.
    /// </summary>
    public static (double[] Y, double[] Mean, double[] Var) Normalize(double[] x, int[] dims, Func<int[], int> group, int groups,
        Func<int[], int> param, double[] gamma, double[] beta, double eps)
    {
        var g = new int[x.Length];
        var p = new int[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            var idx = Unravel(i, dims);
            g[i] = group(idx);
            p[i] = param(idx);
        }
        var mean = new double[groups];
        var var = new double[groups];
        var count = new int[groups];
        for (int i = 0; i < x.Length; i++) { mean[g[i]] += x[i]; count[g[i]]++; }
        for (int k = 0; k < groups; k++) mean[k] /= count[k];
        for (int i = 0; i < x.Length; i++) var[g[i]] += (x[i] - mean[g[i]]) * (x[i] - mean[g[i]]);
        for (int k = 0; k < groups; k++) var[k] /= count[k];
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            y[i] = gamma[p[i]] * (x[i] - mean[g[i]]) / Math.Sqrt(var[g[i]] + eps) + beta[p[i]];
        return (y, mean, var);
    }

    /// <summary>A vector of <paramref name="n"/> copies of <paramref name="v"/>.</summary>
    public static double[] Fill(int n, double v) => Enumerable.Repeat(v, n).ToArray();
}
