using System.Diagnostics;

namespace Gluon.Bench.Compare;

/// <summary>
/// Times several workloads in one process by alternating them: every round runs each workload
/// for one sample (enough calls to fill <see cref="SampleMs"/>), so a burst of noise on the
/// shared host hits all of them alike instead of whichever happened to run during it.
/// </summary>
internal sealed class SideBySide(int rounds, double sampleMs, double warmupMs)
{
    /// <summary>Samples per workload.</summary>
    public int Rounds { get; } = rounds;

    /// <summary>Target wall time of one sample in milliseconds.</summary>
    public double SampleMs { get; } = sampleMs;

    /// <summary>Wall time spent warming each workload up before the first sample.</summary>
    public double WarmupMs { get; } = warmupMs;

    /// <summary>
    /// Warms each action up (for a fixed time, so that tiered compilation has promoted the hot
    /// methods), picks a call count per sample from that, then takes <see cref="Rounds"/> samples
    /// of each, alternating, reversing the order every other round. Returns milliseconds per call,
    /// one array per action.
    /// </summary>
    public double[][] Measure(params Action[] actions)
    {
        var reps = new int[actions.Length];
        for (int i = 0; i < actions.Length; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            int calls = 0;
            do { actions[i](); calls++; }
            while (Elapsed(t0) < WarmupMs || calls < 2);
            // Time a few calls again after the warm-up: the first calls include compilation.
            long t1 = Stopwatch.GetTimestamp();
            actions[i]();
            double one = Math.Max(Elapsed(t1), 1e-4);
            reps[i] = (int)Math.Clamp(SampleMs / one, 1, 1_000_000);
        }
        var ms = new double[actions.Length][];
        for (int i = 0; i < actions.Length; i++) ms[i] = new double[Rounds];
        for (int r = 0; r < Rounds; r++)
            for (int j = 0; j < actions.Length; j++)
            {
                int i = r % 2 == 0 ? j : actions.Length - 1 - j;
                long t0 = Stopwatch.GetTimestamp();
                for (int c = 0; c < reps[i]; c++) actions[i]();
                ms[i][r] = Elapsed(t0) / reps[i];
            }
        return ms;
    }

    private static double Elapsed(long t0) => (Stopwatch.GetTimestamp() - t0) * 1000.0 / Stopwatch.Frequency;
}
