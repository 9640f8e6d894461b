using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gluon.Initializers;

/// <summary>
/// The orthonormal factor of a thin SVD, for <see cref="Orthogonal"/>: one-sided (Hestenes)
/// Jacobi rotates pairs of columns of A until all are mutually orthogonal; then A·V = U·Σ and the
/// normalized columns are U. Columns come out ordered by descending singular value, as LAPACK
/// orders them. A tall A (m &gt; n) is first reduced by Householder QR, A = Q·R, so the sweeps
/// run on the n × n R and U = Q·U_R. Double precision throughout; each sweep costs about
/// n³ multiply-adds, and the sweeps converge quadratically (about a dozen for random matrices).
/// </summary>
internal static class ThinSvd
{
    // Pairs count as orthogonal once |cos| is below m·ε (the rounding floor of a length-m dot).
    private const double Epsilon = 2.220446049250313e-16;
    // Singular values below this fraction of the largest are treated as zero.
    private const double NullRatio = 1e-12;
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

        double[] u;
        if (m > n)
        {
            var (reflectors, betas, r) = HouseholderQr(cols, m, n);
            var ur = JacobiLeft(r, n, n);
            u = new double[m * n];
            for (int j = 0; j < n; j++) ur.AsSpan(j * n, n).CopyTo(u.AsSpan(j * m, n));
            ApplyQ(reflectors, betas, u, m, n);
        }
        else
        {
            u = JacobiLeft(cols, m, n);
        }

        var result = new double[m * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
                result[i * n + j] = u[j * m + i];
        return result;
    }

    // Householder QR of the column-major m × n matrix (overwritten). Reflector k is stored in
    // reflectors[k·m + k ..] (length m − k) with H_k = I − beta_k·v·vᵀ; R comes back column-major n × n.
    private static (double[] Reflectors, double[] Betas, double[] R) HouseholderQr(double[] cols, int m, int n)
    {
        var reflectors = new double[m * n];
        var betas = new double[n];
        var r = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            var x = cols.AsSpan(k * m + k, m - k);
            double norm = Math.Sqrt(TensorPrimitives.Dot<double>(x, x));
            var v = reflectors.AsSpan(k * m + k, m - k);
            if (norm > 0)
            {
                double alpha = x[0] > 0 ? -norm : norm;   // the sign that avoids cancellation in v0
                x.CopyTo(v);
                v[0] -= alpha;
                betas[k] = 2 / TensorPrimitives.Dot<double>(v, v);
                x.Clear();
                x[0] = alpha;
                for (int j = k + 1; j < n; j++)
                {
                    var cj = cols.AsSpan(j * m + k, m - k);
                    TensorPrimitives.MultiplyAdd<double>(v, -betas[k] * TensorPrimitives.Dot<double>(v, cj), cj, cj);
                }
            }
            for (int i = 0; i <= k; i++) r[k * n + i] = cols[k * m + i];
        }
        return (reflectors, betas, r);
    }

    // u ← H_0·H_1·…·H_{n−1}·u for the column-major m × n u (Q times it).
    private static void ApplyQ(double[] reflectors, double[] betas, double[] u, int m, int n)
    {
        for (int k = n - 1; k >= 0; k--)
        {
            if (betas[k] == 0) continue;
            var v = reflectors.AsSpan(k * m + k, m - k);
            for (int j = 0; j < n; j++)
            {
                var uj = u.AsSpan(j * m + k, m - k);
                TensorPrimitives.MultiplyAdd<double>(v, -betas[k] * TensorPrimitives.Dot<double>(v, uj), uj, uj);
            }
        }
    }

    // One-sided Jacobi on the column-major m × n cols (overwritten); returns U column-major.
    private static double[] JacobiLeft(double[] cols, int m, int n)
    {
        var norms = new double[n];
        double tolerance = Math.Max(1e-15, m * Epsilon);
        bool converged = false;
        for (int sweep = 0; sweep < MaxSweeps && !converged; sweep++)
        {
            converged = true;
            double maxSq = 0;
            for (int j = 0; j < n; j++) maxSq = Math.Max(maxSq, norms[j] = SquaredNorm(cols, m, j));
            // Columns this small are null directions (the rank cut below); rotating them only
            // chases rounding noise, which would keep the sweeps from converging.
            double negligible = maxSq * NullRatio * NullRatio;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double alpha = norms[p], beta = norms[q];
                    if (alpha <= negligible || beta <= negligible) continue;
                    var cp = cols.AsSpan(p * m, m);
                    var cq = cols.AsSpan(q * m, m);
                    double gamma = TensorPrimitives.Dot<double>(cp, cq);
                    if (Math.Abs(gamma) <= tolerance * Math.Sqrt(alpha * beta)) continue;
                    converged = false;
                    // The rotation that zeroes the (p, q) entry of AᵀA (Golub & Van Loan 8.6.3).
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    if (zeta == 0) t = 1;
                    double c = 1 / Math.Sqrt(1 + t * t), s = c * t;
                    Rotate(cp, cq, c, s);
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

        var u = new double[m * n];
        int rank = 0;
        foreach (int j in order)
        {
            if (norms[j] <= sigmaMax * NullRatio || norms[j] == 0) break;
            TensorPrimitives.Divide<double>(cols.AsSpan(j * m, m), norms[j], u.AsSpan(rank * m, m));
            rank++;
        }
        Complete(u, m, n, rank);
        return u;
    }

    private static double SquaredNorm(double[] cols, int m, int j)
    {
        var c = cols.AsSpan(j * m, m);
        return TensorPrimitives.Dot<double>(c, c);
    }

    // x ← c·x − s·y, y ← s·x + c·y in one pass, widest accelerated vectors first.
    private static void Rotate(Span<double> x, Span<double> y, double c, double s)
    {
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var cv = Vector512.Create(c);
            var sv = Vector512.Create(s);
            for (; i <= n - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                var xv = Vector512.LoadUnsafe(ref xr, (nuint)i);
                var yv = Vector512.LoadUnsafe(ref yr, (nuint)i);
                (cv * xv - sv * yv).StoreUnsafe(ref xr, (nuint)i);
                (sv * xv + cv * yv).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var cv = Vector256.Create(c);
            var sv = Vector256.Create(s);
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var xv = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var yv = Vector256.LoadUnsafe(ref yr, (nuint)i);
                (cv * xv - sv * yv).StoreUnsafe(ref xr, (nuint)i);
                (sv * xv + cv * yv).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var cv = Vector128.Create(c);
            var sv = Vector128.Create(s);
            for (; i <= n - Vector128<double>.Count; i += Vector128<double>.Count)
            {
                var xv = Vector128.LoadUnsafe(ref xr, (nuint)i);
                var yv = Vector128.LoadUnsafe(ref yr, (nuint)i);
                (cv * xv - sv * yv).StoreUnsafe(ref xr, (nuint)i);
                (sv * xv + cv * yv).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double xi = x[i], yi = y[i];
            x[i] = c * xi - s * yi;
            y[i] = s * xi + c * yi;
        }
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
