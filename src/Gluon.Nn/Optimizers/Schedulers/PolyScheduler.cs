using System.Text.Json.Nodes;

namespace Gluon.Optimizers;

/// <summary>
/// Polynomial decay (MXNet's <c>PolyScheduler</c>): for warmup_steps ≤ n ≤ max_update,
/// <c>final_lr + (base_lr_orig − final_lr)·(1 − (n − warmup_steps)/(max_update − warmup_steps))^pwr</c>;
/// after max_update the rate stays at its last value (final_lr).
/// </summary>
public sealed class PolyScheduler : DecayScheduler
{
    /// <summary>Creates the scheduler (MXNet's defaults).</summary>
    /// <exception cref="ArgumentException">max_update &lt; 1 or bad warm-up settings.</exception>
    public PolyScheduler(int maxUpdate, double baseLr = 0.01, double pwr = 2, double finalLr = 0,
        int warmupSteps = 0, double warmupBeginLr = 0, string warmupMode = "linear")
        : base(maxUpdate, baseLr, finalLr, warmupSteps, warmupBeginLr, warmupMode) => Power = pwr;

    /// <summary>The exponent (<c>pwr</c>).</summary>
    public double Power { get; }

    /// <inheritdoc/>
    protected override double Decay(int step, int maxSteps) => Math.Pow(1 - (double)step / maxSteps, Power);

    /// <inheritdoc/>
    protected override void WriteState(JsonObject o)
    {
        base.WriteState(o);
        o["pwr"] = Power;
    }
}
