namespace Gluon.Bench.Compare;

/// <summary>The FMA-loop peak on 1 and 2 threads, alternating; the 2-thread median is the 100% of later "% of peak" columns.</summary>
internal static class PeakSection
{
    public static void Run(ResultTable t, bool quick)
    {
        int rounds = quick ? 5 : 11;
        long iters = FmaPeak.ItersFor(quick ? 30 : 100);
        var one = new double[rounds];
        var two = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            one[r] = FmaPeak.Measure(1, iters);
            two[r] = FmaPeak.Measure(2, iters);
        }
        t.Emit("");
        string width = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512" : "Vector256";
        t.Emit($"**Peak: C# FMA loop (16 independent {width} FMA chains, own method, no calls)**");
        t.Emit("");
        t.Emit("| threads | GFLOP/s median (min-max) |");
        t.Emit("|---|---|");
        t.PeakRow("1", one);
        t.PeakRow("2", two);
        t.PeakGflops = ResultTable.Stat.Of(two).Median;
    }
}
