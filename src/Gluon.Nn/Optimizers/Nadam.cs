using System.Text.Json.Nodes;

namespace Gluon.Optimizers;

/// <summary>
/// Nadam, Adam with Nesterov momentum (MXNet's <c>Nadam</c>, <c>nadam</c>): <c>g' = clip(g + wd·w)</c>,
/// <c>μ_t = β1·(1 − 0.5·0.96^(t·sd))</c>, <c>μ_{t+1}</c> likewise, the optimizer-wide product
/// <c>S = S·μ_t</c>; m, v as in Adam; <c>ĝ = g'/(1−S)</c>, <c>m̂ = m/(1 − S·μ_{t+1})</c>,
/// <c>v̂ = v/(1−β2^t)</c>, <c>m̄ = (1−μ_t)·ĝ + μ_{t+1}·m̂</c>, <c>w = w − lr·m̄/(√v̂ + ε)</c>.
/// </summary>
/// <remarks>
/// As in MXNet, S (<see cref="MSchedule"/>) is one product for the whole optimizer, advanced by
/// every update of every index.
/// </remarks>
public sealed class Nadam : Optimizer
{
    /// <summary>Creates the optimizer (MXNet's defaults).</summary>
    /// <param name="beta1"><c>beta1</c>.</param>
    /// <param name="beta2"><c>beta2</c>.</param>
    /// <param name="epsilon"><c>epsilon</c>.</param>
    /// <param name="scheduleDecay">Momentum schedule decay (<c>schedule_decay</c>).</param>
    /// <include file="OptimizerArgs.xml" path="docs/common/*"/>
    public Nadam(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double scheduleDecay = 0.004, double? learningRate = 0.001, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        ScheduleDecay = scheduleDecay;
    }

    /// <summary><c>beta1</c>.</summary>
    public double Beta1 { get; }
    /// <summary><c>beta2</c>.</summary>
    public double Beta2 { get; }
    /// <summary><c>epsilon</c>.</summary>
    public double Epsilon { get; }
    /// <summary><c>schedule_decay</c>.</summary>
    public double ScheduleDecay { get; }
    /// <summary>The running momentum-schedule product S (<c>m_schedule</c>), 1 at the start.</summary>
    public double MSchedule { get; internal set; } = 1.0;

    /// <inheritdoc/>
    public override object? CreateState(int index, NDArray weight) => new object?[] { ZerosLike(weight), ZerosLike(weight) };

    /// <inheritdoc/>
    public override void Update(int index, NDArray weight, NDArray grad, object? state)
    {
        var (lr, wd) = BeginUpdate(index, weight, grad);
        int t = UpdateCountOf(index);
        var g = grad * RescaleGrad + wd * weight;
        if (ClipGradient is { } c) g = Nd.Clip(g, -c, c);
        double momT = Beta1 * (1.0 - 0.5 * Math.Pow(0.96, t * ScheduleDecay));
        double momT1 = Beta1 * (1.0 - 0.5 * Math.Pow(0.96, (t + 1) * ScheduleDecay));
        MSchedule *= momT;
        double mScheduleNext = MSchedule * momT1;
        NDArray m = Slot(state, 0), v = Slot(state, 1);
        (Beta1 * m + (1.0 - Beta1) * g).CopyTo(m);
        (Beta2 * v + (1.0 - Beta2) * g * g).CopyTo(v);
        var gPrime = g / (1.0 - MSchedule);
        var mPrime = m / (1.0 - mScheduleNext);
        var vPrime = v / (1.0 - Math.Pow(Beta2, t));
        var mBar = (1.0 - momT) * gPrime + momT1 * mPrime;
        (weight - lr * mBar / (Nd.Sqrt(vPrime) + Epsilon)).CopyTo(weight);
    }

    internal override void WriteExtraState(JsonObject o) => o["m_schedule"] = MSchedule;

    internal override void ReadExtraState(JsonObject o) => MSchedule = (double?)o["m_schedule"] ?? 1.0;
}
