namespace Gluon.Optimizers;

/// <summary>
/// Cosine decay (MXNet's <c>CosineScheduler</c>): for warmup_steps ≤ n ≤ max_update,
/// <c>final_lr + (base_lr_orig − final_lr)·(1 + cos(π·(n − warmup_steps)/(max_update − warmup_steps)))/2</c>;
/// after max_update the rate stays at final_lr.
/// </summary>
public sealed class CosineScheduler : DecayScheduler
{
    /// <summary>Creates the scheduler (MXNet's defaults).</summary>
    /// <exception cref="ArgumentException">max_update &lt; 1 or bad warm-up settings.</exception>
    public CosineScheduler(int maxUpdate, double baseLr = 0.01, double finalLr = 0,
        int warmupSteps = 0, double warmupBeginLr = 0, string warmupMode = "linear")
        : base(maxUpdate, baseLr, finalLr, warmupSteps, warmupBeginLr, warmupMode)
    {
    }

    /// <inheritdoc/>
    protected override double Decay(int step, int maxSteps) => (1 + Math.Cos(Math.PI * step / maxSteps)) / 2;
}
