using System.Text.Json.Nodes;

namespace Gluon.Optimizers;

/// <summary>
/// Multiplies the rate by <see cref="Factor"/> each time the update count passes the next entry
/// of <see cref="Steps"/> (MXNet's <c>MultiFactorScheduler</c>): after
/// <c>num_update &gt; step[k]</c> the rate is <c>base_lr·factor^(k+1)</c>.
/// </summary>
public sealed class MultiFactorScheduler : LRScheduler
{
    private readonly int[] _steps;

    /// <summary>Creates the scheduler (MXNet's defaults).</summary>
    /// <exception cref="ArgumentException">Empty or non-increasing steps, a step &lt; 1, factor &gt; 1, or bad warm-up settings.</exception>
    public MultiFactorScheduler(IReadOnlyList<int> step, double factor = 1, double baseLr = 0.01,
        int warmupSteps = 0, double warmupBeginLr = 0, string warmupMode = "linear")
        : base(baseLr, warmupSteps, warmupBeginLr, warmupMode)
    {
        if (step is null || step.Count < 1) throw new ArgumentException("MultiFactorScheduler: step must be a list of at least one update count");
        for (int i = 0; i < step.Count; i++)
        {
            if (i != 0 && step[i] <= step[i - 1])
                throw new ArgumentException($"MultiFactorScheduler: schedule step must be an increasing integer list, got [{string.Join(", ", step)}]");
            if (step[i] < 1)
                throw new ArgumentException($"MultiFactorScheduler: schedule step must be greater or equal than 1 round, got {step[i]}");
        }
        if (factor > 1.0) throw new ArgumentException($"MultiFactorScheduler: factor must be no more than 1 to make lr reduce, got {factor}");
        _steps = [.. step];
        Factor = factor;
    }

    /// <summary>The update counts after which the rate drops (<c>step</c>).</summary>
    public IReadOnlyList<int> Steps => _steps;
    /// <summary>The multiplier (<c>factor</c>).</summary>
    public double Factor { get; }
    /// <summary>Index of the next step to pass (<c>cur_step_ind</c>).</summary>
    public int CurStepInd { get; private set; }
    /// <summary>The last step passed (<c>count</c>).</summary>
    public int Count { get; private set; }

    /// <inheritdoc/>
    protected override double AfterWarmup(int numUpdate)
    {
        while (CurStepInd < _steps.Length && numUpdate > _steps[CurStepInd])
        {
            Count = _steps[CurStepInd];
            CurStepInd++;
            BaseLr *= Factor;
        }
        return BaseLr;
    }

    /// <inheritdoc/>
    protected override void WriteState(JsonObject o)
    {
        o["step"] = new JsonArray([.. _steps.Select(s => (JsonNode?)s)]);
        o["factor"] = Factor; o["cur_step_ind"] = CurStepInd; o["count"] = Count;
    }

    /// <inheritdoc/>
    protected override void ReadState(JsonObject o)
    {
        CurStepInd = (int?)o["cur_step_ind"] ?? 0;
        Count = (int?)o["count"] ?? 0;
    }
}
