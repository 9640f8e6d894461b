using Gluon.Optimizers;

namespace Gluon.Tests.Optimizers;

/// <summary>The LR schedulers against MXNet's formulas, warm-up included, and their argument checks.</summary>
public class SchedulerTests
{
    [Fact]
    public void FactorSchedulerDropsEveryStepAndStopsAtFloor()
    {
        var s = new FactorScheduler(step: 3, factor: 0.5, stopFactorLr: 0.02, baseLr: 0.1);
        double[] expected = [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02];
        for (int n = 0; n < expected.Length; n++) Assert.Equal(expected[n], s.GetLearningRate(n), 12);
    }

    [Fact]
    public void FactorSchedulerCatchesUpWhenResumingLate()
    {
        var s = new FactorScheduler(step: 10, factor: 0.1, baseLr: 1.0);
        Assert.Equal(1e-3, s.GetLearningRate(35), 12); // three reductions at once (count 10, 20, 30)
        Assert.Equal(30, s.Count);
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("constant")]
    public void WarmupPrecedesTheSchedule(string mode)
    {
        var s = new FactorScheduler(step: 5, factor: 0.5, baseLr: 0.4, warmupSteps: 4, warmupBeginLr: 0.1, warmupMode: mode);
        for (int n = 0; n < 4; n++)
            Assert.Equal(mode == "linear" ? 0.1 + (0.4 - 0.1) * n / 4 : 0.1, s.GetLearningRate(n), 12);
        Assert.Equal(0.4, s.GetLearningRate(4), 12);
        Assert.Equal(0.2, s.GetLearningRate(6), 12);
    }

    [Fact]
    public void MultiFactorSchedulerDropsAfterEachListedStep()
    {
        var s = new MultiFactorScheduler([2, 5], factor: 0.1, baseLr: 1.0);
        double[] expected = [1, 1, 1, 0.1, 0.1, 0.1, 0.01, 0.01];
        for (int n = 0; n < expected.Length; n++) Assert.Equal(expected[n], s.GetLearningRate(n), 12);
        Assert.Equal(2, s.CurStepInd);
        Assert.Equal(5, s.Count);
    }

    [Fact]
    public void PolySchedulerFollowsPowerLawThenHolds()
    {
        var s = new PolyScheduler(maxUpdate: 12, baseLr: 0.5, pwr: 2, finalLr: 0.1, warmupSteps: 2, warmupBeginLr: 0.0);
        Assert.Equal(0.25, s.GetLearningRate(1), 12);
        for (int n = 2; n <= 12; n++)
            Assert.Equal(0.1 + 0.4 * Math.Pow(1 - (n - 2) / 10.0, 2), s.GetLearningRate(n), 12);
        Assert.Equal(0.1, s.GetLearningRate(20), 12);
    }

    [Fact]
    public void CosineSchedulerFollowsHalfCosineThenHolds()
    {
        var s = new CosineScheduler(maxUpdate: 10, baseLr: 1.0, finalLr: 0.2);
        for (int n = 0; n <= 10; n++)
            Assert.Equal(0.2 + 0.8 * (1 + Math.Cos(Math.PI * n / 10)) / 2, s.GetLearningRate(n), 12);
        Assert.Equal(0.2, s.GetLearningRate(11), 12);
    }

    [Fact]
    public void OptimizerReadsSchedulerAtNumUpdateAndOverwritesBaseLr()
    {
        var sched = new FactorScheduler(step: 1, factor: 0.5, baseLr: 7.0);
        var opt = new Sgd(learningRate: 1.0, lrScheduler: sched);
        Assert.Equal(1.0, sched.BaseLr); // an explicit learning_rate wins over the scheduler's base_lr
        var up = new Updater(opt);
        var w = Nd.Array(new double[] { 0 });
        var g = Nd.Array(new double[] { 1 });
        up.Call(0, g, w); // num_update 1: lr 1
        up.Call(0, g, w); // num_update 2: lr 0.5
        Check.Close(w, [-1.5], 1e-12, 1e-12);
        Assert.Equal(0.5, opt.LearningRate, 12);
        Check.Throws<InvalidOperationException>(() => opt.SetLearningRate(0.1), "LRScheduler");
    }

    [Fact]
    public void SchedulerOnlyOptimizerKeepsSchedulerBaseLr()
    {
        var sched = new CosineScheduler(maxUpdate: 4, baseLr: 3.0);
        var opt = new Sgd(lrScheduler: sched);
        Assert.Null(opt.Lr);
        Assert.Equal(3.0, opt.LearningRate, 12);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Check.Throws<ArgumentException>(() => new FactorScheduler(step: 0), "FactorScheduler", "step");
        Check.Throws<ArgumentException>(() => new FactorScheduler(step: 2, factor: 1.5), "FactorScheduler", "factor", "1.5");
        Check.Throws<ArgumentException>(() => new MultiFactorScheduler([3, 3]), "MultiFactorScheduler", "increasing");
        Check.Throws<ArgumentException>(() => new MultiFactorScheduler([0, 3]), "MultiFactorScheduler", "1 round");
        Check.Throws<ArgumentException>(() => new PolyScheduler(maxUpdate: 0), "PolyScheduler", "strictly positive");
        Check.Throws<ArgumentException>(() => new CosineScheduler(maxUpdate: 10, warmupMode: "cubic"), "CosineScheduler", "cubic");
        Check.Throws<ArgumentException>(() => new CosineScheduler(maxUpdate: 10, baseLr: 0.1, warmupBeginLr: 0.2), "warmup_begin_lr");
        Check.Throws<ArgumentException>(() => new CosineScheduler(maxUpdate: 10, warmupSteps: -1), "warmup_steps");
    }
}
