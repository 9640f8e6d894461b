using Gluon.Optimizers;
using Gluon.Tests.Initialization;

namespace Gluon.Tests.Optimizers;

/// <summary>Optimizer.Create by name, Updater state round trips, per-index multipliers and counts, and argument errors.</summary>
// Seeds the process-wide generator and expects its sequence (SGLD's noise): runs alone.
[Collection(GlobalRandomCollection.Name)]
public class UpdaterTests
{
    [Theory]
    [InlineData("sgd", typeof(Sgd))]
    [InlineData("SGD", typeof(Sgd))]
    [InlineData("Nag", typeof(Nag))]
    [InlineData("adam", typeof(Adam))]
    [InlineData("AdaGrad", typeof(AdaGrad))]
    [InlineData("RMSProp", typeof(RmsProp))]
    [InlineData("adadelta", typeof(AdaDelta))]
    [InlineData("ftrl", typeof(Ftrl))]
    [InlineData("FTML", typeof(Ftml))]
    [InlineData("adamax", typeof(Adamax))]
    [InlineData("nadam", typeof(Nadam))]
    [InlineData("signum", typeof(Signum))]
    [InlineData("SGLD", typeof(Sgld))]
    [InlineData("DCASGD", typeof(DcaSgd))]
    [InlineData("LAMB", typeof(Lamb))]
    [InlineData("lars", typeof(Lars))]
    [InlineData("ccSGD", typeof(CcSgd))]
    [InlineData("Test", typeof(TestOptimizer))]
    public void CreateFindsEveryOptimizerCaseInsensitively(string name, Type type) =>
        Assert.IsType(type, Optimizer.Create(name));

    [Fact]
    public void CreatePassesMxnetKeywordArguments()
    {
        var sched = new FactorScheduler(step: 10);
        var o = (Sgd)Optimizer.Create("sgd", new Dictionary<string, object?>
        {
            ["learning_rate"] = 0.1, ["momentum"] = 0.9, ["wd"] = 1e-4, ["clip_gradient"] = 5, ["rescale_grad"] = "0.5",
            ["lr_scheduler"] = sched, ["begin_num_update"] = 3, ["multi_precision"] = true, ["lazy_update"] = false,
        });
        Assert.Equal(0.9, o.Momentum);
        Assert.Equal(0.1, o.Lr);
        Assert.Equal(0.1, sched.BaseLr);
        Assert.Equal(1e-4, o.Wd);
        Assert.Equal(5.0, o.ClipGradient);
        Assert.Equal(0.5, o.RescaleGrad);
        Assert.Equal(3, o.NumUpdate);
        Assert.True(o.MultiPrecision);
        Assert.False(o.LazyUpdate);
        Assert.Equal(0.001, ((Adam)Optimizer.Create("adam")).Lr);
        Assert.Equal(0.01, ((Sgd)Optimizer.Create("sgd")).Lr);
    }

    [Fact]
    public void CreateRejectsUnknownNamesArgumentsAndValues()
    {
        Check.Throws<ArgumentException>(() => Optimizer.Create("sgdd"), "Cannot find optimizer sgdd");
        Check.Throws<ArgumentException>(() => Optimizer.Create("sgd", new Dictionary<string, object?> { ["momentun"] = 0.9 }), "sgd", "momentun", "momentum");
        Check.Throws<ArgumentException>(() => Optimizer.Create("adam", new Dictionary<string, object?> { ["beta1"] = "high" }), "adam", "beta1", "high");
        Check.Throws<ArgumentException>(() => Optimizer.Create("sgd", new Dictionary<string, object?> { ["momentum"] = null }), "momentum", "None");
        Check.Throws<ArgumentException>(() => new Sgd(beginNumUpdate: -1), "begin_num_update");
    }

    [Fact]
    public void UpdateRejectsMismatchedGradient()
    {
        var up = new Updater(new Sgd());
        Check.Throws<ArgumentException>(() => up.Call(0, Nd.Zeros(3), Nd.Zeros(2)), "Sgd", "(3,)", "(2,)");
    }

    [Fact]
    public void LrAndWdMultipliersByIndexNameAndParam()
    {
        var idx2name = new Dictionary<int, string> { [0] = "dense0_weight", [1] = "dense0_bias", [2] = "dense1_weight" };
        var opt = new Sgd(learningRate: 1.0, wd: 0.5, paramIdx2Name: idx2name);
        Assert.Equal(0.0, opt.WdMult["dense0_bias"]); // non-weights get no decay under param_idx2name
        opt.SetLrMult(new Dictionary<string, double> { ["dense0_weight"] = 0.5 }, new Dictionary<int, double> { [2] = 2.0 });
        opt.ParamDict[3] = new Mults(3.0, 4.0);
        var up = new Updater(opt);
        NDArray W(double v) => Nd.Array(new[] { v });
        var ws = new[] { W(1), W(1), W(1), W(1) };
        for (int i = 0; i < 4; i++) up.Call(i, W(1), ws[i]);
        // w' = (1 − lr·wd)·w − lr·g with (lr, wd) = (0.5, 0.5), (1, 0), (2, 0.5), (3, 2)
        Check.Close(ws[0], [(1 - 0.25) - 0.5], 1e-12, 1e-12, "by name");
        Check.Close(ws[1], [1 - 1.0], 1e-12, 1e-12, "bias: wd_mult 0");
        Check.Close(ws[2], [(1 - 1.0) - 2.0], 1e-12, 1e-12, "by index");
        Check.Close(ws[3], [(1 - 6.0) - 3.0], 1e-12, 1e-12, "param_dict");
    }

    private sealed record Mults(double LrMult, double WdMult) : IParamMultipliers;

