namespace Gluon.Tests;

/// <summary>
/// Direct-loop references for convolution, transposed convolution and pooling on double arrays
/// (channel-first, 1-3 spatial dims, padded internally to 3 spatial dims). Written from the
/// definitions, independent of the im2col/GEMM kernels.
/// </summary>
public static class ConvRef
{
    private static int[] To3(int[] v, int def)
    {
        var r = new int[3];
        int sh = 3 - v.Length;
        for (int i = 0; i < 3; i++) r[i] = i >= sh ? v[i - sh] : def;
        return r;
    }

    /// <summary>Convolution output spatial size for one dim.</summary>
    public static int ConvOut(int x, int k, int s, int p, int d) => (x + 2 * p - d * (k - 1) - 1) / s + 1;

    /// <summary>Deconvolution output spatial size for one dim.</summary>
    public static int DeconvOut(int x, int k, int s, int p, int d, int adj) => (x - 1) * s - 2 * p + d * (k - 1) + 1 + adj;

    /// <summary>
    /// y[n, f, o] = b[f] + Σ_{c in group, k} x[n, c, o·s − p + k·d] · w[f, c − g·C/G, k].
    /// </summary>
    public static double[] Conv(double[] x, int[] xs, double[] w, int[] ws, double[]? b,
        int[] stride, int[] pad, int[] dil, int groups, out int[] ys)
    {
        int nd = xs.Length - 2, N = xs[0], C = xs[1], F = ws[0];
        var X = To3(xs[2..], 1); var K = To3(ws[2..], 1);
        var S = To3(stride, 1); var P = To3(pad, 0); var D = To3(dil, 1);
        var O = new int[3];
        for (int i = 0; i < 3; i++) O[i] = ConvOut(X[i], K[i], S[i], P[i], D[i]);
        ys = [N, F, .. O[(3 - nd)..]];
        int Cg = C / groups, Fg = F / groups;
        var y = new double[N * F * O[0] * O[1] * O[2]];
        for (int n = 0; n < N; n++)
        for (int f = 0; f < F; f++)
        {
            int grp = f / Fg;
            for (int o0 = 0; o0 < O[0]; o0++)
            for (int o1 = 0; o1 < O[1]; o1++)
            for (int o2 = 0; o2 < O[2]; o2++)
            {
                double acc = b?[f] ?? 0;
                for (int cl = 0; cl < Cg; cl++)
                {
                    int c = grp * Cg + cl;
                    for (int k0 = 0; k0 < K[0]; k0++)
                    for (int k1 = 0; k1 < K[1]; k1++)
                    for (int k2 = 0; k2 < K[2]; k2++)
                    {
                        int i0 = o0 * S[0] - P[0] + k0 * D[0];
                        int i1 = o1 * S[1] - P[1] + k1 * D[1];
                        int i2 = o2 * S[2] - P[2] + k2 * D[2];
                        if (i0 < 0 || i0 >= X[0] || i1 < 0 || i1 >= X[1] || i2 < 0 || i2 >= X[2]) continue;
                        double xv = x[(((n * C + c) * X[0] + i0) * X[1] + i1) * X[2] + i2];
                        double wv = w[(((f * Cg + cl) * K[0] + k0) * K[1] + k1) * K[2] + k2];
                        acc += xv * wv;
                    }
                }
                y[(((n * F + f) * O[0] + o0) * O[1] + o1) * O[2] + o2] = acc;
            }
        }
        return y;
    }

