namespace Gluon.Tests;

/// <summary>Plain reference implementations of reductions and orderings for the op tests (loops over doubles).</summary>
public static class ReduceRef
{
    /// <summary>The reduced-axis mask for MXNet's axis/exclude rules (axis null or empty: all).</summary>
    public static bool[] Mask(int rank, int[]? axis, bool exclude)
    {
        var m = new bool[rank];
        if (axis is null || axis.Length == 0) { Array.Fill(m, true); return m; }
        foreach (int a in axis) m[a < 0 ? a + rank : a] = true;
        if (exclude) for (int i = 0; i < rank; i++) m[i] = !m[i];
        return m;
    }

    /// <summary>The output shape: kept dims in order (reduced ones as 1 with keepdims); (1,) when nothing is left.</summary>
    public static Shape OutShape(Shape s, bool[] mask, bool keepDims)
    {
        var d = new List<int>();
        for (int i = 0; i < s.Rank; i++)
        {
            if (!mask[i]) d.Add(s[i]);
            else if (keepDims) d.Add(1);
        }
        if (d.Count == 0) d.Add(1);
        return new Shape(d.ToArray());
    }

    /// <summary>Applies <paramref name="f"/> to the values of every output position's reduced set (in input order).</summary>
    public static double[] Reduce(double[] x, Shape s, bool[] mask, Func<List<double>, double> f)
    {
        int outSize = 1;
        for (int i = 0; i < s.Rank; i++) if (!mask[i]) outSize *= s[i];
        var groups = new List<double>[outSize];
        for (int i = 0; i < outSize; i++) groups[i] = new List<double>();
        var idx = new int[s.Rank];
        for (int flat = 0; flat < x.Length; flat++)
        {
            int rem = flat;
            for (int d = s.Rank - 1; d >= 0; d--) { idx[d] = rem % s[d]; rem /= s[d]; }
            int o = 0;
            for (int d = 0; d < s.Rank; d++) if (!mask[d]) o = o * s[d] + idx[d];
            groups[o].Add(x[flat]);
        }
        return groups.Select(f).ToArray();
    }

    /// <summary>Per line along <paramref name="axis"/> (null: the whole array), the indices in sorted order, ties by index.</summary>
    public static (int Outer, int N, int Inner, int[][] Order) Orders(double[] x, Shape s, int? axis, bool ascend)
    {
        int outer = 1, n = x.Length, inner = 1;
        if (axis is not null)
        {
            int a = axis.Value < 0 ? axis.Value + s.Rank : axis.Value;
            outer = 1; for (int d = 0; d < a; d++) outer *= s[d];
            n = s[a];
            inner = 1; for (int d = a + 1; d < s.Rank; d++) inner *= s[d];
        }
        var orders = new int[outer * inner][];
        for (int b = 0; b < outer; b++)
        {
            for (int i = 0; i < inner; i++)
            {
                var vals = new double[n];
                for (int j = 0; j < n; j++) vals[j] = x[(b * n + j) * inner + i];
                var ord = Enumerable.Range(0, n).ToList();
                // Insertion sort: simple and obviously stable.
                for (int p = 1; p < n; p++)
                {
                    int cur = ord[p], q = p - 1;
                    while (q >= 0 && (ascend ? vals[ord[q]] > vals[cur] : vals[ord[q]] < vals[cur])) { ord[q + 1] = ord[q]; q--; }
                    ord[q + 1] = cur;
                }
                orders[b * inner + i] = ord.ToArray();
            }
        }
        return (outer, n, inner, orders);
    }
}
