using Gluon.Ops;
using static Gluon.Tests.NormArrays;

namespace Gluon.Tests.Ops;

/// <summary>
/// _contrib_BatchNormWithReLU (Nd.Contrib.BatchNormWithReLU): y = max(0, BatchNorm(x)) with
/// BatchNorm's statistics outputs and moving-statistics update, checked against a plain reference,
/// against BatchNorm followed by relu (values, stats and gradients), and by finite differences.
/// </summary>
public class BatchNormWithReLUTests
{
    private static int Channels(int[] shape, int axis) => shape[axis < 0 ? axis + shape.Length : axis];

    private static readonly BatchNormLike Fused = (x, g, b, mm, mv, fixGamma, globalStats, meanVar, axis) =>
        Nd.Contrib.BatchNormWithReLU(x, g, b, mm, mv, fixGamma: fixGamma, useGlobalStats: globalStats, outputMeanVar: meanVar, axis: axis);

    private static NDArray V(int n, double value = 1) => Nd.Full(new Shape(n), value, DType.Float64);

    // Long planes (≥ 16, one channel plane per run), short planes (whole rows of channels), axis 0, 2 and -1.
    public static TheoryData<int[], int, bool> Shapes() => new()
    {
        { [2, 3, 20], 1, false },
        { [2, 3, 4, 5], 1, true },
        { [3, 2, 1, 17], 1, false },
        { [17, 5], 1, false },
        { [4, 3], 1, true },
        { [4, 5, 6], -1, false },
        { [2, 3, 4, 5], 2, false },
        { [5, 3], 0, true },
        { [1, 1, 1, 1], 1, false },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TrainingMatchesReference(int[] shape, int axis, bool fixGamma)
    {
        int c = Channels(shape, axis);
        var x = Check.Rand(Prod(shape), 1, -2, 3);
        var (g, b, mm, mv) = BatchNormParams(c);
        var r = NormRef.BatchNorm(x, shape, axis, g, b, mm, mv, 1e-3, 0.9, fixGamma, train: true);
        var y = r.Y.Select(v => Math.Max(0, v)).ToArray();
        if (y.Length > 1)
        {
            // Both sides of the relu are exercised.
            Assert.Contains(y, v => v == 0);
            Assert.Contains(y, v => v > 0);
        }
        foreach (var dt in Types)
        {
            var (rt, at) = Tol(dt);
            var (mmA, mvA) = (A(mm, [c], dt), A(mv, [c], dt));
            NDArray[] o;
            using (Autograd.TrainMode())
                o = Nd.Contrib.BatchNormWithReLU(A(x, shape, dt), A(g, [c], dt), A(b, [c], dt), mmA, mvA, fixGamma: fixGamma, outputMeanVar: true, axis: axis);
            Assert.Equal(3, o.Length);
            Assert.Equal(dt, o[0].DType);
            Check.Close(o[0], y, rt, at, $"y {dt}");
            Assert.DoesNotContain(o[0].ToArray<double>(), v => v < 0 || double.IsNegative(v));
            // The statistics are BatchNorm's, before the relu.
            Check.Close(o[1], r.Mean, rt, at, $"mean {dt}");
            Check.Close(o[2], r.Var, rt, at, $"var {dt}");
            Check.Close(mmA, r.MovMean, rt, at, $"moving_mean {dt}");
            Check.Close(mvA, r.MovVar, rt, at, $"moving_var {dt}");
        }
    }

    [Theory]
    [InlineData(false, false, 1)]
    [InlineData(true, true, 1)]
    [InlineData(false, false, -1)]
    [InlineData(true, true, 0)]
    public void InferenceAndGlobalStatsUseMovingStatsAndLeaveThem(bool train, bool useGlobalStats, int axis)
    {
        foreach (var shape in new[] { new[] { 3, 4, 5 }, new[] { 2, 4, 33 } })
        {
            int c = Channels(shape, axis);
            var x = Check.Rand(Prod(shape), 1, -2, 2);
            var (g, b, mm, mv) = BatchNormParams(c);
            var r = NormRef.BatchNorm(x, shape, axis, g, b, mm, mv, 1e-3, 0.9, false, train: false);
            foreach (var dt in Types)
            {
                var (rt, at) = Tol(dt);
                var (mmA, mvA) = (A(mm, [c], dt), A(mv, [c], dt));
                var (mm0, mv0) = (mmA.ToArray<double>(), mvA.ToArray<double>());
                NDArray[] o;
                using (train ? Autograd.TrainMode() : Autograd.PredictMode())
                    o = Nd.Contrib.BatchNormWithReLU(A(x, shape, dt), A(g, [c], dt), A(b, [c], dt), mmA, mvA,
                        fixGamma: false, useGlobalStats: useGlobalStats, outputMeanVar: true, axis: axis);
                Check.Close(o[0], r.Y.Select(v => Math.Max(0, v)).ToArray(), rt, at, $"y {dt} {string.Join('x', shape)}");
                Check.Close(o[1], mm, rt, at, "mean output = moving mean");
                Check.Close(o[2], mv, rt, at, "var output = moving var");
                Check.Close(mmA, mm0, 0, 0, "moving_mean untouched");
                Check.Close(mvA, mv0, 0, 0, "moving_var untouched");
            }
        }
    }

    [Theory]
    [InlineData(new[] { 0, 3, 2, 2 })]
    [InlineData(new[] { 2, 3, 0 })]
    public void EmptyBatchKeepsMovingStats(int[] shape)
    {
        var mm = A(Check.Rand(3, 1), [3]);
        var mv = A(Check.Rand(3, 2, 0.5, 1), [3]);
        var before = (mm.ToArray<double>(), mv.ToArray<double>());
        NDArray[] o;
        using (Autograd.TrainMode())
            o = Nd.Contrib.BatchNormWithReLU(Nd.Zeros(new Shape(shape), DType.Float64), V(3), V(3, 0), mm, mv, outputMeanVar: true);
        Assert.Equal(new Shape(shape), o[0].Shape);
        Assert.Equal(new double[3], o[1].ToArray<double>());
        Assert.Equal(before.Item1, mm.ToArray<double>());
        Assert.Equal(before.Item2, mv.ToArray<double>());
    }

    [Fact]
    public void NaNGivesZeroAndSignOfZeroIsPositive()
    {
        // Inference: x = NaN normalizes to NaN, which relu maps to 0 (MXNet's x > 0 ? x : 0).
        var xv = new[] { double.NaN, -1, 0.5, 2, double.NaN, -3 };
        var mm = new double[] { 0, 0 };
        var mv = new double[] { 1, 1 };
        foreach (var dt in Types)
        {
            var y = Nd.Contrib.BatchNormWithReLU(A(xv, [3, 2], dt), A([1, 1], [2], dt), A([0, 0], [2], dt), A(mm, [2], dt), A(mv, [2], dt), eps: 0)[0].ToArray<double>();
            Assert.Equal(new double[] { 0, 0, 0.5, 2, 0, 0 }, y);
            Assert.DoesNotContain(y, double.IsNegative);
        }
    }

    [Fact]
    public void MovingStatsFollowBatchNormExactly()
    {
        int[] shape = [4, 3, 5];
        var x = Check.RandArray(new Shape(shape), 1, -2, 3);
        var g = Check.RandArray(new Shape(3), 2, 0.5, 1.5);
        var b = Check.RandArray(new Shape(3), 3);
        NDArray Mm() => Check.RandArray(new Shape(3), 4);
        NDArray Mv() => Check.RandArray(new Shape(3), 5, 0.5, 1.5);
        var (mm1, mv1, mm2, mv2) = (Mm(), Mv(), Mm(), Mv());
        using (Autograd.Record())
            for (int step = 0; step < 3; step++)
            {
                Nd.BatchNorm(x, g, b, mm1, mv1, momentum: 0.7);
                Nd.Contrib.BatchNormWithReLU(x, g, b, mm2, mv2, momentum: 0.7);
            }
        Assert.Equal(mm1.ToArray<double>(), mm2.ToArray<double>());
        Assert.Equal(mv1.ToArray<double>(), mv2.ToArray<double>());
        // A plain call is predict mode and leaves them.
        Nd.Contrib.BatchNormWithReLU(x, g, b, mm2, mv2);
        Assert.Equal(mm1.ToArray<double>(), mm2.ToArray<double>());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EqualsBatchNormThenRelu(int[] shape, int axis, bool fixGamma)
    {
        int c = Channels(shape, axis);
        foreach (var dt in Types)
            foreach (bool train in new[] { true, false })
            {
                var x = Check.RandArray(new Shape(shape), 1, -2, 3, dt);
                var g = Check.RandArray(new Shape(c), 2, 0.5, 1.5, dt);
                var b = Check.RandArray(new Shape(c), 3, -1, 1, dt);
                var mv = Check.RandArray(new Shape(c), 5, 0.5, 1.5, dt);
                NDArray[] Grads(bool fused, out NDArray y)
                {
                    var a = new[] { Nd.Copy(x), Nd.Copy(g), Nd.Copy(b) };
                    foreach (var i in a) i.AttachGrad();
                    var mm = Nd.Zeros(new Shape(c), dt);
                    using (Autograd.Record(train))
                        y = fused
                            ? Nd.Contrib.BatchNormWithReLU(a[0], a[1], a[2], mm, Nd.Copy(mv), fixGamma: fixGamma, axis: axis)[0]
                            : Nd.Relu(Nd.BatchNorm(a[0], a[1], a[2], mm, Nd.Copy(mv), fixGamma: fixGamma, axis: axis)[0]);
                    y.Backward(Check.RandArray(y.Shape, 21, 0.5, 1.5, dt), trainMode: train);
                    return [.. a.Select(i => i.Grad!)];
                }
                var gf = Grads(true, out var yf);
                var gc = Grads(false, out var yc);
                // Same kernel, the relu applied as it writes: bit for bit.
                Assert.Equal(yc.ToArray<double>(), yf.ToArray<double>());
                var (rt, at) = dt == DType.Float64 ? (1e-9, 1e-10) : (1e-3, 1e-4);
                string[] names = ["data", "gamma", "beta"];
                for (int i = 0; i < 3; i++) Check.Close(gc[i], gf[i], rt, at, $"{names[i]} gradient {dt} train={train}");
            }
    }

    [Fact]
    public void LargeShapesUseThreadsAndMatchBatchNormThenRelu()
    {
        foreach (var (shape, axis) in new[] { (new[] { 8, 16, 32, 32 }, 1), (new[] { 4096, 40 }, 1), (new[] { 64, 9, 3 }, 1) })
        {
            int c = shape[axis];
            var x = Check.RandArray(new Shape(shape), 7, -1, 2, DType.Float32);
            var g = Check.RandArray(new Shape(c), 8, 0.5, 1.5, DType.Float32);
            var b = Check.RandArray(new Shape(c), 9, -1, 1, DType.Float32);
            var (mm1, mv1, mm2, mv2) = (Nd.Zeros(new Shape(c)), Nd.Ones(new Shape(c)), Nd.Zeros(new Shape(c)), Nd.Ones(new Shape(c)));
            NDArray y1, y2;
            using (Autograd.TrainMode())
            {
                y1 = Nd.Relu(Nd.BatchNorm(x, g, b, mm1, mv1, eps: 1e-5, fixGamma: false, axis: axis)[0]);
                y2 = Nd.Contrib.BatchNormWithReLU(x, g, b, mm2, mv2, eps: 1e-5, fixGamma: false, axis: axis)[0];
            }
            Assert.Equal(y1.ToArray<float>(), y2.ToArray<float>());
            Assert.Equal(mv1.ToArray<float>(), mv2.ToArray<float>());
            using (Autograd.PredictMode())
            {
                y1 = Nd.Relu(Nd.BatchNorm(x, g, b, mm1, mv1, eps: 1e-5, fixGamma: false, axis: axis)[0]);
                y2 = Nd.Contrib.BatchNormWithReLU(x, g, b, mm2, mv2, eps: 1e-5, fixGamma: false, axis: axis)[0];
            }
            Assert.Equal(y1.ToArray<float>(), y2.ToArray<float>());
        }
    }

    [Theory]
    [InlineData(new[] { 6, 3 }, 1, false)]
    [InlineData(new[] { 3, 4, 5 }, 1, false)]
    [InlineData(new[] { 2, 3, 4 }, -1, false)]
    [InlineData(new[] { 2, 3, 2, 2 }, 1, true)]
    [InlineData(new[] { 3, 2, 17 }, 1, false)]
    public void TrainGradientMatchesFiniteDifferences(int[] shape, int axis, bool fixGamma) =>
        NormArrays.TrainGradientMatchesFiniteDifferences(Fused, shape, axis, fixGamma);

    [Fact]
    public void GlobalStatsGradientMatchesFiniteDifferences() =>
        NormArrays.GlobalStatsGradientMatchesFiniteDifferences(Fused, new Shape(2, 3, 17));

    /// <summary>output_mean_var takes the gradient built from ops (mask included); the stats carry no relu.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GradientThroughMeanAndVarOutputs(int output) => NormArrays.GradientThroughMeanAndVarOutputs(Fused, output);

    [Theory]
    [InlineData(new[] { 6, 3 }, 1, true)]
    [InlineData(new[] { 4, 5, 40 }, 1, true)]
    [InlineData(new[] { 3, 4, 20 }, 1, false)]
    [InlineData(new[] { 5, 7 }, -1, true)]
    [InlineData(new[] { 512, 40 }, 1, true)]
    public void FusedGradientMatchesTheCompositeOne(int[] shape, int axis, bool train)
    {
        int c = Channels(shape, axis);
        foreach (var dt in Types)
        {
            var mv = Check.RandArray(new Shape(c), 5, 0.5, 1.5, dt);
            CheckFusedMatchesComposite(
                a => Nd.Contrib.BatchNormWithReLU(a[0], a[1], a[2], Nd.Zeros(new Shape(c), dt), mv, fixGamma: false, axis: axis)[0],
                [Check.RandArray(new Shape(shape), 1, -2, 3, dt), Check.RandArray(new Shape(c), 2, 0.5, 1.5, dt), Check.RandArray(new Shape(c), 3, -1, 1, dt)], dt, train);
        }
    }

    [Fact]
    public void FixGammaGivesZeroGammaGradient()
    {
        var x = Check.RandArray(new Shape(4, 3), 1);
        var g = Check.RandArray(new Shape(3), 2, 0.5, 1.5);
        g.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.Contrib.BatchNormWithReLU(x, g, Nd.Zeros(new Shape(3), DType.Float64), Nd.Zeros(new Shape(3), DType.Float64), Nd.Ones(new Shape(3), DType.Float64))[0];
        y.Backward(Check.RandArray(y.Shape, 3));
        Assert.Equal(new double[3], g.Grad!.ToArray<double>());
    }

    [Fact]
    public void DefinitionMirrorsBatchNorm()
    {
        var op = OpRegistry.Get("_contrib_BatchNormWithReLU");
        Assert.Same(op, OpRegistry.Get("_npx_batch_norm_with_relu"));
        var bn = OpRegistry.Get("BatchNorm");
        var p = op.Parse(new OpAttrs { { "axis", -1 } });
        Assert.Equal(bn.InputNames(p), op.InputNames(p));
        Assert.Equal(bn.OutputNames(p), op.OutputNames(p));
        Assert.Equal([3, 4], op.AuxInputs(p));
        Assert.Equal(1, op.NumVisibleOutputs(p));
        Assert.Equal(3, op.NumVisibleOutputs(op.Parse(new OpAttrs { { "output_mean_var", true } })));
        var filled = op.InferInputShapes(p, [new Shape(2, 5, 7), null, null, null, null]);
        for (int i = 1; i < 5; i++) Assert.Equal(new Shape(7), filled[i]);
        // MXNet's defaults: eps 1e-3, momentum 0.9, fix_gamma true, axis 1.
        Assert.Equal(bn.Parse(new OpAttrs()), op.Parse(new OpAttrs()));
        var all = Imperative.Invoke("_contrib_BatchNormWithReLU", null, Check.RandArray(new Shape(2, 3)), V(3), V(3), V(3, 0), V(3));
        Assert.Equal(3, all.Length);
    }

    [Fact]
    public void BadInputsNameTheOpAndShapes()
    {
        var x = Check.RandArray(new Shape(2, 3, 4));
        const string Op = "_contrib_BatchNormWithReLU";
        Check.Throws<ArgumentException>(() => Nd.Contrib.BatchNormWithReLU(x, V(4), V(3), V(3), V(3)), Op, "gamma", "(4,)", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Contrib.BatchNormWithReLU(x, V(3), V(2), V(3), V(3)), Op, "beta", "(2,)", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Contrib.BatchNormWithReLU(x, V(3), V(3), V(3), V(2)), Op, "moving_var", "(2,)", "(2, 3, 4)");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.Contrib.BatchNormWithReLU(x, V(3), V(3), V(3), V(3), axis: 3), Op, "axis 3", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.Contrib.BatchNormWithReLU(x, V(3).AsType(DType.Float32), V(3), V(3), V(3)), Op, "gamma float32");
        Check.Throws<ArgumentException>(() => Nd.Contrib.BatchNormWithReLU(x, V(3), V(3), V(3), V(3), eps: -1), Op, "eps");
        const string Back = "_backward_contrib_BatchNormWithReLU";
        Check.Throws<ArgumentException>(() => Imperative.Invoke(Back, null, x, x, V(3), V(3), V(3), Check.RandArray(new Shape(2, 3))),
            Back, "output", "(2, 3)", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Imperative.Invoke(Back, null, x, x, V(3), V(4), V(3), x), Back, "mean", "(4,)", "(2, 3, 4)");
        // Moving stats are untouched by a rejected call.
        var mm = V(3, 0.25);
        using (Autograd.TrainMode())
            Check.Throws<ArgumentException>(() => Nd.Contrib.BatchNormWithReLU(x, V(3), V(3), mm, V(2)), Op, "moving_var");
        Assert.Equal(new[] { 0.25, 0.25, 0.25 }, mm.ToArray<double>());
    }
}
