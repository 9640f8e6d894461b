using Gluon.Ops;
using static Gluon.Tests.NormArrays;

namespace Gluon.Tests.Ops;

public class NormalizationTests
{
    private static int Axis(int[] shape, int axis) => axis < 0 ? axis + shape.Length : axis;

    private static readonly BatchNormLike BatchNormOp = (x, g, b, mm, mv, fixGamma, globalStats, meanVar, axis) =>
        Nd.BatchNorm(x, g, b, mm, mv, fixGamma: fixGamma, useGlobalStats: globalStats, outputMeanVar: meanVar, axis: axis);

    // ---- BatchNorm ---------------------------------------------------------------------------

    [Theory]
    [InlineData(new[] { 4, 3 }, 1, false)]
    [InlineData(new[] { 17, 5 }, 1, false)]
    [InlineData(new[] { 2, 3, 4, 5 }, 1, false)]
    [InlineData(new[] { 3, 2, 1, 17 }, 1, false)]
    [InlineData(new[] { 2, 3, 20 }, 1, true)]
    [InlineData(new[] { 1, 1, 1, 1 }, 1, false)]
    [InlineData(new[] { 4, 5, 6 }, -1, false)]
    [InlineData(new[] { 2, 3, 4, 5 }, 2, true)]
    [InlineData(new[] { 5, 3 }, 0, false)]
    [InlineData(new[] { 33, 7 }, -1, true)]
    public void BatchNormTrainMatchesReference(int[] shape, int axis, bool fixGamma)
    {
        int c = shape[Axis(shape, axis)];
        var x = Check.Rand(Prod(shape), 1, -2, 3);
        var (g, b, mm, mv) = BatchNormParams(c);
        var r = NormRef.BatchNorm(x, shape, axis, g, b, mm, mv, 1e-3, 0.9, fixGamma, train: true);
        foreach (var dt in Types)
        {
            var (rt, at) = Tol(dt);
            var (mmA, mvA) = (A(mm, [c], dt), A(mv, [c], dt));
            NDArray[] o;
            using (Autograd.TrainMode())
                o = Nd.BatchNorm(A(x, shape, dt), A(g, [c], dt), A(b, [c], dt), mmA, mvA, fixGamma: fixGamma, outputMeanVar: true, axis: axis);
            Assert.Equal(3, o.Length);
            Assert.Equal(dt, o[0].DType);
            Check.Close(o[0], r.Y, rt, at, $"y {dt}");
            Check.Close(o[1], r.Mean, rt, at, $"mean {dt}");
            Check.Close(o[2], r.Var, rt, at, $"var {dt}");
            Check.Close(mmA, r.MovMean, rt, at, $"moving_mean {dt}");
            Check.Close(mvA, r.MovVar, rt, at, $"moving_var {dt}");
        }
    }

    [Fact]
    public void BatchNormLargeUsesBothLayoutsAndThreads()
    {
        foreach (var (shape, axis) in new[] { (new[] { 8, 16, 32, 32 }, 1), (new[] { 4096, 40 }, 1), (new[] { 64, 9, 3 }, 1) })
        {
            int c = shape[axis];
            var x = Check.Rand(Prod(shape), 7, -1, 2);
            var g = Check.Rand(c, 8, 0.5, 1.5);
            var b = Check.Rand(c, 9);
            var r = NormRef.BatchNorm(x, shape, axis, g, b, new double[c], Enumerable.Repeat(1.0, c).ToArray(), 1e-5, 0.9, false, true);
            var mm = Nd.Zeros(new Shape(c));
            var mv = Nd.Ones(new Shape(c));
            NDArray y;
            using (Autograd.TrainMode()) y = Nd.BatchNorm(A(x, shape, DType.Float32), A(g, [c], DType.Float32), A(b, [c], DType.Float32), mm, mv, eps: 1e-5, fixGamma: false, axis: axis)[0];
            Check.Close(y, r.Y, 1e-4, 1e-4, "large y");
            Check.Close(mm, r.MovMean, 1e-4, 1e-5, "large moving_mean");
            Check.Close(mv, r.MovVar, 1e-4, 1e-5, "large moving_var");
        }
    }

