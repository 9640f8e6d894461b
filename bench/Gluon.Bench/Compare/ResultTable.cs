using System.Globalization;
using System.Text;

namespace Gluon.Bench.Compare;

/// <summary>
/// The compare command's output: one Markdown table per section (so it can be pasted into the
/// README as it is), rows printed as soon as they are measured. Times are milliseconds per call,
/// median (min-max) over the samples; the ratio is ours/peer of the medians (below 1: we are
/// faster).
/// </summary>
internal sealed class ResultTable
{
    private readonly StringBuilder _all = new();

    /// <summary>Everything printed so far.</summary>
    public string Text => _all.ToString();

    /// <summary>2-thread FMA-loop peak in GFLOP/s that "% of peak" columns refer to (0 = not measured).</summary>
    public double PeakGflops { get; set; }

    /// <summary>Starts a section: a heading line and the table header.</summary>
    public void Section(string title, string peer, bool flops)
    {
        Emit("");
        Emit($"**{title}**");
        Emit("");
        if (flops)
        {
            Emit($"| workload | ours ms | {peer} ms | ours/peer time | ours GFLOP/s | {peer} GFLOP/s | ours % of peak | check |");
            Emit("|---|---|---|---|---|---|---|---|");
        }
        else
        {
            Emit($"| workload | ours ms | {peer} ms | ours/peer time | check |");
            Emit("|---|---|---|---|---|");
        }
    }

    /// <summary>A row measured side by side; <paramref name="flop"/> &gt; 0 adds GFLOP/s and % of peak columns.</summary>
    /// <remarks><paramref name="peakGflops"/>, when given, replaces <see cref="PeakGflops"/> for this row (a peak sampled alongside it).</remarks>
    public void Row(string workload, double[] ours, double[]? peer, double flop = 0, string? note = null, double? peakGflops = null)
    {
        double peak = peakGflops ?? PeakGflops;
        var o = Stat.Of(ours);
        var p = peer is null ? null : Stat.Of(peer);
        string ratio = p is null ? "n/a" : F2(o.Median / p.Median);
        string line = $"| {workload} | {o} | {(p?.ToString() ?? "not run")} | {ratio}";
        if (flop > 0)
        {
            string og = F1(flop / o.Median / 1e6), pg = p is null ? "" : F1(flop / p.Median / 1e6);
            string pct = peak > 0 ? F1(100 * flop / o.Median / 1e6 / peak) + "%" : "";
            line += $" | {og} | {pg} | {pct}";
        }
        Emit(line + $" | {note} |");
    }

    /// <summary>A row whose peer figure is quoted (a range measured elsewhere), not measured in this run.</summary>
    public void QuotedRow(string workload, double[] ours, double quotedLo, double quotedHi, string? note = null)
    {
        var o = Stat.Of(ours);
        double mid = (quotedLo + quotedHi) / 2;
        Emit($"| {workload} | {o} | {Ms(quotedLo)}-{Ms(quotedHi)} (quoted) | {F2(o.Median / mid)} (vs midpoint {Ms(mid)}) | {note} |");
    }

    /// <summary>A row with a single measured figure (the FMA peak).</summary>
    public void PeakRow(string workload, double[] gflops)
    {
        var s = Stat.Of(gflops);
        Emit($"| {workload} | {F1(s.Median)} GFLOP/s ({F1(s.Min)}-{F1(s.Max)}) |");
    }

    /// <summary>Prints a line and keeps it.</summary>
    public void Emit(string line)
    {
        Console.WriteLine(line);
        _all.AppendLine(line);
    }

    internal static string F1(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
    internal static string F2(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>Milliseconds with three significant digits.</summary>
    internal static string Ms(double ms) => ms.ToString(ms >= 100 ? "F0" : ms >= 10 ? "F1" : ms >= 1 ? "F2" : ms >= 0.1 ? "F3" : "F4",
        CultureInfo.InvariantCulture);

    /// <summary>Median, minimum and maximum of a set of samples.</summary>
    internal sealed record Stat(double Median, double Min, double Max)
    {
        public static Stat Of(double[] samples)
        {
            var s = (double[])samples.Clone();
            Array.Sort(s);
            double med = s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
            return new Stat(med, s[0], s[^1]);
        }

        public override string ToString() => $"{Ms(Median)} ({Ms(Min)}-{Ms(Max)})";
    }
}
