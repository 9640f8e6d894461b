namespace Gluon.Tests.Ops;

/// <summary>
/// The float depthwise 3×3 path (padded / parity-split planes, whole-vector stencils): forward,
/// data, weight and bias gradients against plain loops, on rows narrower and wider than a vector
/// (flattened and row-by-row forms), odd sizes, stride 1 and 2, pads 0-2, batch 1 and more,
/// depth multiplier 2, with and without bias, small planes with padding 1 (the compact layout and
/// its edge masks, NaNs next to an edge); a weight write between calls; finite differences of
/// the float op (exact up to rounding, the convolution being linear in each input).
/// </summary>
public class DepthwiseConv3x3Tests
{
    /// <summary>(N, C, H, W, depth multiplier, stride, pad, bias).</summary>
    public static TheoryData<int, int, int, int, int, int, int, bool> Cases() => new()
    {
        { 1, 3, 7, 7, 1, 1, 1, true },      // MobileNet 7×7: flattened
        { 2, 4, 14, 14, 1, 2, 1, false },   // stride 2, flattened
        { 3, 5, 17, 19, 1, 1, 1, true },    // row by row with an overlapping last vector
        { 1, 2, 33, 35, 1, 2, 1, true },    // stride 2, odd sizes, 17 outputs per row
        { 2, 3, 20, 40, 1, 1, 0, false },   // no padding
        { 1, 2, 9, 11, 1, 2, 2, true },     // stride 2, pad 2
        { 2, 2, 6, 5, 1, 2, 0, false },     // stride 2, no padding, odd width
        { 1, 4, 28, 28, 2, 2, 1, true },    // depth multiplier 2
        { 2, 3, 16, 16, 1, 1, 2, false },   // pad 2: output wider than the image
        { 1, 2, 1, 1, 1, 1, 1, true },      // one pixel
        { 1, 2, 2, 3, 1, 2, 1, false },     // tiny stride 2
        { 16, 8, 7, 7, 1, 1, 1, true },     // batch 16, planes split over the cores
        { 1, 32, 56, 56, 1, 2, 1, false },  // batch 1, planes split over the cores
        { 2, 16, 30, 30, 1, 1, 1, true },   // wide rows, threaded, data gradient by the fast path
        // Small planes with pad 1 (DepthwiseCompact: the output's own pitch, edge masks).
        { 1, 3, 5, 9, 1, 1, 1, true },      // 45 positions: overlapping last vector
        { 2, 3, 9, 4, 1, 1, 1, false },     // 36 positions, narrow rows
        { 1, 2, 16, 16, 1, 1, 1, false },   // 256 positions, the largest
        { 3, 2, 8, 12, 1, 2, 1, true },     // stride 2: 4×6 outputs
        { 1, 3, 12, 22, 1, 2, 1, false },   // stride 2: 6×11 outputs, odd pairs per row
        { 2, 3, 10, 10, 2, 2, 1, true },    // stride 2, depth multiplier 2, 5×5 outputs
        { 16, 4, 14, 14, 1, 2, 1, false },  // MobileNet 14×14 stride 2 at batch 16
        { 1, 2, 16, 16, 1, 2, 1, true },    // stride 2, 8 outputs per row (widest row-pair fill)
        { 2, 2, 12, 6, 1, 2, 1, false },    // stride 2, 3 outputs per row (per-row fill)
        { 2, 2, 3, 40, 1, 1, 1, true },     // 3 rows of 40 (plane path rows, compact below 256)
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardAndGradientsMatchLoops(int n, int c, int h, int w, int mult, int s, int p, bool bias)
    {
        int f = c * mult;
        int[] xs = [n, c, h, w], ws = [f, 1, 3, 3];
        var x = Check.Rand(n * c * h * w, 91);
        var wv = Check.Rand(f * 9, 92);
        var b = bias ? Check.Rand(f, 93) : null;
        int oh = (h + 2 * p - 3) / s + 1, ow = (w + 2 * p - 3) / s + 1;
        var dy = Check.Rand(n * f * oh * ow, 94);

        var X = F32(x, xs);
        var W = F32(wv, ws);
        var B = b is null ? null : F32(b, [f]);
        X.AttachGrad();
        W.AttachGrad();
        B?.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.Convolution(X, W, B, [3, 3], f, stride: [s, s], pad: [p, p], numGroup: c, noBias: B is null);
        Assert.Equal(new[] { n, f, oh, ow }, y.Shape.ToArray());
        Check.Close(y, Forward(x, wv, b, n, c, h, w, mult, s, p), 1e-5, 1e-5, "forward");

        y.Backward(F32(dy, [n, f, oh, ow]));
        Gradients(x, wv, dy, n, c, h, w, mult, s, p, out var dx, out var dwRef);
        Check.Close(X.Grad!, dx, 1e-5, 1e-5, "data gradient");
        Check.Close(W.Grad!, dwRef, 1e-4, 1e-4, "weight gradient");
        if (B is not null)
        {
            var db = new double[f];
            for (int i = 0; i < dy.Length; i++) db[i / (oh * ow) % f] += dy[i];
            Check.Close(B.Grad!, db, 1e-4, 1e-4, "bias gradient");
        }
    }

    [Fact]
    public void WeightWriteBetweenCallsIsSeen()
    {
        int[] xs = [2, 6, 15, 15], ws = [6, 1, 3, 3];
        var x = Check.Rand(2 * 6 * 15 * 15, 95);
        var wv = Check.Rand(54, 96);
        var X = F32(x, xs);
        var W = F32(wv, ws);
        foreach (int s in new[] { 1, 2 })
        {
            Check.Close(Nd.Convolution(X, W, null, [3, 3], 6, stride: [s, s], pad: [1, 1], numGroup: 6, noBias: true),
                Forward(x, wv, null, 2, 6, 15, 15, 1, s, 1), 1e-5, 1e-5, "before the write");
            var span = W.Span<float>();
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = -2 * span[i] + 0.25f;
                wv[i] = span[i];
            }
            Check.Close(Nd.Convolution(X, W, null, [3, 3], 6, stride: [s, s], pad: [1, 1], numGroup: 6, noBias: true),
                Forward(x, wv, null, 2, 6, 15, 15, 1, s, 1), 1e-5, 1e-5, "after the write");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void EdgeMasksKeepNeighbouringNaNsOut(int s)
    {
        // Small planes read a row's last value when computing the next row's first output and
        // clear it with a mask: a NaN or infinity there must reach only the outputs it touches.
        int h = 8, w = 8, oh = (h - 1) / s + 1, ow = (w - 1) / s + 1;
        var x = Check.Rand(2 * h * w, 101);
        x[2 * w + w - 1] = double.NaN;          // channel 0, row 2, last column
        x[h * w + 3 * w] = double.PositiveInfinity; // channel 1, row 3, first column
        var wv = Check.Rand(18, 102);
        var y = Nd.Convolution(F32(x, [1, 2, h, w]), F32(wv, [2, 1, 3, 3]), null, [3, 3], 2, stride: [s, s], pad: [1, 1], numGroup: 2, noBias: true)
            .ToArray<double>();
        var r = Forward(x, wv, null, 1, 2, h, w, 1, s, 1);
        Assert.Equal(r.Length, y.Length);
        for (int i = 0; i < r.Length; i++)
            Assert.True(r[i].Equals(y[i]) || Math.Abs(r[i] - y[i]) <= 1e-5 * (1 + Math.Abs(r[i])),
                $"stride {s} output {i} (channel {i / (oh * ow)}, row {i / ow % oh}, column {i % ow}): {y[i]}, expected {r[i]}");
    }

    [Theory]
    [InlineData(2, 3, 9, 10, 1)]
    [InlineData(1, 4, 18, 17, 2)]
    public void Float32GradientsMatchFiniteDifferences(int n, int c, int h, int w, int s)
    {
        // The loss Σ r·y is linear in x and in w, so a central difference with a large step is
        // exact up to float rounding: the float op's own gradients are checked against its own forward.
        var x = Check.Rand(n * c * h * w, 97);
        var wv = Check.Rand(c * 9, 98);
        var X = F32(x, [n, c, h, w]);
        var W = F32(wv, [c, 1, 3, 3]);
        NDArray Run() => Nd.Convolution(X, W, null, [3, 3], c, stride: [s, s], pad: [1, 1], numGroup: c, noBias: true);
        var r = Check.Rand(Run().Shape.Size, 99);
        X.AttachGrad();
        W.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Run();
        y.Backward(F32(r, y.Shape.ToArray()));
        double Loss()
        {
            var v = Run().ToArray<double>();
            double sum = 0;
            for (int i = 0; i < v.Length; i++) sum += v[i] * r[i];
            return sum;
        }
        foreach (var (a, what) in new[] { (X, "x"), (W, "w") })
        {
            var analytic = a.Grad!.ToArray<double>();
            var rnd = new Random(100);
            for (int t = 0; t < 20; t++)
            {
                int i = rnd.Next(analytic.Length);
                var span = a.Span<float>();
                float old = span[i];
                span[i] = old + 0.5f;
                double up = Loss();
                a.Span<float>()[i] = old - 0.5f;
                double down = Loss();
                a.Span<float>()[i] = old;
                Assert.True(Math.Abs((up - down) - analytic[i]) <= 1e-3 * (1 + Math.Abs(analytic[i])),
                    $"d loss / d {what}[{i}]: finite difference {up - down}, gradient {analytic[i]}");
            }
        }
    }

    private static NDArray F32(double[] v, int[] shape) => Nd.Array<double>(v, shape).AsType(DType.Float32);

    /// <summary>y[n, o, i, j] = b[o] + Σ w[o, ky, kx]·x[n, o / mult, i·s − p + ky, j·s − p + kx] (zero outside).</summary>
    private static double[] Forward(double[] x, double[] w, double[]? b, int n, int c, int h, int wd, int mult, int s, int p)
    {
        int f = c * mult, oh = (h + 2 * p - 3) / s + 1, ow = (wd + 2 * p - 3) / s + 1;
        var y = new double[n * f * oh * ow];
        for (int a = 0; a < n; a++)
        for (int o = 0; o < f; o++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        {
            double sum = b?[o] ?? 0;
            for (int ky = 0; ky < 3; ky++)
            for (int kx = 0; kx < 3; kx++)
            {
                int r = i * s - p + ky, q = j * s - p + kx;
                if (r >= 0 && r < h && q >= 0 && q < wd)
                    sum += w[o * 9 + ky * 3 + kx] * x[((a * c + o / mult) * h + r) * wd + q];
            }
            y[((a * f + o) * oh + i) * ow + j] = sum;
        }
        return y;
    }

    /// <summary>dx and dw of <see cref="Forward"/> for the output gradient dy, by scattering each term of the forward sum.</summary>
    private static void Gradients(double[] x, double[] w, double[] dy, int n, int c, int h, int wd, int mult, int s, int p,
        out double[] dx, out double[] dw)
    {
        int f = c * mult, oh = (h + 2 * p - 3) / s + 1, ow = (wd + 2 * p - 3) / s + 1;
        dx = new double[x.Length];
        dw = new double[w.Length];
        for (int a = 0; a < n; a++)
        for (int o = 0; o < f; o++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        {
            double g = dy[((a * f + o) * oh + i) * ow + j];
            for (int ky = 0; ky < 3; ky++)
            for (int kx = 0; kx < 3; kx++)
            {
                int r = i * s - p + ky, q = j * s - p + kx;
                if (r < 0 || r >= h || q < 0 || q >= wd) continue;
                int xi = ((a * c + o / mult) * h + r) * wd + q;
                dx[xi] += w[o * 9 + ky * 3 + kx] * g;
                dw[o * 9 + ky * 3 + kx] += x[xi] * g;
            }
        }
    }
}
