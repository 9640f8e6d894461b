using Gluon.Cpu.Kernels;

namespace Gluon.Tests.Ops;

/// <summary>
/// Transformed convolution weights kept between calls (<see cref="WeightCache"/>): the cached form
/// is used only while the weights are unchanged. Every way of writing them (a span, an optimizer
/// update into them, an indexed assignment, a copy into them) must show in the next forward, which
/// is checked against plain loops in double after each write. The cache is process-wide and these
/// tests assert what it holds (and one shrinks its budget), so they run alone.
/// </summary>
[Collection(WeightCacheCollection.Name)]
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

    [Fact]
    public void ABudgetForFourFormsCyclesFiveWeightsCorrectly()
    {
        WithBudgetForFourForms((layout, floats, form) =>
        {
            var x = Check.Rand(N * C * H * H, 20);
            var X = Nd.Array<double>(x, Xs).AsType(DType.Float32);
            var ws = new double[5][];
            var Ws_ = new NDArray[5];
            for (int i = 0; i < 5; i++)
            {
                ws[i] = Check.Rand(F * C * 9, 21 + i);
                Ws_[i] = Nd.Array<double>(ws[i], Ws).AsType(DType.Float32);
            }
            for (int round = 0; round < 4; round++)
                for (int i = 0; i < 5; i++)
                {
                    using var y = Nd.Convolution(X, Ws_[i], null, [3, 3], F, pad: [1, 1], noBias: true);
                    Check.Close(y, ConvRef.Conv(x, Xs, ws[i], Ws, null, [1, 1], [1, 1], [1, 1], 1, out _), 1e-4, 1e-3, $"round {round}, weights {i}");
                    Assert.True(WeightCache.HeldBytes <= WeightCache.BudgetBytes, $"round {round}, weights {i}: {WeightCache.HeldBytes} bytes held over a budget of {WeightCache.BudgetBytes}");
                }
            // Forms used in every round never go stale: four stay, the fifth is transformed per call (no churn).
            Assert.True(WeightCache.HeldBytes >= 4 * form, "four forms should be held once five weights cycle through a budget for four");
        });
    }

    [Fact]
    public void FormsOfWeightsNoLongerUsedMakeRoomForNewOnes()
    {
        WithBudgetForFourForms((layout, floats, form) =>
        {
            var X = Nd.Array<double>(Check.Rand(N * C * H * H, 30), Xs).AsType(DType.Float32);
            var W = new NDArray[6];
            for (int i = 0; i < 6; i++) W[i] = Nd.Array<double>(Check.Rand(F * C * 9, 31 + i), Ws).AsType(DType.Float32);
            void Call(int i) => Nd.Convolution(X, W[i], null, [3, 3], F, pad: [1, 1], noBias: true).Dispose();
            // A first network of four weights fills the budget.
            for (int round = 0; round < 3; round++)
                for (int i = 0; i < 4; i++) Call(i);
            for (int i = 0; i < 4; i++) Assert.True(WeightCache.HoldsForm(WeightKey.Of(W[i]), layout, floats), $"weights {i} of the first network should be cached");
            // A second network of two weights runs for a while: the first one's forms go stale and make room.
            for (int round = 0; round < 10; round++)
            {
                Call(4);
                Call(5);
            }
            Assert.True(WeightCache.HoldsForm(WeightKey.Of(W[4]), layout, floats), "the second network's first weights should be cached");
            Assert.True(WeightCache.HoldsForm(WeightKey.Of(W[5]), layout, floats), "the second network's second weights should be cached");
            Assert.True(WeightCache.HeldBytes <= WeightCache.BudgetBytes);
        });
    }

    /// <summary>Runs <paramref name="body"/> (given U's layout, floats and bytes per form) on an emptied cache with room for four 128 → 128 forms, then restores the budget.</summary>
    private static void WithBudgetForFourForms(Action<long, long, long> body)
    {
        long layout = Winograd.ULayout(C, F, flip: false), floats = 36L * Winograd.UPlane(C, F), form = floats * sizeof(float) + 64;
        long saved = WeightCache.BudgetBytes;
        try
        {
            WeightCache.Clear();
            WeightCache.BudgetBytes = 4 * form + 100;
            body(layout, floats, form);
        }
        finally
        {
            WeightCache.BudgetBytes = saved;
            WeightCache.Clear();
        }
    }
}
