using System.Diagnostics;
using System.Text;

namespace Gluon.Ops;

/// <summary>
/// A per-op timer for finding where a training step spends its time: with the environment
/// variable <c>GLUON_OP_PROFILE=1</c> set before start-up, the dispatcher adds each op call's
/// kernel time and whole-call time (inference, allocation, recording included) to a table keyed
/// by phase (forward, or the backward of which op) and op name, and autograd adds each gradient
/// function's time. Off (the default), <see cref="Enabled"/> is a constant false the JIT folds
/// away, so the dispatcher pays nothing. Single-threaded use only (a diagnostic, not a service).
/// </summary>
public static class OpProfiler
{
    /// <summary>True when <c>GLUON_OP_PROFILE=1</c> was set at start-up.</summary>
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("GLUON_OP_PROFILE") == "1";

    private sealed class Row
    {
        public long Calls, KernelTicks, TotalTicks;
    }

    private static readonly Dictionary<(string Phase, string Name), Row> s_rows = new();

    /// <summary>The phase ops are attributed to: null for forward, else the op whose gradient is running.</summary>
    [ThreadStatic] internal static string? Phase;

    internal static void AddKernel(string op, long ticks) => Get(Phase ?? "fwd", op).KernelTicks += ticks;

    internal static void AddCall(string op, long ticks)
    {
        var r = Get(Phase ?? "fwd", op);
        r.Calls++;
        r.TotalTicks += ticks;
    }

    internal static void AddGradient(string op, long ticks)
    {
        var r = Get("grad", op);
        r.Calls++;
        r.TotalTicks += ticks;
    }

    private static Row Get(string phase, string name)
    {
        if (!s_rows.TryGetValue((phase, name), out var r)) s_rows[(phase, name)] = r = new Row();
        return r;
    }

    /// <summary>Clears the table.</summary>
    public static void Reset() => s_rows.Clear();

    /// <summary>
    /// The table as text: one row per (phase, op) with calls, kernel ms and whole-call ms, each
    /// divided by <paramref name="steps"/> (per step), grouped by phase. "grad" rows are whole
    /// gradient functions (their op calls also appear under "bwd:OP").
    /// </summary>
    public static string Report(int steps)
    {
        var sb = new StringBuilder();
        double perMs = 1000.0 / Stopwatch.Frequency / steps;
        sb.AppendLine($"| phase | op | calls/step | kernel ms | call ms |");
        sb.AppendLine("|---|---|---|---|---|");
        double kSum = 0, tSum = 0;
        foreach (var ((phase, name), r) in s_rows.OrderBy(p => p.Key.Phase == "fwd" ? 0 : p.Key.Phase == "grad" ? 2 : 1)
                     .ThenBy(p => p.Key.Phase).ThenByDescending(p => p.Value.TotalTicks))
        {
            sb.AppendLine($"| {phase} | {name} | {(double)r.Calls / steps:F1} | {r.KernelTicks * perMs:F3} | {r.TotalTicks * perMs:F3} |");
            if (phase != "grad") { kSum += r.KernelTicks * perMs; tSum += r.TotalTicks * perMs; }
        }
        sb.AppendLine($"| all op calls | | | {kSum:F3} | {tSum:F3} |");
        return sb.ToString();
    }
}
