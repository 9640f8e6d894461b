namespace Gluon.Cpu;

/// <summary>
/// Splits a range of independent work items over the cores when it is large enough to pay for
/// the hand-off; small work stays on the calling thread. The body is called once per chunk.
/// </summary>
public static class CpuParallel
{
    /// <summary>Worker count (the machine's cores).</summary>
    public static int Degree { get; } = Environment.ProcessorCount;

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, <paramref name="count"/>) in chunks of at
    /// least <paramref name="minChunk"/> items.
    /// </summary>
    public static void For(int count, int minChunk, Action<int, int> body)
    {
        if (count <= 0) return;
        int chunks = Math.Min(Degree, Math.Max(1, count / Math.Max(1, minChunk)));
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }
        int per = (count + chunks - 1) / chunks;
        Parallel.For(0, chunks, c =>
        {
            int s = c * per, e = Math.Min(count, s + per);
            if (s < e) body(s, e);
        });
    }
}
