namespace Gluon.Tests.Ops;

/// <summary>
/// The one-pass forward pooling kernels (2-D max pooling over any window, global pooling) against
/// MXNet's scan written out in the test: every window and plane width up to a few vectors, so each
/// vector width and tail runs, with NaN and infinities where MXNet's comparisons decide the result.
/// </summary>
public class PoolingForwardFastTests
{
    /// <summary>MXNet's max pooling: start from the lowest finite value, take x when x &gt; max (NaN never wins).</summary>
    private static double[] MaxRef(double[] x, int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
        int oh, int ow, double lowest)
    {
        var y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int a = 0; a < oh; a++)
                for (int b = 0; b < ow; b++)
                {
                    int h0 = a * sh - ph, w0 = b * sw - pw;
                    int h1 = Math.Min(h0 + kh, h + ph), w1 = Math.Min(w0 + kw, w + pw);
                    double acc = lowest;
                    for (int i = Math.Max(h0, 0); i < Math.Min(h1, h); i++)
                        for (int j = Math.Max(w0, 0); j < Math.Min(w1, w); j++)
                        {
                            double v = x[(p * h + i) * w + j];
                            if (v > acc) acc = v;
                        }
                    y[(p * oh + a) * ow + b] = acc;
                }
        return y;
    }

    /// <summary>Random values with some NaN, −∞ and +∞ mixed in (seeded).</summary>
    private static double[] WithSpecials(int n, int seed)
    {
        var x = Check.Rand(n, seed, -3, 3);
        var r = new Random(seed);
        for (int i = 0; i < n; i++)
        {
            int u = r.Next(40);
            if (u == 0) x[i] = double.NaN;
            else if (u == 1) x[i] = double.NegativeInfinity;
            else if (u == 2) x[i] = double.PositiveInfinity;
        }
        return x;
    }

    public static TheoryData<int, int, int, string> MaxCases()
    {
        // (kernel, stride, pad, convention): ResNet's 3x3/2 pad 1, LeNet's 2x2/2, stride 1 and 3, ceil mode.
        var d = new TheoryData<int, int, int, string>();
        foreach (var (k, s, p) in new[] { (3, 2, 1), (2, 2, 0), (3, 1, 1), (1, 1, 0), (4, 2, 1), (5, 2, 2), (3, 3, 0), (2, 3, 1) })
            foreach (var conv in new[] { "valid", "full" })
                d.Add(k, s, p, conv);
        return d;
    }

    [Theory]
    [MemberData(nameof(MaxCases))]
    public void Max2DMatchesTheScanOnEveryWidth(int k, int s, int p, string convention)
    {
        foreach (var dt in new[] { DType.Float32, DType.Float64 })
            foreach (int w in new[] { 1, 2, 5, 8, 16, 17, 20, 28, 31, 33, 47, 64, 70, 112 })
            {
                if (w + 2 * p < k) continue;
                int h = w % 7 + 3, planes = 3;
                if (h + 2 * p < k) continue;
                var x = WithSpecials(planes * h * w, w * 31 + k);
                int oh = OutSize(h, k, s, p, convention), ow = OutSize(w, k, s, p, convention);
                double lowest = dt == DType.Float32 ? float.MinValue : double.MinValue;
                var expected = MaxRef(x, planes, h, w, k, k, s, s, p, p, oh, ow, lowest);
                var X = Nd.Array<double>(x, new Shape(1, planes, h, w)).AsType(dt, copy: false);
                var y = Nd.Pooling(X, [k, k], "max", stride: [s, s], pad: [p, p], poolingConvention: convention);
                Assert.Equal(new Shape(1, planes, oh, ow), y.Shape);
                // float32 data are the rounded doubles; rounding keeps the order, so the max is the rounded max.
                double tol = dt == DType.Float32 ? 1e-7 : 0;
                Check.Close(y, expected, tol, 0, $"{dt} w={w} h={h}");
            }
    }

    [Fact]
    public void Max2DWithDifferentWindowsPerAxisAnd1D()
    {
        foreach (var dt in new[] { DType.Float32, DType.Float64 })
        {
            var x = WithSpecials(2 * 3 * 9 * 41, 5);
            var expected = MaxRef(x, 6, 9, 41, 2, 3, 1, 2, 0, 1, 8, 21, dt == DType.Float32 ? float.MinValue : double.MinValue);
            var y = Nd.Pooling(Nd.Array<double>(x, new Shape(2, 3, 9, 41)).AsType(dt, copy: false), [2, 3], "max", stride: [1, 2], pad: [0, 1]);
            double tol = dt == DType.Float32 ? 1e-7 : 0;
            Check.Close(y, expected, tol, 0, $"2-D {dt}");
            // 1-D data (N, C, W) is a plane of one row.
            var x1 = WithSpecials(4 * 37, 6);
            var e1 = MaxRef(x1, 4, 1, 37, 1, 3, 1, 2, 0, 1, 1, 19, dt == DType.Float32 ? float.MinValue : double.MinValue);
            var y1 = Nd.Pooling(Nd.Array<double>(x1, new Shape(2, 2, 37)).AsType(dt, copy: false), [3], "max", stride: [2], pad: [1]);
            Check.Close(y1, e1, tol, 0, $"1-D {dt}");
        }
    }

    [Fact]
    public void Max2DWindowOfOnlyNaNOrMinusInfinityGivesTheLowestValue()
    {
        var x = new double[16];
        Array.Fill(x, double.NaN);
        x[0] = double.NegativeInfinity;
        var y = Nd.Pooling(Nd.Array<double>(x, new Shape(1, 1, 4, 4)).AsType(DType.Float32, copy: false), [2, 2], "max", stride: [2, 2]);
        Check.Close(y, [float.MinValue, float.MinValue, float.MinValue, float.MinValue], 0, 0);
    }

    [Theory]
    [InlineData("max")]
    [InlineData("avg")]
    [InlineData("sum")]
    public void GlobalPoolingOfEveryPlaneSize(string type)
    {
        foreach (var dt in new[] { DType.Float32, DType.Float64 })
            foreach (int side in new[] { 1, 2, 3, 4, 5, 7, 9, 12 })
            {
                int planes = 10, size = side * (side + 1);
                var x = type == "max" ? WithSpecials(planes * size, side) : Check.Rand(planes * size, side, -2, 2);
                var expected = new double[planes];
                for (int p = 0; p < planes; p++)
                {
                    double acc = type == "max" ? (dt == DType.Float32 ? float.MinValue : double.MinValue) : 0;
                    for (int i = 0; i < size; i++)
                    {
                        double v = x[p * size + i];
                        if (type == "max") { if (v > acc) acc = v; }
                        else acc += v;
                    }
                    expected[p] = type == "avg" ? acc / size : acc;
                }
                var X = Nd.Array<double>(x, new Shape(2, 5, side, side + 1)).AsType(dt, copy: false);
                var y = Nd.Pooling(X, [1, 1], type, globalPool: true);
                Assert.Equal(new Shape(2, 5, 1, 1), y.Shape);
                double tol = dt == DType.Float32 ? 1e-5 : 1e-12;
                Check.Close(y, expected, tol, tol, $"{type} {dt} {side}x{side + 1}");
            }
    }

    private static int OutSize(int n, int k, int s, int p, string convention)
    {
        int span = n + 2 * p - k;
        return (convention == "full" ? (span + s - 1) / s : span / s) + 1;
    }
}