    /// <summary>
    /// Transposed convolution by scattering: y[n, f, i·s − p + k·d] += x[n, c, i] · w[c, f − g·F/G, k],
    /// then + b[f]; the output spatial size is <paramref name="outSpatial"/>.
    /// </summary>
    public static double[] Deconv(double[] x, int[] xs, double[] w, int[] ws, double[]? b,
        int[] stride, int[] pad, int[] dil, int groups, int[] outSpatial, out int[] ys)
    {
        int N = xs[0], C = xs[1], Fg = ws[1], F = Fg * groups;
        var X = To3(xs[2..], 1); var K = To3(ws[2..], 1);
        var S = To3(stride, 1); var P = To3(pad, 0); var D = To3(dil, 1);
        var O = To3(outSpatial, 1);
        ys = [N, F, .. outSpatial];
        int Cg = C / groups;
        var y = new double[N * F * O[0] * O[1] * O[2]];
        for (int n = 0; n < N; n++)
        for (int c = 0; c < C; c++)
        {
            int grp = c / Cg;
            for (int i0 = 0; i0 < X[0]; i0++)
            for (int i1 = 0; i1 < X[1]; i1++)
            for (int i2 = 0; i2 < X[2]; i2++)
            {
                double xv = x[(((n * C + c) * X[0] + i0) * X[1] + i1) * X[2] + i2];
                for (int fl = 0; fl < Fg; fl++)
                for (int k0 = 0; k0 < K[0]; k0++)
                for (int k1 = 0; k1 < K[1]; k1++)
                for (int k2 = 0; k2 < K[2]; k2++)
                {
                    int o0 = i0 * S[0] - P[0] + k0 * D[0];
                    int o1 = i1 * S[1] - P[1] + k1 * D[1];
                    int o2 = i2 * S[2] - P[2] + k2 * D[2];
                    if (o0 < 0 || o0 >= O[0] || o1 < 0 || o1 >= O[1] || o2 < 0 || o2 >= O[2]) continue;
                    int f = grp * Fg + fl;
                    y[(((n * F + f) * O[0] + o0) * O[1] + o1) * O[2] + o2] += xv * w[(((c * Fg + fl) * K[0] + k0) * K[1] + k1) * K[2] + k2];
                }
            }
        }
        if (b is not null)
        {
            int sp = O[0] * O[1] * O[2];
            for (int n = 0; n < N; n++) for (int f = 0; f < F; f++) for (int i = 0; i < sp; i++) y[(n * F + f) * sp + i] += b[f];
        }
        return y;
    }

    /// <summary>
    /// Pooling by MXNet's window rule: window [o·s − p, min(o·s − p + k, x + p)) clipped to [0, x);
    /// max over the clipped window (<c>lowest</c>, MXNet's lowest finite value of the dtype, when empty), sum, avg (divided by the unclipped or
    /// clipped size), or lp ((Σ xᵖ)^(1/p)).
    /// </summary>
    public static double[] Pool(double[] x, int[] xs, int[] kernel, int[] stride, int[] pad, string type,
        string convention, bool countIncludePad, int p, bool global, out int[] ys, double lowest = double.MinValue)
    {
        int nd = xs.Length - 2, N = xs[0], C = xs[1];
        int[] k = global ? xs[2..] : kernel, s = global ? Enumerable.Repeat(1, nd).ToArray() : stride, pd = global ? new int[nd] : pad;
        var X = To3(xs[2..], 1); var K = To3(k, 1); var S = To3(s, 1); var P = To3(pd, 0);
        var O = new int[3];
        for (int i = 0; i < 3; i++)
        {
            int span = X[i] + 2 * P[i] - K[i];
            O[i] = i < 3 - nd ? 1 : global ? 1 : convention switch
            {
                "valid" => (int)Math.Floor((double)span / S[i]) + 1,
                "full" => (int)Math.Ceiling((double)span / S[i]) + 1,
                _ => (int)Math.Ceiling((double)X[i] / S[i]),
            };
        }
        ys = [N, C, .. O[(3 - nd)..]];
        var y = new double[N * C * O[0] * O[1] * O[2]];
        for (int nc = 0; nc < N * C; nc++)
        for (int o0 = 0; o0 < O[0]; o0++)
        for (int o1 = 0; o1 < O[1]; o1++)
        for (int o2 = 0; o2 < O[2]; o2++)
        {
            int[] o = [o0, o1, o2];
            int[] lo = new int[3], hi = new int[3];
            int full = 1, clipped = 1;
            for (int i = 0; i < 3; i++)
            {
                int st = o[i] * S[i] - P[i];
                int en = Math.Min(st + K[i], X[i] + P[i]);
                full *= en - st;
                lo[i] = Math.Max(st, 0);
                hi[i] = Math.Min(en, X[i]);
                clipped *= Math.Max(0, hi[i] - lo[i]);
            }
            double acc = type == "max" ? lowest : 0;
            for (int a = lo[0]; a < hi[0]; a++)
            for (int bb = lo[1]; bb < hi[1]; bb++)
            for (int c = lo[2]; c < hi[2]; c++)
            {
                double v = x[((nc * X[0] + a) * X[1] + bb) * X[2] + c];
                if (type == "max") acc = Math.Max(acc, v);
                else if (type == "lp") acc += Math.Pow(v, p);
                else acc += v;
            }
            if (type == "avg") acc /= countIncludePad ? full : clipped;
            if (type == "lp") acc = p == 1 ? acc : p == 2 ? Math.Sqrt(acc) : Math.Cbrt(acc);
            y[((nc * O[0] + o0) * O[1] + o1) * O[2] + o2] = acc;
        }
        return y;
    }
}
