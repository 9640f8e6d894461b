using System.Text.Json.Nodes;

namespace Gluon.Optimizers;

/// <summary>
/// Multiplies the rate by <see cref="Factor"/> every <see cref="Step"/> updates, never going
/// below <see cref="StopFactorLr"/> (MXNet's <c>FactorScheduler</c>): while
/// <c>num_update &gt; count + step</c>, <c>count += step</c> and <c>base_lr = max(base_lr·factor, stop_factor_lr)</c>.
/// </summary>
public sealed class FactorScheduler : LRScheduler
{
    /// <summary>Creates the scheduler (MXNet's defaults).</summary>
    /// <exception cref="ArgumentException">step &lt; 1, factor &gt; 1, or bad warm-up settings.</exception>
    public FactorScheduler(int step, double factor = 1, double stopFactorLr = 1e-8, double baseLr = 0.01,
        int warmupSteps = 0, double warmupBeginLr = 0, string warmupMode = "linear")
        : base(baseLr, warmupSteps, warmupBeginLr, warmupMode)
    {
        if (step < 1) throw new ArgumentException($"FactorScheduler: schedule step must be greater or equal than 1 round, got {step}");
        if (factor > 1.0) throw new ArgumentException($"FactorScheduler: factor must be no more than 1 to make lr reduce, got {factor}");
        Step = step;
        Factor = factor;
        StopFactorLr = stopFactorLr;
    }

    /// <summary>Updates between reductions (<c>step</c>).</summary>
    public int Step { get; }
    /// <summary>The multiplier (<c>factor</c>).</summary>
    public double Factor { get; }
    /// <summary>The floor of the rate (<c>stop_factor_lr</c>).</summary>
    public double StopFactorLr { get; }
    /// <summary>The update count of the last reduction (<c>count</c>).</summary>
    public int Count { get; private set; }

    /// <inheritdoc/>
    protected override double AfterWarmup(int numUpdate)
    {
        // A loop, not an if: resuming at a large update count applies every missed reduction.
        while (numUpdate > Count + Step)
        {
            Count += Step;
            BaseLr *= Factor;
            if (BaseLr < StopFactorLr) BaseLr = StopFactorLr;
        }
        return BaseLr;
    }

    /// <inheritdoc/>
    protected override void WriteState(JsonObject o)
    {
        o["step"] = Step; o["factor"] = Factor; o["stop_factor_lr"] = StopFactorLr; o["count"] = Count;
    }

    /// <inheritdoc/>
    protected override void ReadState(JsonObject o) => Count = (int?)o["count"] ?? 0;
}
