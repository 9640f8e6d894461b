using System.Text.Json.Nodes;

namespace Gluon.Optimizers;

/// <summary>
/// Polynomial decay (MXNet's <c>PolyScheduler</c>): for warmup_steps ≤ n ≤ max_update,
/// <c>final_lr + (base_lr_orig − final_lr)·(1 − (n − warmup_steps)/(max_update − warmup_steps))^pwr</c>;
/// after max_update the rate stays at its last value (final_lr).
/// </summary>
public sealed class PolyScheduler : LRScheduler
{
    /// <summary>Creates the scheduler (MXNet's defaults).</summary>
    /// <exception cref="ArgumentException">max_update &lt; 1 or bad warm-up settings.</exception>
    public PolyScheduler(int maxUpdate, double baseLr = 0.01, double pwr = 2, double finalLr = 0,
        int warmupSteps = 0, double warmupBeginLr = 0, string warmupMode = "linear")
        : base(baseLr, warmupSteps, warmupBeginLr, warmupMode)
    {
        if (maxUpdate < 1) throw new ArgumentException($"PolyScheduler: maximum number of updates must be strictly positive, got {maxUpdate}");
        Power = pwr;
        BaseLrOrig = baseLr;
        MaxUpdate = maxUpdate;
        FinalLr = finalLr;
        MaxSteps = maxUpdate - warmupSteps;
    }

    /// <summary>The exponent (<c>pwr</c>).</summary>
    public double Power { get; }
    /// <summary>The rate at the end of the warm-up (<c>base_lr_orig</c>, the constructor's base_lr).</summary>
    public double BaseLrOrig { get; }
    /// <summary>The update count where the decay ends (<c>max_update</c>).</summary>
    public int MaxUpdate { get; }
    /// <summary>The rate at max_update (<c>final_lr</c>).</summary>
    public double FinalLr { get; }
    /// <summary>Decay length after the warm-up (<c>max_steps</c>).</summary>
    public int MaxSteps { get; }

    /// <inheritdoc/>
    protected override double AfterWarmup(int numUpdate)
    {
        if (numUpdate <= MaxUpdate)
            BaseLr = FinalLr + (BaseLrOrig - FinalLr) * Math.Pow(1 - (double)(numUpdate - WarmupSteps) / MaxSteps, Power);
        return BaseLr;
    }

    /// <inheritdoc/>
    protected override void WriteState(JsonObject o)
    {
        o["max_update"] = MaxUpdate; o["base_lr_orig"] = BaseLrOrig; o["pwr"] = Power; o["final_lr"] = FinalLr;
    }

    /// <inheritdoc/>
    protected override void ReadState(JsonObject o) { }
}