    [Theory]
    [InlineData(new[] { 0, 3, 2, 2 })]
    [InlineData(new[] { 2, 3, 0 })]
    [InlineData(new[] { 2, 0, 3 })]
    public void BatchNormEmptyBatchKeepsMovingStats(int[] shape)
    {
        int c = shape[1];
        var mm = A(Check.Rand(c, 1), [c]);
        var mv = A(Check.Rand(c, 2, 0.5, 1), [c]);
        var before = (mm.ToArray<double>(), mv.ToArray<double>());
        NDArray[] o;
        using (Autograd.TrainMode())
            o = Nd.BatchNorm(Nd.Zeros(new Shape(shape), DType.Float64), Nd.Ones(new Shape(c), DType.Float64), Nd.Zeros(new Shape(c), DType.Float64), mm, mv, outputMeanVar: true);
        Assert.Equal(new Shape(shape), o[0].Shape);
        Assert.Equal(new double[c], o[1].ToArray<double>());
        Assert.Equal(before.Item1, mm.ToArray<double>());
        Assert.Equal(before.Item2, mv.ToArray<double>());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void BatchNormPredictAndGlobalStatsUseMovingStats(bool train, bool useGlobalStats)
    {
        int[] shape = [3, 4, 5];
        var x = Check.Rand(60, 1);
        var g = Check.Rand(4, 2, 0.5, 1.5);
        var b = Check.Rand(4, 3);
        var mm = Check.Rand(4, 4);
        var mv = Check.Rand(4, 5, 0.5, 1.5);
        var r = NormRef.BatchNorm(x, shape, 1, g, b, mm, mv, 1e-3, 0.9, false, train: false);
        foreach (var dt in Types)
        {
            var (rt, at) = Tol(dt);
            var (mmA, mvA) = (A(mm, [4], dt), A(mv, [4], dt));
            var (mm0, mv0) = (mmA.ToArray<double>(), mvA.ToArray<double>());
            NDArray[] o;
            using (train ? Autograd.TrainMode() : Autograd.PredictMode())
                o = Nd.BatchNorm(A(x, shape, dt), A(g, [4], dt), A(b, [4], dt), mmA, mvA, fixGamma: false, useGlobalStats: useGlobalStats, outputMeanVar: true);
            Check.Close(o[0], r.Y, rt, at, "y");
            Check.Close(o[1], mm, rt, at, "mean output = moving mean");
            Check.Close(o[2], mv, rt, at, "var output = moving var");
            Check.Close(mmA, mm0, 0, 0, "moving_mean untouched");
            Check.Close(mvA, mv0, 0, 0, "moving_var untouched");
        }
    }

    [Fact]
    public void BatchNormRecordTrainsAndRecordPredictDoesNot()
    {
        var x = Check.RandArray(new Shape(4, 2, 3), 1);
        var g = Nd.Ones(new Shape(2), DType.Float64);
        var b = Nd.Zeros(new Shape(2), DType.Float64);
        var mm = Nd.Zeros(new Shape(2), DType.Float64);
        var mv = Nd.Ones(new Shape(2), DType.Float64);
        Nd.BatchNorm(x, g, b, mm, mv);
        Check.Close(mm, new double[2], 0, 0, "plain call is predict mode");
        using (Autograd.Record(trainMode: false)) Nd.BatchNorm(x, g, b, mm, mv);
        Check.Close(mm, new double[2], 0, 0, "record(train_mode=False)");
        var r = NormRef.BatchNorm(x.ToArray<double>(), [4, 2, 3], 1, [1, 1], [0, 0], [0, 0], [1, 1], 1e-3, 0.9, true, true);
        using (Autograd.Record()) Nd.BatchNorm(x, g, b, mm, mv);
        Check.Close(mm, r.MovMean, 1e-12, 1e-12, "record() trains");
        Check.Close(mv, r.MovVar, 1e-12, 1e-12, "record() trains");
    }

    [Fact]
    public void BatchNormHasThreeOutputsOneVisible()
    {
        var x = Check.RandArray(new Shape(2, 3));
        var c = Nd.Ones(new Shape(3), DType.Float64);
        var all = Imperative.Invoke("BatchNorm", null, x, c, c, Nd.Zeros(new Shape(3), DType.Float64), Nd.Ones(new Shape(3), DType.Float64));
        Assert.Equal(3, all.Length);
        Assert.Equal(new Shape(3), all[2].Shape);
        Assert.Single(Nd.BatchNorm(x, c, c, Nd.Zeros(new Shape(3), DType.Float64), Nd.Ones(new Shape(3), DType.Float64)));
        var op = OpRegistry.Get("BatchNorm");
        var p = op.Parse(new OpAttrs { { "axis", -1 } });
        Assert.Equal([3, 4], op.AuxInputs(p));
        var filled = op.InferInputShapes(p, [new Shape(2, 5, 7), null, null, null, null]);
        for (int i = 1; i < 5; i++) Assert.Equal(new Shape(7), filled[i]);
    }

    [Theory]
    [InlineData(new[] { 6, 3 }, 1, false)]
    [InlineData(new[] { 3, 4, 5 }, 1, false)]
    [InlineData(new[] { 2, 3, 4 }, -1, false)]
    [InlineData(new[] { 2, 3, 2, 2 }, 1, true)]
    [InlineData(new[] { 5, 2, 17 }, 1, false)]
    public void BatchNormTrainGradient(int[] shape, int axis, bool fixGamma) =>
        TrainGradientMatchesFiniteDifferences(BatchNormOp, shape, axis, fixGamma);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BatchNormGradientThroughMeanAndVarOutputs(int output) => GradientThroughMeanAndVarOutputs(BatchNormOp, output);

    [Fact]
    public void BatchNormGlobalStatsGradient() => GlobalStatsGradientMatchesFiniteDifferences(BatchNormOp, new Shape(2, 3, 4));

    [Fact]
    public void BatchNormPredictModeGradientUsesMovingStats()
    {
        var x = Check.RandArray(new Shape(2, 3, 4), 1);
        var g = Check.RandArray(new Shape(3), 2, 0.5, 1.5);
        var b = Check.RandArray(new Shape(3), 3);
        var mv = Check.RandArray(new Shape(3), 5, 0.5, 1.5);
        x.AttachGrad();
        g.AttachGrad();
        NDArray y;
        using (Autograd.Record(trainMode: false)) y = Nd.BatchNorm(x, g, b, Nd.Zeros(new Shape(3), DType.Float64), mv, fixGamma: false)[0];
        var w = Check.RandArray(y.Shape, 9);
        y.Backward(w, trainMode: false);
        var (gv, vv, wv, xv) = (g.ToArray<double>(), mv.ToArray<double>(), w.ToArray<double>(), x.ToArray<double>());
        var dx = new double[24];
        var dg = new double[3];
        for (int i = 0; i < 24; i++)
        {
            int c = i / 4 % 3;
            dx[i] = wv[i] * gv[c] / Math.Sqrt(vv[c] + 1e-3);
            dg[c] += wv[i] * xv[i] / Math.Sqrt(vv[c] + 1e-3);
        }
        Check.Close(x.Grad!, dx, 1e-10, 1e-12, "dx");
        Check.Close(g.Grad!, dg, 1e-10, 1e-12, "dgamma");
    }

    [Fact]
    public void BatchNormFixGammaGivesZeroGammaGradient()
    {
        var x = Check.RandArray(new Shape(4, 3), 1);
        var g = Check.RandArray(new Shape(3), 2, 0.5, 1.5);
        g.AttachGrad();
        NDArray y;
        using (Autograd.Record()) y = Nd.BatchNorm(x, g, Nd.Zeros(new Shape(3), DType.Float64), Nd.Zeros(new Shape(3), DType.Float64), Nd.Ones(new Shape(3), DType.Float64))[0];
        y.Backward(Check.RandArray(y.Shape, 3));
        Assert.Equal(new double[3], g.Grad!.ToArray<double>());
    }

    // ---- LayerNorm ---------------------------------------------------------------------------

    [Theory]
    [InlineData(new[] { 4, 7 }, -1)]
    [InlineData(new[] { 2, 3, 17 }, -1)]
    [InlineData(new[] { 2, 5, 3 }, 1)]
    [InlineData(new[] { 3, 4 }, 0)]
    [InlineData(new[] { 2, 20, 33 }, 1)]
    [InlineData(new[] { 0, 5 }, -1)]
    [InlineData(new[] { 3, 0 }, -1)]
    [InlineData(new[] { 2, 1 }, -1)]
    [InlineData(new[] { 64, 1000 }, -1)]
    public void LayerNormMatchesReference(int[] shape, int axis)
    {
        int d = shape[Axis(shape, axis)];
        var x = Check.Rand(Prod(shape), 1, -2, 3);
        var g = Check.Rand(d, 2, 0.5, 1.5);
        var b = Check.Rand(d, 3);
        var r = NormRef.LayerNorm(x, shape, axis, g, b, 1e-5);
        var ms = (int[])shape.Clone();
        ms[Axis(shape, axis)] = 1;
        foreach (var dt in Types)
        {
            var (rt, at) = Tol(dt);
            var o = Nd.LayerNorm(A(x, shape, dt), A(g, [d], dt), A(b, [d], dt), axis, outputMeanVar: true);
            Assert.Equal(new Shape(ms), o[1].Shape);
            Check.Close(o[0], r.Y, rt, at, $"y {dt}");
            Check.Close(o[1], r.Mean, rt, at, $"mean {dt}");
            Check.Close(o[2], r.Std, rt, at, $"std {dt}");
        }
        Assert.Single(Nd.LayerNorm(A(x, shape), A(g, [d]), A(b, [d]), axis));
    }

    [Theory]
    [InlineData(new[] { 3, 5 }, -1)]
    [InlineData(new[] { 2, 4, 3 }, 1)]
    [InlineData(new[] { 3, 2 }, 0)]
    [InlineData(new[] { 2, 17 }, -1)]
    public void LayerNormGradient(int[] shape, int axis)
    {
        int d = shape[Axis(shape, axis)];
        var inputs = new[] { Check.RandArray(new Shape(shape), 1, -2, 2), Check.RandArray(new Shape(d), 2, 0.5, 1.5), Check.RandArray(new Shape(d), 3) };
        Check.NumericGradient(a => Nd.LayerNorm(a[0], a[1], a[2], axis)[0], inputs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LayerNormGradientThroughMeanAndStd(int output)
    {
        var inputs = new[] { Check.RandArray(new Shape(2, 3, 4), 1, -2, 2), Check.RandArray(new Shape(3), 2, 0.5, 1.5), Check.RandArray(new Shape(3), 3) };
        Check.NumericGradient(a =>
        {
            var o = Nd.LayerNorm(a[0], a[1], a[2], axis: 1, outputMeanVar: true);
            return o[0] * 0.5 + o[output];
        }, inputs);
    }

    // ---- InstanceNorm / GroupNorm ------------------------------------------------------------

    [Theory]
    [InlineData(new[] { 2, 3, 5 })]
    [InlineData(new[] { 2, 3, 4, 5 })]
    [InlineData(new[] { 1, 1, 1 })]
    [InlineData(new[] { 0, 3, 4 })]
    [InlineData(new[] { 2, 3, 0 })]
    [InlineData(new[] { 3, 5, 33 })]
    public void InstanceNormMatchesReference(int[] shape)
    {
        int c = shape[1];
        var x = Check.Rand(Prod(shape), 1, -2, 3);
        var g = Check.Rand(c, 2, 0.5, 1.5);
        var b = Check.Rand(c, 3);
        var r = NormRef.GroupNorm(x, shape, c, g, b, 1e-3);
        foreach (var dt in Types)
        {
            var (rt, at) = Tol(dt);
            Check.Close(Nd.InstanceNorm(A(x, shape, dt), A(g, [c], dt), A(b, [c], dt)), r.Y, rt, at, $"y {dt}");
            var all = Imperative.Invoke("InstanceNorm", null, A(x, shape, dt), A(g, [c], dt), A(b, [c], dt));
            Assert.Equal(3, all.Length);
            Check.Close(all[1], r.Mean, rt, at, "mean");
            Check.Close(all[2], r.Var, rt, at, "var");
        }
    }

    [Theory]
    [InlineData(new[] { 2, 3, 5 })]
    [InlineData(new[] { 2, 2, 2, 3 })]
    public void InstanceNormGradient(int[] shape)
    {
        int c = shape[1];
        var inputs = new[] { Check.RandArray(new Shape(shape), 1, -2, 2), Check.RandArray(new Shape(c), 2, 0.5, 1.5), Check.RandArray(new Shape(c), 3) };
        Check.NumericGradient(a => Nd.InstanceNorm(a[0], a[1], a[2]), inputs);
    }

    [Theory]
    [InlineData(new[] { 2, 6, 5 }, 3)]
    [InlineData(new[] { 2, 4, 3, 3 }, 2)]
    [InlineData(new[] { 3, 4, 5 }, 1)]
    [InlineData(new[] { 2, 4, 5 }, 4)]
    [InlineData(new[] { 1, 2, 1 }, 2)]
    [InlineData(new[] { 0, 4, 3 }, 2)]
    [InlineData(new[] { 4, 32, 9, 9 }, 8)]
    public void GroupNormMatchesReference(int[] shape, int groups)
    {
        int c = shape[1];
        var x = Check.Rand(Prod(shape), 1, -2, 3);
        var g = Check.Rand(c, 2, 0.5, 1.5);
        var b = Check.Rand(c, 3);
        var r = NormRef.GroupNorm(x, shape, groups, g, b, 1e-5);
        var std = r.Var.Select(v => Math.Sqrt(v + 1e-5)).ToArray();
        foreach (var dt in Types)
        {
            var (rt, at) = Tol(dt);
            var o = Nd.GroupNorm(A(x, shape, dt), A(g, [c], dt), A(b, [c], dt), groups, outputMeanVar: true);
            Assert.Equal(new Shape(shape[0], groups), o[1].Shape);
            Check.Close(o[0], r.Y, rt, at, $"y {dt}");
            Check.Close(o[1], r.Mean, rt, at, $"mean {dt}");
            Check.Close(o[2], std, rt, at, $"std {dt}");
        }
    }

    [Theory]
    [InlineData(new[] { 2, 6, 5 }, 3)]
    [InlineData(new[] { 2, 4, 2, 2 }, 1)]
    [InlineData(new[] { 1, 4, 3 }, 4)]
    public void GroupNormGradient(int[] shape, int groups)
    {
        int c = shape[1];
        var inputs = new[] { Check.RandArray(new Shape(shape), 1, -2, 2), Check.RandArray(new Shape(c), 2, 0.5, 1.5), Check.RandArray(new Shape(c), 3) };
        Check.NumericGradient(a => Nd.GroupNorm(a[0], a[1], a[2], groups)[0], inputs);
    }

    [Theory]
    [InlineData(new[] { 2, 6, 5 }, 3)]
    [InlineData(new[] { 2, 8, 2, 3 }, 2)]
    [InlineData(new[] { 3, 4, 5 }, 1)]
    public void GroupNormPerGroupAffineMatchesReference(int[] shape, int groups)
    {
        // MXNet 1.x's op layout: gamma and beta hold one value per group, shared by its channels.
        int c = shape[1];
        var x = Check.Rand(Prod(shape), 1, -2, 3);
        var gg = Check.Rand(groups, 2, 0.5, 1.5);
        var bg = Check.Rand(groups, 3);
        var gc = Enumerable.Range(0, c).Select(i => gg[i / (c / groups)]).ToArray();
        var bc = Enumerable.Range(0, c).Select(i => bg[i / (c / groups)]).ToArray();
        var r = NormRef.GroupNorm(x, shape, groups, gc, bc, 1e-5);
        foreach (var dt in Types)
        {
            var (rt, at) = Tol(dt);
            Check.Close(Nd.GroupNorm(A(x, shape, dt), A(gg, [groups], dt), A(bg, [groups], dt), groups)[0], r.Y, rt, at, $"y {dt}");
        }
    }

    [Theory]
    [InlineData(new[] { 2, 6, 5 }, 3)]
    [InlineData(new[] { 2, 4, 2, 2 }, 2)]
    public void GroupNormPerGroupAffineGradient(int[] shape, int groups)
    {
        int c = shape[1];
        var inputs = new[] { Check.RandArray(new Shape(shape), 1, -2, 2), Check.RandArray(new Shape(groups), 2, 0.5, 1.5), Check.RandArray(new Shape(groups), 3) };
        Check.NumericGradient(a => Nd.GroupNorm(a[0], a[1], a[2], groups)[0], inputs);
        Assert.True(c > groups);
    }

    [Fact]
    public void GroupNormRejectsAffineOfOtherLength()
    {
        var x = Nd.Zeros(new Shape(2, 6, 5));
        var ex = Assert.Throws<ArgumentException>(() => Nd.GroupNorm(x, Nd.Ones(new Shape(4)), Nd.Zeros(new Shape(4)), 3));
        Assert.Contains("gamma", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GroupNormGradientThroughMeanAndStd(int output)
    {
        var inputs = new[] { Check.RandArray(new Shape(2, 4, 3), 1, -2, 2), Check.RandArray(new Shape(4), 2, 0.5, 1.5), Check.RandArray(new Shape(4), 3) };
        Check.NumericGradient(a =>
        {
            var o = Nd.GroupNorm(a[0], a[1], a[2], 2, outputMeanVar: true);
            return Nd.Sum(o[0] * 0.5, [1, 2]) + Nd.Sum(o[output], [1]);
        }, inputs);
    }

    // ---- L2Normalization ---------------------------------------------------------------------

    [Theory]
    [InlineData(new[] { 3, 5 }, "instance")]
    [InlineData(new[] { 2, 3, 4 }, "instance")]
    [InlineData(new[] { 4 }, "instance")]
    [InlineData(new[] { 0, 3 }, "instance")]
    [InlineData(new[] { 2, 3, 4 }, "channel")]
    [InlineData(new[] { 2, 3, 2, 2 }, "channel")]
    [InlineData(new[] { 2, 17, 1 }, "channel")]
    [InlineData(new[] { 2, 3, 4 }, "spatial")]
    [InlineData(new[] { 2, 3, 5, 7 }, "spatial")]
    [InlineData(new[] { 2, 0, 5 }, "spatial")]
    [InlineData(new[] { 8, 16, 40, 40 }, "channel")]
    public void L2NormalizationMatchesReference(int[] shape, string mode)
    {
        var x = Check.Rand(Prod(shape), 1, -2, 3);
        var r = NormRef.L2(x, shape, mode, 1e-10);
        foreach (var dt in Types)
        {
            var (rt, at) = Tol(dt);
            Check.Close(Nd.L2Normalization(A(x, shape, dt), mode: mode), r.Y, rt, at, $"y {dt}");
            var all = Imperative.Invoke("L2Normalization", new OpAttrs { { "mode", mode } }, A(x, shape, dt));
            Assert.Equal(2, all.Length);
            Check.Close(all[1], r.Norm, rt, at, $"norm {dt}");
        }
    }

    [Theory]
    [InlineData(new[] { 3, 5 }, "instance")]
    [InlineData(new[] { 2, 3, 4 }, "channel")]
    [InlineData(new[] { 2, 3, 4 }, "spatial")]
    public void L2NormalizationGradient(int[] shape, string mode)
    {
        Check.NumericGradient(a => Nd.L2Normalization(a[0], mode: mode), [Check.RandArray(new Shape(shape), 1, -2, 2)]);
    }

    // ---- fused first-order kernels vs the composite gradient ---------------------------------

    [Theory]
    [InlineData(new[] { 6, 3 }, 1, true, false)]
    [InlineData(new[] { 4, 5, 40 }, 1, true, false)]
    [InlineData(new[] { 3, 4, 2, 3 }, 1, true, true)]
    [InlineData(new[] { 3, 4, 20 }, 1, false, false)]
    [InlineData(new[] { 5, 7 }, -1, true, false)]
    [InlineData(new[] { 512, 40 }, 1, true, false)]
    public void BatchNormFusedGradientMatchesComposite(int[] shape, int axis, bool train, bool fixGamma)
    {
        int c = shape[Axis(shape, axis)];
        var mv = Check.RandArray(new Shape(c), 5, 0.5, 1.5);
        foreach (var dt in Types)
            CheckFusedMatchesComposite(a => Nd.BatchNorm(a[0], a[1], a[2], Nd.Zeros(new Shape(c), dt), dt == DType.Float64 ? mv : mv.AsType(dt), fixGamma: fixGamma, axis: axis)[0],
                [Check.RandArray(new Shape(shape), 1, -2, 3), Check.RandArray(new Shape(c), 2, 0.5, 1.5), Check.RandArray(new Shape(c), 3)], dt, train);
    }

    [Theory]
    [InlineData(new[] { 6, 3 })]
    [InlineData(new[] { 2, 3, 37 })]
    [InlineData(new[] { 300, 64 })]
    public void LayerNormFusedGradientMatchesComposite(int[] shape)
    {
        int d = shape[^1];
        foreach (var dt in Types)
            CheckFusedMatchesComposite(a => Nd.LayerNorm(a[0], a[1], a[2])[0],
                [Check.RandArray(new Shape(shape), 1, -2, 3), Check.RandArray(new Shape(d), 2, 0.5, 1.5), Check.RandArray(new Shape(d), 3)], dt);
    }

    // ---- second order (createGraph) ----------------------------------------------------------

    /// <summary>
    /// Differentiates the recorded first-order gradient again (Hessian-vector product of
    /// w·f(x) along v) and compares it with central differences of the first-order gradient.
    /// </summary>
    private static void CheckSecondOrder(Func<NDArray, NDArray> f, Shape shape, double eps = 1e-5)
    {
        var x0 = Check.RandArray(shape, 11, -2, 2);
        var probe = f(Nd.Copy(x0));
        var w = Check.RandArray(probe.Shape, 12, 0.5, 1.5);
        var v = Check.RandArray(shape, 13);
        double[] FirstGrad(NDArray xv)
        {
            xv.AttachGrad();
            NDArray y;
            using (Autograd.Record()) y = f(xv);
            y.Backward(w);
            return xv.Grad!.ToArray<double>();
        }
        var x = Nd.Copy(x0);
        x.AttachGrad();
        NDArray z;
        using (Autograd.Record())
        {
            var gx = Autograd.Grad([f(x)], [x], [w], createGraph: true)[0];
            z = Nd.Sum(gx * v);
        }
        z.Backward();
        var analytic = x.Grad!.ToArray<double>();
        var xs = x0.ToArray<double>();
        var vs = v.ToArray<double>();
        var numeric = new double[xs.Length];
        for (int k = 0; k < xs.Length; k++)
        {
            var xp = (double[])xs.Clone();
            var xm = (double[])xs.Clone();
            xp[k] += eps;
            xm[k] -= eps;
            var gp = FirstGrad(Nd.Array<double>(xp, shape));
            var gm = FirstGrad(Nd.Array<double>(xm, shape));
            double d = 0;
            for (int i = 0; i < vs.Length; i++) d += (gp[i] - gm[i]) * vs[i];
            numeric[k] = d / (2 * eps);
        }
        Check.Close(numeric, analytic, 1e-4, 1e-5, "second-order gradient");
    }

    [Fact]
    public void SecondOrderGradients()
    {
        var g3 = Check.RandArray(new Shape(3), 2, 0.5, 1.5);
        var b3 = Check.RandArray(new Shape(3), 3);
        var g4 = Check.RandArray(new Shape(4), 2, 0.5, 1.5);
        var b4 = Check.RandArray(new Shape(4), 3);
        CheckSecondOrder(x => Nd.BatchNorm(x, g3, b3, Nd.Zeros(new Shape(3), DType.Float64), Nd.Ones(new Shape(3), DType.Float64), fixGamma: false)[0], new Shape(4, 3, 2));
        CheckSecondOrder(x => Nd.LayerNorm(x, g4, b4)[0], new Shape(3, 4));
        CheckSecondOrder(x => Nd.LayerNorm(x, g3, b3, axis: 1)[0], new Shape(2, 3, 2));
        CheckSecondOrder(x => Nd.InstanceNorm(x, g3, b3), new Shape(2, 3, 4));
        CheckSecondOrder(x => Nd.GroupNorm(x, g4, b4, 2)[0], new Shape(2, 4, 3));
        CheckSecondOrder(x => Nd.L2Normalization(x, mode: "channel"), new Shape(2, 3, 2));
        CheckSecondOrder(x => Nd.L2Normalization(x), new Shape(3, 4));
    }

    [Fact]
    public void BatchNormFloat16DataWithFloat32Params()
    {
        int[] shape = [4, 3, 5];
        var x = Check.Rand(60, 1, -2, 2);
        var g = Check.Rand(3, 2, 0.5, 1.5);
        var b = Check.Rand(3, 3);
        var r = NormRef.BatchNorm(x, shape, 1, g, b, new double[3], [1, 1, 1], 1e-3, 0.9, false, true);
        var mm = Nd.Zeros(new Shape(3));
        var mv = Nd.Ones(new Shape(3));
        NDArray[] o;
        using (Autograd.TrainMode())
            o = Nd.BatchNorm(A(x, shape, DType.Float16), A(g, [3], DType.Float32), A(b, [3], DType.Float32), mm, mv, fixGamma: false, outputMeanVar: true);
        Assert.Equal(DType.Float16, o[0].DType);
        Assert.Equal(DType.Float32, o[1].DType);
        Check.Close(o[0], r.Y, 1e-2, 1e-2, "y float16");
        Check.Close(mm, r.MovMean, 1e-3, 1e-3, "moving_mean written back");
        Check.Close(mv, r.MovVar, 1e-3, 1e-3, "moving_var written back");
    }

    // ---- errors ------------------------------------------------------------------------------

    [Fact]
    public void BadInputsNameTheOpAndShapes()
    {
        var x = Check.RandArray(new Shape(2, 3, 4));
        NDArray V(int n) => Nd.Ones(new Shape(n), DType.Float64);
        Check.Throws<ArgumentException>(() => Nd.BatchNorm(x, V(4), V(3), V(3), V(3)), "BatchNorm", "gamma", "(4,)", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.BatchNorm(x, V(3), V(3), V(3), V(2)), "BatchNorm", "moving_var", "(2,)", "(2, 3, 4)");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.BatchNorm(x, V(3), V(3), V(3), V(3), axis: 3), "BatchNorm", "axis 3", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.BatchNorm(x, V(3).AsType(DType.Float32), V(3), V(3), V(3)), "BatchNorm", "gamma float32");
        Check.Throws<ArgumentException>(() => Nd.LayerNorm(x, V(3), V(4)), "LayerNorm", "gamma", "(3,)", "(2, 3, 4)");
        Check.Throws<ArgumentOutOfRangeException>(() => Nd.LayerNorm(x, V(4), V(4), axis: -4), "LayerNorm", "axis -4", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.InstanceNorm(Check.RandArray(new Shape(2, 3)), V(3), V(3)), "InstanceNorm", "(2, 3)");
        Check.Throws<ArgumentException>(() => Nd.InstanceNorm(x, V(3), V(2)), "InstanceNorm", "beta", "(2,)", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.GroupNorm(x, V(3), V(3), numGroups: 2), "GroupNorm", "num_groups 2", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.GroupNorm(x, V(3), V(3), numGroups: 0), "GroupNorm", "num_groups");
        // (1,) is one value per group for num_groups 1 (MXNet 1.x's layout); (2,) fits neither layout.
        Check.Throws<ArgumentException>(() => Nd.GroupNorm(x, V(2), V(2)), "GroupNorm", "gamma", "(2,)", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Nd.L2Normalization(x, mode: "foo"), "L2Normalization", "mode", "foo");
        Check.Throws<ArgumentException>(() => Nd.L2Normalization(Check.RandArray(new Shape(3, 4)), mode: "channel"), "L2Normalization", "(3, 4)");
        Check.Throws<ArgumentException>(() => Nd.LayerNorm(x, V(4), V(4), eps: -1), "LayerNorm", "eps");
        Check.Throws<ArgumentException>(() => Imperative.Invoke("_backward_LayerNorm", new OpAttrs { { "axis", 1 } }, x, x, V(3), V(1), V(1)),
            "_backward_LayerNorm", "last axis", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => Imperative.Invoke("_backward_BatchNorm", null, x, x, V(3), V(3), V(4)),
            "_backward_BatchNorm", "var", "(4,)", "(2, 3, 4)");
    }
}