    [Fact]
    public void UpdateCountsArePerIndexAndPerDevice()
    {
        var opt = new Adam(beginNumUpdate: 5);
        var up = new Updater(opt);
        var a = Nd.Zeros(new Shape(2), DType.Float64);
        var b = Nd.Zeros(new Shape(2), DType.Float64, Context.Cpu(1));
        up.Call(0, Nd.Ones(new Shape(2), DType.Float64), a);
        up.Call(0, Nd.Ones(new Shape(2), DType.Float64), a);
        up.Call(1, Nd.Ones(new Shape(2), DType.Float64), a);
        Assert.Equal(7, opt.IndexUpdateCount[0]);
        Assert.Equal(6, opt.IndexUpdateCount[1]);
        Assert.Equal(7, opt.NumUpdate);
        // One updater per device (as the Trainer keeps), sharing the optimizer.
        new Updater(opt).Call(0, Nd.Ones(new Shape(2), DType.Float64, Context.Cpu(1)), b);
        Assert.Equal(6, opt.IndexUpdateCount[0]); // device 1 counts on its own
        Assert.Equal(7, opt.NumUpdate);
    }

    public static TheoryData<string> AllNames() => [.. Optimizer.RegisteredNames];

    [Theory]
    [MemberData(nameof(AllNames))]
    public void StatesRoundTripExactlyAndContinueIdentically(string name)
    {
        var kwargs = new Dictionary<string, object?> { ["rescale_grad"] = 0.3, ["wd"] = 0.01 };
        if (name is "sgd" or "nag" or "ccsgd" or "lars" or "dcasgd") kwargs["momentum"] = 0.9;
        if (name == "rmsprop") kwargs["centered"] = true;
        var opt = Optimizer.Create(name, kwargs);
        opt.SetLrMult(new Dictionary<string, double> { ["x"] = 0.5 }, new Dictionary<int, double> { [1] = 0.25 });
        var up = new Updater(opt);
        var w = new[] { Check.RandArray(new Shape(3, 4), 1, dtype: DType.Float32), Check.RandArray(new Shape(5), 2, dtype: DType.Float32) };
        NDArray G(int k, int seed) => Check.RandArray(w[k].Shape, seed, dtype: DType.Float32);
        for (int s = 0; s < 2; s++)
            for (int k = 0; k < 2; k++) up.Call(k, G(k, 10 * s + k), w[k]);
        var bytes = up.GetStates(dumpOptimizer: true);

        var restored = new Updater(Optimizer.Create("sgd"));
        restored.SetStates(bytes);
        Assert.IsType(opt.GetType(), restored.Optimizer);
        Assert.Equal(bytes, restored.GetStates(dumpOptimizer: true));
        Assert.Equal(opt.NumUpdate, restored.Optimizer.NumUpdate);
        Assert.Equal(0.25, restored.Optimizer.LrMultByIndex[1]);

        // Both updaters take the same next step; deterministic rules give bit-identical weights.
        var w2 = w.Select(x => Nd.Copy(x)).ToArray();
        Nd.Random.Seed(7);
        for (int k = 0; k < 2; k++) up.Call(k, G(k, 99 + k), w[k]);
        Nd.Random.Seed(7);
        for (int k = 0; k < 2; k++) restored.Call(k, G(k, 99 + k), w2[k]);
        for (int k = 0; k < 2; k++) Assert.Equal(w[k].ToArray<float>(), w2[k].ToArray<float>());
    }

    [Fact]
    public void StatesWithoutOptimizerKeepTheCurrentOne()
    {
        var up = new Updater(new Adam());
        up.Call(0, Nd.Ones(2), Nd.Zeros(2));
        var other = new Updater(new Sgd(momentum: 0.5));
        var sgd = other.Optimizer;
        other.SetStates(up.GetStates());
        Assert.Same(sgd, other.Optimizer);
        Assert.Equal(2, ((object?[])other.States[0]!).Length);
    }

    [Fact]
    public void SchedulerStateRoundTrips()
    {
        var opt = new Sgd(lrScheduler: new MultiFactorScheduler([1, 3], factor: 0.5, baseLr: 0.8, warmupSteps: 0));
        var up = new Updater(opt);
        var w = Nd.Zeros(2);
        for (int i = 0; i < 3; i++) up.Call(0, Nd.Ones(2), w);
        var restored = new Updater(new Sgd());
        restored.SetStates(up.GetStates(true));
        var s = (MultiFactorScheduler)restored.Optimizer.LrScheduler!;
        Assert.Equal(1, s.CurStepInd);
        Assert.Equal(0.4, s.BaseLr);
        Assert.Equal(opt.LearningRate, restored.Optimizer.LearningRate);
    }

    [Fact]
    public void CorruptStatesAreRejectedAndLeaveStateUnchanged()
    {
        var up = new Updater(new Sgd(momentum: 0.9));
        up.Call(0, Nd.Ones(2), Nd.Zeros(2));
        var good = up.GetStates(true);
        var before = up.GetStates(true);
        Check.Throws<FormatException>(() => up.SetStates([1, 2, 3]), "magic", "offset 0");
        var badVersion = (byte[])good.Clone();
        badVersion[8] = 9;
        Check.Throws<FormatException>(() => up.SetStates(badVersion), "version 9", "offset 8");
        var badLen = (byte[])good.Clone();
        badLen[15] = 0x7f;
        Check.Throws<FormatException>(() => up.SetStates(badLen), "offset 12");
        Assert.ThrowsAny<Exception>(() => up.SetStates(good[..^4]));
        Assert.Equal(before, up.GetStates(true));
    }
}
