namespace Gluon.Tests;

/// <summary>Plain double-loop references for the linear-algebra and activation tests.</summary>
public static class NnRef
{
    /// <summary>
    /// MXNet's dot written out: lhs viewed as a matrix whose columns are its last axis (rows its
    /// first axis when transposed), rhs likewise, then C[i,j] = Σ_p opA[i,p]·opB[p,j].
    /// </summary>
    public static double[] Dot(double[] a, int[] la, double[] b, int[] lb, bool ta, bool tb, out int m, out int n)
    {
        int k = ta ? la[0] : la[^1];
        m = ta ? Prod(la[1..]) : Prod(la[..^1]);
        n = tb ? Prod(lb[..^1]) : Prod(lb[1..]);
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = ta ? a[p * m + i] : a[i * k + p];
                    double bv = tb ? b[j * k + p] : b[p * n + j];
                    s += av * bv;
                }
                c[i * n + j] = s;
            }
        return c;
    }

    /// <summary>Product of dimensions (1 for none).</summary>
    public static int Prod(int[] d)
    {
        int p = 1;
        foreach (int x in d) p *= x;
        return p;
    }

    /// <summary>Softmax (or log-softmax) along one axis of a row-major array, with optional lengths (entries past them are 0).</summary>
    public static double[] Softmax(double[] x, int[] shape, int axis, double t = 1, bool log = false, double[]? lengths = null)
    {
        int outer = Prod(shape[..axis]), n = shape[axis], inner = Prod(shape[(axis + 1)..]);
        var y = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int len = lengths is null ? n : (int)lengths[o * inner + j];
                double max = double.NegativeInfinity;
                for (int i = 0; i < len; i++) max = Math.Max(max, x[(o * n + i) * inner + j]);
                double sum = 0;
                for (int i = 0; i < len; i++) sum += Math.Exp((x[(o * n + i) * inner + j] - max) / t);
                for (int i = 0; i < n; i++)
                {
                    int idx = (o * n + i) * inner + j;
                    double z = (x[idx] - max) / t;
                    y[idx] = i >= len ? 0 : log ? z - Math.Log(sum) : Math.Exp(z) / sum;
                }
            }
        return y;
    }

    /// <summary>erf by its Taylor series (slow, accurate for |x| &lt; 4).</summary>
    public static double Erf(double x)
    {
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
