using System.Text.Json.Nodes;

namespace Gluon.Optimizers;

/// <summary>
/// Shared part of <see cref="PolyScheduler"/> and <see cref="CosineScheduler"/>: after the
/// warm-up and up to <see cref="MaxUpdate"/>, <c>base_lr = final_lr + (base_lr_orig − final_lr)·f(n − warmup_steps, max_steps)</c>
/// with the subclass's decay curve f (1 at the start, 0 at max_update); later the rate stays put.
/// </summary>
public abstract class DecayScheduler : LRScheduler
{
    /// <summary>Validates max_update and stores the decay settings.</summary>
    /// <exception cref="ArgumentException">max_update &lt; 1 or bad warm-up settings.</exception>
    protected DecayScheduler(int maxUpdate, double baseLr, double finalLr, int warmupSteps, double warmupBeginLr, string warmupMode)
        : base(baseLr, warmupSteps, warmupBeginLr, warmupMode)
    {
        if (maxUpdate < 1) throw new ArgumentException($"{GetType().Name}: maximum number of updates must be strictly positive, got {maxUpdate}");
        BaseLrOrig = baseLr;
        MaxUpdate = maxUpdate;
        FinalLr = finalLr;
        MaxSteps = maxUpdate - warmupSteps;
    }

    /// <summary>The rate at the end of the warm-up (<c>base_lr_orig</c>, the constructor's base_lr).</summary>
    public double BaseLrOrig { get; }
    /// <summary>The update count where the decay ends (<c>max_update</c>).</summary>
    public int MaxUpdate { get; }
    /// <summary>The rate at max_update (<c>final_lr</c>).</summary>
    public double FinalLr { get; }
    /// <summary>Decay length after the warm-up (<c>max_steps</c>).</summary>
    public int MaxSteps { get; }

    /// <summary>The decay curve at <paramref name="step"/> of <paramref name="maxSteps"/> (MXNet's exact expression, for identical rounding).</summary>
    protected abstract double Decay(int step, int maxSteps);

    /// <inheritdoc/>
    protected sealed override double AfterWarmup(int numUpdate)
    {
        if (numUpdate <= MaxUpdate)
            BaseLr = FinalLr + (BaseLrOrig - FinalLr) * Decay(numUpdate - WarmupSteps, MaxSteps);
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
