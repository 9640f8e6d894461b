using System.Text.Json.Nodes;

namespace Gluon.Optimizers;

/// <summary>
/// Base of the learning-rate schedulers (MXNet's <c>mx.lr_scheduler.LRScheduler</c>):
/// <see cref="GetLearningRate"/> maps the optimizer's update count to a learning rate. During the
/// first <see cref="WarmupSteps"/> updates it returns the warm-up rate: linear from
/// <see cref="WarmupBeginLr"/> towards the base rate (<c>begin + (final − begin)·n/warmup_steps</c>),
/// or constant at <see cref="WarmupBeginLr"/>. Schedulers are stateful, as in MXNet: calls with
/// growing update counts move <see cref="BaseLr"/>.
/// </summary>
public abstract class LRScheduler
{
    /// <summary>Validates and stores the warm-up settings.</summary>
    /// <exception cref="ArgumentException">warmup_begin_lr above base_lr, negative warmup_steps, or an unknown warmup_mode.</exception>
    protected LRScheduler(double baseLr, int warmupSteps, double warmupBeginLr, string warmupMode)
    {
        string name = GetType().Name;
        if (warmupBeginLr > baseLr) throw new ArgumentException($"{name}: base lr ({baseLr}) has to be higher than warmup_begin_lr ({warmupBeginLr})");
        if (warmupSteps < 0) throw new ArgumentException($"{name}: warmup_steps has to be positive or 0, got {warmupSteps}");
        if (warmupMode is not ("linear" or "constant"))
            throw new ArgumentException($"{name}: warmup_mode supports only 'linear' and 'constant', got '{warmupMode}'");
        BaseLr = baseLr;
        WarmupSteps = warmupSteps;
        WarmupFinalLr = baseLr;
        WarmupBeginLr = warmupBeginLr;
        WarmupMode = warmupMode;
    }

    /// <summary>The current base rate (<c>base_lr</c>); the optimizer overwrites it when given an explicit learning rate.</summary>
    public double BaseLr { get; set; }
    /// <summary>Updates spent warming up (<c>warmup_steps</c>).</summary>
    public int WarmupSteps { get; }
    /// <summary>The rate at update 0 of the warm-up (<c>warmup_begin_lr</c>).</summary>
    public double WarmupBeginLr { get; }
    /// <summary>The rate the linear warm-up heads for: base_lr at construction (<c>warmup_final_lr</c>).</summary>
    public double WarmupFinalLr { get; private set; }
    /// <summary><c>linear</c> or <c>constant</c> (<c>warmup_mode</c>).</summary>
    public string WarmupMode { get; }

    /// <summary>The learning rate for update count <paramref name="numUpdate"/> (MXNet's <c>__call__</c>).</summary>
    public double GetLearningRate(int numUpdate) =>
        numUpdate < WarmupSteps ? GetWarmupLr(numUpdate) : AfterWarmup(numUpdate);

    /// <summary>The rate once the warm-up is over.</summary>
    protected abstract double AfterWarmup(int numUpdate);

    /// <summary>The warm-up rate at <paramref name="numUpdate"/> &lt; warmup_steps.</summary>
    protected double GetWarmupLr(int numUpdate) => WarmupMode == "linear"
        ? WarmupBeginLr + (WarmupFinalLr - WarmupBeginLr) * numUpdate / WarmupSteps
        : WarmupBeginLr;

    // ---- state (Updater/Trainer states files) -------------------------------------------------

    /// <summary>Writes the scheduler's type, settings and current state to JSON.</summary>
    internal JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["type"] = GetType().Name,
            ["base_lr"] = BaseLr, ["warmup_steps"] = WarmupSteps, ["warmup_begin_lr"] = WarmupBeginLr,
            ["warmup_final_lr"] = WarmupFinalLr, ["warmup_mode"] = WarmupMode,
        };
        WriteState(o);
        return o;
    }

    /// <summary>Adds the subclass settings and counters.</summary>
    protected abstract void WriteState(JsonObject o);

    /// <summary>Restores counters written by <see cref="WriteState"/> after construction from the settings.</summary>
    protected abstract void ReadState(JsonObject o);

    /// <summary>Rebuilds a scheduler written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">Unknown scheduler type or missing fields.</exception>
    internal static LRScheduler FromJson(JsonObject o)
    {
        double D(string k) => (double?)o[k] ?? throw new FormatException($"LRScheduler state: missing '{k}'");
        int I(string k) => (int?)o[k] ?? throw new FormatException($"LRScheduler state: missing '{k}'");
        int ws = I("warmup_steps");
        double wb = D("warmup_begin_lr"), fin = D("warmup_final_lr");
        string wm = (string?)o["warmup_mode"] ?? "linear";
        LRScheduler s = (string?)o["type"] switch
        {
            nameof(FactorScheduler) => new FactorScheduler(I("step"), D("factor"), D("stop_factor_lr"), fin, ws, wb, wm),
            nameof(MultiFactorScheduler) => new MultiFactorScheduler(
                (o["step"] as JsonArray ?? throw new FormatException("LRScheduler state: missing 'step'")).Select(n => (int)n!).ToArray(), D("factor"), fin, ws, wb, wm),
            nameof(PolyScheduler) => new PolyScheduler(I("max_update"), D("base_lr_orig"), D("pwr"), D("final_lr"), ws, wb, wm),
            nameof(CosineScheduler) => new CosineScheduler(I("max_update"), D("base_lr_orig"), D("final_lr"), ws, wb, wm),
            var t => throw new FormatException($"LRScheduler state: unknown scheduler type '{t}'"),
        };
        s.ReadState(o);
        s.BaseLr = D("base_lr");
        return s;
    }
}
