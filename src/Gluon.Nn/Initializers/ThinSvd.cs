using System.Numerics.Tensors;

namespace Gluon.Initializers;

/// <summary>
/// The orthonormal factor of a thin SVD, for <see cref="Orthogonal"/>: one-sided (Hestenes)
/// Jacobi rotates pairs of columns of A until all are mutually orthogonal; then A·V = U·Σ and the
/// normalized columns are U. Columns come out ordered by descending singular value, as LAPACK
/// orders them. Double precision throughout; each sweep costs about n²·m multiply-adds, and the
/// sweeps converge quadratically (a handful for random matrices).
/// </summary>
internal static class ThinSvd
{
    private const double Tolerance = 1e-15;
    private const int MaxSweeps = 80;

    /// <summary>
    /// U (m × n, row-major) of the thin SVD A = U·Σ·Vᵀ of the row-major m × n matrix
    /// <paramref name="a"/>, m ≥ n. Where A is rank-deficient the columns for zero singular
    /// values are completed to an orthonormal set.
    /// </summary>
    public static double[] LeftSingularVectors(ReadOnlySpan<double> a, int m, int n)
    {
        if (m < n) throw new ArgumentException($"ThinSvd: needs rows >= columns, got {m} x {n}");
        // Column-major copy so that every column is one contiguous span for the vector kernels.
        var cols = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                cols[j * m + i] = a[i * n + j];

        var norms = new double[n];
        var tmp = new double[m];
        bool converged = false;
        for (int sweep = 0; sweep < MaxSweeps && !converged; sweep++)
        {
            converged = true;
            for (int j = 0; j < n; j++) norms[j] = SquaredNorm(cols, m, j);
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double alpha = norms[p], beta = norms[q];
                    if (alpha == 0 || beta == 0) continue;
                    var cp = cols.AsSpan(p * m, m);
                    var cq = cols.AsSpan(q * m, m);
                    double gamma = TensorPrimitives.Dot<double>(cp, cq);
                    if (Math.Abs(gamma) <= Tolerance * Math.Sqrt(alpha * beta)) continue;
                    converged = false;
                    // The rotation that zeroes the (p, q) entry of AᵀA (Golub & Van Loan 8.6.3).
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    if (zeta == 0) t = 1;
                    double c = 1 / Math.Sqrt(1 + t * t), s = c * t;
                    Rotate(cp, cq, c, s, tmp.AsSpan(0, m));
                    norms[p] = alpha - t * gamma;
                    norms[q] = beta + t * gamma;
                }
            }
        }
        if (!converged)
            throw new InvalidOperationException($"ThinSvd: one-sided Jacobi did not converge in {MaxSweeps} sweeps for a {m} x {n} matrix");

        for (int j = 0; j < n; j++) norms[j] = Math.Sqrt(SquaredNorm(cols, m, j));
        var order = Enumerable.Range(0, n).OrderByDescending(j => norms[j]).ToArray();
        double sigmaMax = n > 0 ? norms[order[0]] : 0;

        var u = new double[m * n];   // column-major while building
        int rank = 0;
        foreach (int j in order)
        {
            if (norms[j] <= sigmaMax * 1e-12 || norms[j] == 0) break;
            TensorPrimitives.Divide<double>(cols.AsSpan(j * m, m), norms[j], u.AsSpan(rank * m, m));
            rank++;
        }
        Complete(u, m, n, rank);

        var result = new double[m * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
                result[i * n + j] = u[j * m + i];
        return result;
    }

    private static double SquaredNorm(double[] cols, int m, int j)
    {
        var c = cols.AsSpan(j * m, m);
        return TensorPrimitives.Dot<double>(c, c);
    }

    // x ← c·x − s·y, y ← s·x + c·y, with TensorPrimitives doing the vector work.
    private static void Rotate(Span<double> x, Span<double> y, double c, double s, Span<double> tmp)
    {
        x.CopyTo(tmp);
        TensorPrimitives.Multiply<double>(x, c, x);
        TensorPrimitives.MultiplyAdd<double>(y, -s, x, x);
        TensorPrimitives.Multiply<double>(y, c, y);
        TensorPrimitives.MultiplyAdd<double>(tmp, s, y, y);
    }

    // Fills columns rank..n-1 with unit vectors orthogonal to the earlier ones (Gram-Schmidt of
    // the standard basis, twice for accuracy); only reached for rank-deficient input.
    private static void Complete(double[] u, int m, int n, int rank)
    {
        for (int e = 0; rank < n && e < m; e++)
        {
            var v = u.AsSpan(rank * m, m);
            v.Clear();
            v[e] = 1;
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < rank; k++)
                {
                    var uk = u.AsSpan(k * m, m);
                    TensorPrimitives.MultiplyAdd<double>(uk, -TensorPrimitives.Dot<double>(uk, v), v, v);
                }
            double norm = Math.Sqrt(TensorPrimitives.Dot<double>(v, v));
            if (norm < 0.5) continue;   // e was (nearly) in the span already
            TensorPrimitives.Divide<double>(v, norm, v);
            rank++;
        }
    }
}
