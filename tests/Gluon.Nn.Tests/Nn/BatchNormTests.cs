using Gluon.Nn;

namespace Gluon.Tests.Nn;

/// <summary>nn.BatchNorm (inventory row C-05) against plain-loop references.</summary>
public class BatchNormTests
{
    public BatchNormTests() => NameManager.ResetGlobal();

    private static (BatchNorm Bn, NDArray X, double[] Xv) Make(int[] dims, int axis = 1, double momentum = 0.9, bool scale = true,
        bool center = true, bool useGlobalStats = false, int seed = 1)
    {
        var bn = new BatchNorm(axis: axis, momentum: momentum, scale: scale, center: center, useGlobalStats: useGlobalStats);
        bn.Initialize();
        bn.Cast(DType.Float64);
        var x = Check.RandArray(new Shape(dims), seed, -2, 3);
        return (bn, x, x.ToArray<double>());
    }

    [Fact]
    public void ParameterNamesShapesGradReqsAndRepr()
    {
        var bn = new BatchNorm();
        Assert.Equal("batchnorm0_", bn.Prefix);
        Assert.Equal(["batchnorm0_gamma", "batchnorm0_beta", "batchnorm0_running_mean", "batchnorm0_running_var"], bn.CollectParams().Keys);
        Assert.All(bn.CollectParams().Values, p => Assert.Equal(new Shape(0), p.Shape));
        Assert.Equal(GradReq.Write, bn.Gamma.GradReq);
        Assert.Equal(GradReq.Write, bn.Beta.GradReq);
        Assert.Equal(GradReq.Null, bn.RunningMean.GradReq);
        Assert.Equal(GradReq.Null, bn.RunningVar.GradReq);
        Assert.False(bn.RunningMean.Differentiable);
        Assert.False(bn.RunningVar.Differentiable);
        Assert.Equal("BatchNorm(axis=1, eps=1e-05, momentum=0.9, fix_gamma=False, use_global_stats=False, in_channels=None)", bn.ToString());

        var frozen = new BatchNorm(axis: 3, momentum: 0.8, epsilon: 1e-3, center: false, scale: false, useGlobalStats: true, inChannels: 5);
        Assert.Equal(["batchnorm1_gamma", "batchnorm1_beta", "batchnorm1_running_mean", "batchnorm1_running_var"], frozen.CollectParams().Keys);
        Assert.All(frozen.CollectParams().Values, p => Assert.Equal(new Shape(5), p.Shape));
        Assert.Equal(GradReq.Null, frozen.Gamma.GradReq);
        Assert.Equal(GradReq.Null, frozen.Beta.GradReq);
        Assert.False(frozen.Gamma.Differentiable);
        Assert.Equal("BatchNorm(axis=3, eps=0.001, momentum=0.8, fix_gamma=True, use_global_stats=True, in_channels=5)", frozen.ToString());
        Check.Throws<ArgumentOutOfRangeException>(() => new BatchNorm(inChannels: -1), "BatchNorm", "in_channels");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void TrainingUsesBatchStatisticsAndUpdatesRunningStatsWithMomentum(int axis)
    {
        int[] dims = [4, 3, 5];
        int ax = axis < 0 ? axis + dims.Length : axis, c = dims[ax];
        var (bn, x, xv) = Make(dims, axis, momentum: 0.7);
        using (Autograd.TrainMode()) bn.Call(x); // resolves the deferred shapes
        Assert.Equal(new Shape(c), bn.Gamma.Shape);
        Assert.EndsWith($"in_channels={c})", bn.ToString());
        var gamma = LayerCheck.Randomize(bn.Gamma, 2, 0.5, 1.5);
        var beta = LayerCheck.Randomize(bn.Beta, 3);
        var rm0 = LayerCheck.Randomize(bn.RunningMean, 4);
        var rv0 = LayerCheck.Randomize(bn.RunningVar, 5, 0.5, 2);

        NDArray y;
        using (Autograd.Record()) y = bn.Call(x);
        var (yRef, mean, var) = NormRef.Normalize(xv, dims, i => i[ax], c, i => i[ax], gamma, beta, 1e-5);
        Check.Close(y, yRef, 1e-10, 1e-10);
        var rm1 = rm0.Select((v, k) => v * 0.7 + mean[k] * 0.3).ToArray();
        var rv1 = rv0.Select((v, k) => v * 0.7 + var[k] * 0.3).ToArray();
        Check.Close(bn.RunningMean.Data(), rm1, 1e-10, 1e-12, "running_mean");
        Check.Close(bn.RunningVar.Data(), rv1, 1e-10, 1e-12, "running_var");

        // Inference: the running statistics normalize, and they stay as they were.
        y = bn.Call(x);
        var inf = new double[xv.Length];
        for (int i = 0; i < xv.Length; i++)
        {
            int k = NormRef.Unravel(i, dims)[ax];
            inf[i] = gamma[k] * (xv[i] - rm1[k]) / Math.Sqrt(rv1[k] + 1e-5) + beta[k];
        }
        Check.Close(y, inf, 1e-10, 1e-10, "inference output");
        Check.Close(bn.RunningMean.Data(), rm1, 1e-12, 1e-12);
        Check.Close(bn.RunningVar.Data(), rv1, 1e-12, 1e-12);
    }

    [Fact]
    public void UseGlobalStatsNormalizesWithRunningStatsEvenInTraining()
    {
        int[] dims = [3, 2, 4];
        var (bn, x, xv) = Make(dims, useGlobalStats: true);
        bn.Call(x);
        var gamma = LayerCheck.Randomize(bn.Gamma, 2);
        var beta = LayerCheck.Randomize(bn.Beta, 3);
        var rm = LayerCheck.Randomize(bn.RunningMean, 4);
        var rv = LayerCheck.Randomize(bn.RunningVar, 5, 0.5, 2);
        NDArray y;
        using (Autograd.Record()) y = bn.Call(x);
        var expected = new double[xv.Length];
        for (int i = 0; i < xv.Length; i++)
        {
            int k = NormRef.Unravel(i, dims)[1];
            expected[i] = gamma[k] * (xv[i] - rm[k]) / Math.Sqrt(rv[k] + 1e-5) + beta[k];
        }
        Check.Close(y, expected, 1e-10, 1e-10);
        Check.Close(bn.RunningMean.Data(), rm, 0, 0);
    }

    [Fact]
    public void ScaleFalseFixesGammaAtOne()
    {
        int[] dims = [4, 2, 3];
        var (bn, x, xv) = Make(dims, scale: false);
        using (Autograd.TrainMode()) bn.Call(x);
        LayerCheck.Randomize(bn.Gamma, 2, 2, 3); // ignored: fix_gamma
        var beta = LayerCheck.Randomize(bn.Beta, 3);
        NDArray y;
        using (Autograd.TrainMode()) y = bn.Call(x);
        Check.Close(y, NormRef.Normalize(xv, dims, i => i[1], 2, i => i[1], NormRef.Fill(2, 1), beta, 1e-5).Y, 1e-10, 1e-10);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GradientsMatchFiniteDifferences(bool train)
    {
        var (bn, x, _) = Make([3, 2, 4], seed: 11);
        using (Autograd.TrainMode()) bn.Call(x);
        LayerCheck.Randomize(bn.Gamma, 2, 0.5, 1.5);
        LayerCheck.Randomize(bn.Beta, 3);
        LayerCheck.Randomize(bn.RunningMean, 4);
        LayerCheck.Randomize(bn.RunningVar, 5, 0.5, 2);
        LayerCheck.Gradients(bn, x, train);
    }

    [Fact]
    public void CastToFloat16KeepsFloat32()
    {
        var bn = new BatchNorm(inChannels: 3);
        bn.Initialize();
        bn.Cast(DType.Float16);
        Assert.All(bn.CollectParams().Values, p => Assert.Equal(DType.Float32, p.DType));
        bn.Cast(DType.Float64);
        Assert.All(bn.CollectParams().Values, p => Assert.Equal(DType.Float64, p.DType));
    }

    [Fact]
    public void GivenInChannelsMustMatchTheData()
    {
        var bn = new BatchNorm(inChannels: 3);
        bn.Initialize();
        Assert.Equal(new Shape(3), bn.RunningVar.Data().Shape);
        Check.Throws<ArgumentException>(() => bn.Call(Nd.Ones(2, 4, 2)), "BatchNorm", "(3,)", "(4,)");
    }

    [Fact]
    public void BatchNormReLUIsBatchNormThenRelu()
    {
        var bn = new BatchNormReLU(momentum: 0.8);
        Assert.Equal(["batchnormrelu0_gamma", "batchnormrelu0_beta", "batchnormrelu0_running_mean", "batchnormrelu0_running_var"], bn.CollectParams().Keys);
        Assert.Equal("BatchNormReLU(axis=1, eps=1e-05, momentum=0.8, fix_gamma=False, use_global_stats=False, in_channels=None)", bn.ToString());
        bn.Initialize();
        bn.Cast(DType.Float64);
        int[] dims = [4, 3, 2];
        var x = Check.RandArray(new Shape(dims), 9, -2, 3);
        using (Autograd.TrainMode()) bn.Call(x);
        var gamma = LayerCheck.Randomize(bn.Gamma, 2, 0.5, 1.5);
        var beta = LayerCheck.Randomize(bn.Beta, 3);
        NDArray y;
        using (Autograd.TrainMode()) y = bn.Call(x);
        var expected = NormRef.Normalize(x.ToArray<double>(), dims, i => i[1], 3, i => i[1], gamma, beta, 1e-5).Y.Select(v => Math.Max(0, v)).ToArray();
        Check.Close(y, expected, 1e-10, 1e-10);
        LayerCheck.Gradients(bn, x, train: true);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(-1, false)]
    public void BatchNormReLUBehavesAsBatchNormFollowedByRelu(int axis, bool scale)
    {
        // The layer runs the fused op; a BatchNorm layer with the same parameters followed by relu
        // must give the same outputs, running statistics (step after step) and gradients.
        var fused = new BatchNormReLU(axis: axis, momentum: 0.7, scale: scale);
        var plain = new BatchNorm(axis: axis, momentum: 0.7, scale: scale);
        int[] dims = [4, 3, 5];
        var x = Check.RandArray(new Shape(dims), 9, -2, 3);
        foreach (var l in new BatchNorm[] { fused, plain })
        {
            l.Initialize();
            l.Cast(DType.Float64);
            using (Autograd.PredictMode()) l.Call(x);
            LayerCheck.Randomize(l.Gamma, 2, 0.5, 1.5);
            LayerCheck.Randomize(l.Beta, 3);
            LayerCheck.Randomize(l.RunningMean, 4);
            LayerCheck.Randomize(l.RunningVar, 5, 0.5, 2);
        }
        for (int step = 0; step < 2; step++)
        {
            var xs = new[] { Nd.Copy(x), Nd.Copy(x) };
            NDArray[] ys = new NDArray[2];
            for (int k = 0; k < 2; k++)
            {
                var l = k == 0 ? fused : plain;
                xs[k].AttachGrad();
                foreach (var p in l.CollectParams().Values.Where(p => p.GradReq != GradReq.Null)) p.ZeroGrad();
                using (Autograd.Record()) ys[k] = k == 0 ? l.Call(xs[k]) : Nd.Relu(l.Call(xs[k]));
                ys[k].Backward(Check.RandArray(ys[k].Shape, 11 + step, 0.5, 1.5));
            }
            Assert.Equal(ys[1].ToArray<double>(), ys[0].ToArray<double>());
            Assert.Equal(plain.RunningMean.Data().ToArray<double>(), fused.RunningMean.Data().ToArray<double>());
            Assert.Equal(plain.RunningVar.Data().ToArray<double>(), fused.RunningVar.Data().ToArray<double>());
            Check.Close(xs[1].Grad!, xs[0].Grad!, 1e-10, 1e-12, $"data gradient, step {step}");
            Check.Close(plain.Beta.Grad(), fused.Beta.Grad(), 1e-10, 1e-12, $"beta gradient, step {step}");
            if (scale) Check.Close(plain.Gamma.Grad(), fused.Gamma.Grad(), 1e-10, 1e-12, $"gamma gradient, step {step}");
        }
        Assert.Equal(Nd.Relu(plain.Call(x)).ToArray<double>(), fused.Call(x).ToArray<double>());
    }
}
