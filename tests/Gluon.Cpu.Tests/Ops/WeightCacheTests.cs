using Gluon.Cpu.Kernels;

namespace Gluon.Tests.Ops;

/// <summary>
/// Transformed convolution weights kept between calls (<see cref="WeightCache"/>): the cached form
/// is used only while the weights are unchanged. Every way of writing them (a span, an optimizer
/// update into them, an indexed assignment, a copy into them) must show in the next forward, which
/// is checked against plain loops in double after each write.
/// </summary>
public class WeightCacheTests
{
    // Batch 1, 128 → 128 channels, 14×14: 16 tiles, the shape where Winograd runs only on cached weights.
    private const int N = 1, C = 128, F = 128, H = 14;
    private static readonly int[] Xs = [N, C, H, H], Ws = [F, C, 3, 3];

    [Fact]
    public void RepeatedForwardsUseTheCacheAndFollowEveryWrite()
    {
        var x = Check.Rand(N * C * H * H, 1);
        var w = Check.Rand(F * C * 9, 2);
        var b = Check.Rand(F, 3);
        var X = Nd.Array<double>(x, Xs).AsType(DType.Float32);
        var W = Nd.Array<double>(w, Ws).AsType(DType.Float32);
        var B = Nd.Array<double>(b).AsType(DType.Float32);
        long layout = Winograd.ULayout(C, F, flip: false), floats = 36L * Winograd.UPlane(C, F);

        void Forward(string what)
        {
            using var y = Nd.Convolution(X, W, B, [3, 3], F, pad: [1, 1]);
            var expected = ConvRef.Conv(x, Xs, w, Ws, b, [1, 1], [1, 1], [1, 1], 1, out _);
            Check.Close(y, expected, 1e-4, 1e-3, what);
        }

        // First call: direct kernel, version recorded; second: Winograd transforms into the cache; third: read from it.
        for (int i = 0; i < 3; i++) Forward($"unchanged weights, call {i + 1}");
        Assert.True(WeightCache.Holds(WeightKey.Of(W), layout, floats), "the transformed weights should be cached after three calls");

        // A write through a span.
        W.Span<float>()[5] = 0.75f;
        w[5] = 0.75;
        Assert.False(WeightCache.Holds(WeightKey.Of(W), layout, floats), "a span taken for writing must invalidate the cached form");
        Forward("after a span write");
        Forward("after a span write, again");

        // An optimizer update written into the weights (a training step).
        var grad = Check.Rand(F * C * 9, 4);
        using (var G = Nd.Array<double>(grad, Ws).AsType(DType.Float32)) Nd.SgdUpdate(W, G, lr: 0.5, @out: W);
        var updated = W.AsType(DType.Float64).Span<double>().ToArray();
        for (int i = 0; i < w.Length; i++) Assert.True(Math.Abs(updated[i] - (w[i] - 0.5 * grad[i])) < 1e-5, $"sgd update at {i}");
        w = updated;
        Forward("after an SGD update into the weights");
        Forward("after an SGD update, again");

        // An indexed assignment of a whole filter.
        W[3] = Nd.Zeros(new Shape(C, 3, 3));
        Array.Clear(w, 3 * C * 9, C * 9);
        Forward("after an indexed assignment");

        // A copy into the weights.
        var w2 = Check.Rand(F * C * 9, 5);
        using (var W2 = Nd.Array<double>(w2, Ws).AsType(DType.Float32)) W2.CopyTo(W);
        w = w2;
        Forward("after a copy into the weights");
        Forward("after a copy, again");
    }

    [Fact]
    public void WeightsThatChangeEveryCallAreNotCached()
    {
        var w = Check.Rand(F * C * 9, 7);
        var W = Nd.Array<double>(w, Ws).AsType(DType.Float32);
        long layout = Winograd.ULayout(C, F, flip: false), floats = 36L * Winograd.UPlane(C, F);
        for (int step = 0; step < 4; step++)
        {
            // Every step writes the weights, as training does: the version never repeats.
            W.Span<float>()[step] = step;
            Assert.False(WeightCache.Holds(WeightKey.Of(W), layout, floats), $"step {step}: nothing may be cached for weights written every step");
        }
    }

    [Fact]
    public void ViewsOfOneStorageAreKeptApart()
    {
        // Two filter banks in one storage (views at different offsets) must not share a cached form.
        var both = Check.Rand(2 * F * C * 9, 8);
        var all = Nd.Array<double>(both, new Shape(2 * F, C, 3, 3)).AsType(DType.Float32);
        var x = Check.Rand(N * C * H * H, 9);
        var X = Nd.Array<double>(x, Xs).AsType(DType.Float32);
        for (int call = 0; call < 3; call++)
            for (int half = 0; half < 2; half++)
            {
                using var W = all.View(new Shape(F, C, 3, 3), half * F * C * 9);
                Assert.True(W.SharesStorageWith(all));
                using var y = Nd.Convolution(X, W, null, [3, 3], F, pad: [1, 1], noBias: true);
                var wHalf = both.AsSpan(half * F * C * 9, F * C * 9).ToArray();
                Check.Close(y, ConvRef.Conv(x, Xs, wHalf, Ws, null, [1, 1], [1, 1], [1, 1], 1, out _), 1e-4, 1e-3, $"call {call}, half {half}");
            }
    }
}
