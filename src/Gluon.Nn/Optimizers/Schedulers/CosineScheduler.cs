using System.Text.Json.Nodes;

namespace Gluon.Optimizers;

/// <summary>
/// Cosine decay (MXNet's <c>CosineScheduler</c>): for warmup_steps ≤ n ≤ max_update,
/// <c>final_lr + (base_lr_orig − final_lr)·(1 + cos(π·(n − warmup_steps)/(max_update − warmup_steps)))/2</c>;
/// after max_update the rate stays at final_lr.
/// </summary>
public sealed class CosineScheduler : LRScheduler
{
    /// <summary>Creates the scheduler (MXNet's defaults).</summary>
    /// <exception cref="ArgumentException">max_update &lt; 1 or bad warm-up settings.</exception>
    public CosineScheduler(int maxUpdate, double baseLr = 0.01, double finalLr = 0,
        int warmupSteps = 0, double warmupBeginLr = 0, string warmupMode = "linear")
        : base(baseLr, warmupSteps, warmupBeginLr, warmupMode)
    {
        if (maxUpdate < 1) throw new ArgumentException($"CosineScheduler: maximum number of updates must be strictly positive, got {maxUpdate}");
        BaseLrOrig = baseLr;
        MaxUpdate = maxUpdate;
        FinalLr = finalLr;
        MaxSteps = maxUpdate - warmupSteps;
    }

    /// <summary>The rate at the end of the warm-up (<c>base_lr_orig</c>).</summary>
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
            BaseLr = FinalLr + (BaseLrOrig - FinalLr) * (1 + Math.Cos(Math.PI * (numUpdate - WarmupSteps) / MaxSteps)) / 2;
        return BaseLr;
    }

    /// <inheritdoc/>
    protected override void WriteState(JsonObject o)
    {
        o["max_update"] = MaxUpdate; o["base_lr_orig"] = BaseLrOrig; o["final_lr"] = FinalLr;
    }

    /// <inheritdoc/>
    protected override void ReadState(JsonObject o) { }
}
