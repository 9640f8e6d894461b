using Gluon.Ops;
using static Gluon.Tests.IndexingRef;

namespace Gluon.Tests.Ops;

/// <summary>SequenceMask, SequenceLast, SequenceReverse, clip and hard_sigmoid.</summary>
public class SequenceClipTests
{
    /// <summary>Element offset of (t, b) in (T, B, rest) (axis 0) or (B, T, rest) (axis 1) data.</summary>
    private static int Off(int t, int b, int T, int B, int rest, int axis) => (axis == 0 ? t * B + b : b * T + t) * rest;

    public static TheoryData<int[], int, bool> SeqCases()
    {
        var d = new TheoryData<int[], int, bool>();
        foreach (bool use in new[] { false, true })
        {
            d.Add([5, 3], 0, use);
            d.Add([4, 2, 17], 0, use);
            d.Add([3, 6, 2], 1, use);
            d.Add([1, 1], 0, use);
            d.Add([2, 1, 0], 1, use);
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(SeqCases))]
    public void SequenceMaskMatchesReference(int[] shape, int axis, bool use)
    {
        int T = shape[axis], B = shape[1 - axis], rest = Prod(shape, 2, shape.Length);
        var x = Check.Rand(Prod(shape, 0, shape.Length), 81);
        var len = RandInts(B, -1, T + 1, 82);
        var expected = (double[])x.Clone();
        if (use)
            for (int b = 0; b < B; b++)
                for (int t = 0; t < T; t++)
                    if (t >= len[b])
                        for (int i = 0; i < rest; i++) expected[Off(t, b, T, B, rest, axis) + i] = -7;
        foreach (var lt in new[] { DType.Float32, DType.Int32 })
        {
            var r = Nd.SequenceMask(Arr(x, shape), use ? Idx(len, lt, B) : null, use, -7, axis);
            Check.Close(r, expected, 0, 0, $"SequenceMask {lt}");
        }
        var r32 = Nd.SequenceMask(Arr(x, shape).AsType(DType.Float32), use ? Idx(len, DType.Float32, B) : null, use, -7, axis);
        Check.Close(r32, expected, 1e-6, 1e-7, "SequenceMask float32");
        var lens = use ? Idx(len, DType.Float64, B) : null;
        Check.NumericGradient(a => Nd.SequenceMask(a[0], use ? a[1] : null, use, -7, axis),
            use ? [Arr(x, shape), lens!] : [Arr(x, shape)], skip: use ? [1] : null);
    }

    [Theory]
    [MemberData(nameof(SeqCases))]
    public void SequenceLastMatchesReference(int[] shape, int axis, bool use)
    {
        int T = shape[axis], B = shape[1 - axis], rest = Prod(shape, 2, shape.Length);
        var x = Check.Rand(Prod(shape, 0, shape.Length), 83);
        var len = RandInts(B, 1, T, 84);
        var expected = new double[B * rest];
        for (int b = 0; b < B; b++)
        {
            int t = use ? (int)len[b] - 1 : T - 1;
            for (int i = 0; i < rest; i++) expected[b * rest + i] = x[Off(t, b, T, B, rest, axis) + i];
        }
        var outShape = shape.Where((_, i) => i != axis).ToArray();
        foreach (var lt in new[] { DType.Float32, DType.Int64 })
        {
            var r = Nd.SequenceLast(Arr(x, shape), use ? Idx(len, lt, B) : null, use, axis);
            Assert.Equal(new Shape(outShape), r.Shape);
            Check.Close(r, expected, 0, 0, $"SequenceLast {lt}");
        }
        var lens = use ? Idx(len, DType.Float64, B) : null;
        Check.NumericGradient(a => Nd.SequenceLast(a[0], use ? a[1] : null, use, axis),
            use ? [Arr(x, shape), lens!] : [Arr(x, shape)], skip: use ? [1] : null);
    }

    [Theory]
    [InlineData(new[] { 5, 3 }, false)]
    [InlineData(new[] { 5, 3 }, true)]
    [InlineData(new[] { 4, 2, 17 }, true)]
    [InlineData(new[] { 1, 1 }, true)]
    [InlineData(new[] { 3, 0, 2 }, false)]
    public void SequenceReverseMatchesReference(int[] shape, bool use)
    {
        int T = shape[0], B = shape[1], rest = Prod(shape, 2, shape.Length);
        var x = Check.Rand(Prod(shape, 0, shape.Length), 85);
        var len = RandInts(B, 0, T, 86);
        var expected = new double[x.Length];
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++)
            {
                int l = use ? (int)len[b] : T;
                int src = t < l ? l - 1 - t : t;
                for (int i = 0; i < rest; i++) expected[Off(t, b, T, B, rest, 0) + i] = x[Off(src, b, T, B, rest, 0) + i];
            }
        var r = Nd.SequenceReverse(Arr(x, shape), use ? Idx(len, DType.Int32, B) : null, use);
        Check.Close(r, expected, 0, 0, "SequenceReverse");
        var ri = Nd.SequenceReverse(Arr(x, shape).AsType(DType.Int64), use ? Idx(len, DType.Float32, B) : null, use);
        Check.Close(ri, expected.Select(Math.Truncate).ToArray(), 0, 0, "SequenceReverse int64");
        var lens = use ? Idx(len, DType.Float64, B) : null;
        Check.NumericGradient(a => Nd.SequenceReverse(a[0], use ? a[1] : null, use),
            use ? [Arr(x, shape), lens!] : [Arr(x, shape)], skip: use ? [1] : null);
    }

    [Fact]
    public void SequenceOpsRejectBadInput()
    {
        var x = Arr(Check.Rand(12), 4, 3);
        Check.Throws<ArgumentException>(() => Nd.SequenceMask(x, Nd.Array(new[] { 1, 2 }), true), "SequenceMask", "sequence_length", "(2,)", "(4, 3)");
        Check.Throws<ArgumentException>(() => Nd.SequenceMask(x, Nd.Array(new[] { 1, 2, 3 }), true, 0, 1), "SequenceMask", "(3,)", "(4,)", "(4, 3)");
        Check.Throws<ArgumentException>(() => Nd.SequenceMask(x, null, false, 0, 2), "SequenceMask", "axis", "2");
        Check.Throws<ArgumentException>(() => Nd.SequenceMask(Arr([1, 2], 2)), "SequenceMask", "(2,)");
        Check.Throws<ArgumentException>(() => Nd.SequenceMask(x, null, true), "SequenceMask", "sequence_length");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.SequenceLast(x, Nd.Array(new[] { 1, 0, 2 }), true), "SequenceLast", "sequence_length[1] = 0", "(4, 3)");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.SequenceLast(x, Nd.Array(new[] { 1, 5, 2 }), true), "SequenceLast", "= 5");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.SequenceReverse(x, Nd.Array(new[] { 1, 5, 2 }), true), "SequenceReverse", "= 5", "(4, 3)");
        Check.Throws<ArgumentException>(() => Nd.SequenceReverse(x, null, false, 1), "SequenceReverse", "axis", "1");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(100)]
    [InlineData(70000)]
    public void ClipMatchesReference(int n)
    {
        var x = Check.Rand(n, n, -3, 3);
        if (n > 2) x[1] = double.NaN;
        var expected = x.Select(v => v > 1.25 ? 1.25 : v < -0.5 ? -0.5 : v).ToArray();
        Check.Close(Nd.Clip(Arr(x, n), -0.5, 1.25), expected, 0, 0, "clip");
        Check.Close(Arr(x, n).AsType(DType.Float32).Clip(-0.5, 1.25), expected, 1e-6, 1e-7, "clip float32");
        // MXNet's order of tests: above a_max wins even when a_min > a_max.
        var inv = x.Select(v => v > -1 ? -1 : v < 1 ? 1 : v).ToArray();
        Check.Close(Nd.Clip(Arr(x, n), 1, -1), inv, 0, 0, "clip inverted bounds");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(19)]
    [InlineData(100)]
    [InlineData(70000)]
    public void HardSigmoidMatchesReference(int n)
    {
        var x = Check.Rand(n, n + 3, -5, 5);
        var expected = x.Select(v => Math.Max(0, Math.Min(1, 0.3 * v + 0.4))).ToArray();
        Check.Close(Nd.HardSigmoid(Arr(x, n), 0.3, 0.4), expected, 1e-15, 1e-15, "hard_sigmoid");
        Check.Close(Nd.HardSigmoid(Arr(x, n).AsType(DType.Float32), 0.3, 0.4), expected, 1e-6, 1e-6, "hard_sigmoid float32");
        var def = x.Select(v => Math.Max(0, Math.Min(1, 0.2 * v + 0.5))).ToArray();
        Check.Close(Nd.HardSigmoid(Arr(x, n)), def, 1e-15, 1e-15, "hard_sigmoid defaults");
    }

    [Fact]
    public void ClipAndHardSigmoidGradients()
    {
        // Points kept away from the kinks so central differences do not straddle them.
        double[] v = [-2.0, -0.7, -0.3, 0.1, 0.6, 1.1, 1.4, 3.0, 0.9, -0.45];
        Check.NumericGradient(a => Nd.Clip(a[0], -0.5, 1.25), [Arr(v, 2, 5)]);
        double[] h = [-4, -2.6, -1, 0, 1.3, 2.4, 2.6, 4];
        Check.NumericGradient(a => Nd.HardSigmoid(a[0]), [Arr(h, 8)]);
        Check.NumericGradient(a => Nd.HardSigmoid(a[0], 0.7, -0.1), [Arr(h, 8)]);
    }

    [Fact]
    public void ClipRequiresBothBounds()
    {
        var x = Arr([1, 2], 2);
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("clip", new OpAttrs { { "a_min", 0.0 } }, x), "clip", "a_max");
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("clip", new OpAttrs { { "a_min", "x" }, { "a_max", 1.0 } }, x), "a_min", "x");
    }
}
