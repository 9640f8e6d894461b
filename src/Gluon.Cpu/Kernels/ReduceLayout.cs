namespace Gluon.Cpu.Kernels;

/// <summary>
/// A reduction's input seen as (outer, reduce, inner) after merging adjacent axes with the same
/// role, which covers every reduction whose reduced axes are contiguous (after dropping size-1
/// axes). <see cref="IsSimple"/> is false otherwise; those use <see cref="ForEachStrided"/>.
/// </summary>
public sealed class ReduceLayout
{
    /// <summary>Product of kept axes before the reduced block.</summary>
    public int Outer { get; private init; } = 1;
    /// <summary>Product of the reduced axes.</summary>
    public int Reduce { get; private init; } = 1;
    /// <summary>Product of kept axes after the reduced block.</summary>
    public int Inner { get; private init; } = 1;
    /// <summary>True when the reduced axes form one contiguous block.</summary>
    public bool IsSimple { get; private init; }

    private int[] _dims = [];
    private bool[] _reduced = [];

    /// <summary>Builds the layout of reducing <paramref name="mask"/> axes of <paramref name="shape"/>.</summary>
    public static ReduceLayout Create(Shape shape, bool[] mask)
    {
        var dims = new List<int>();
        var red = new List<bool>();
        for (int i = 0; i < shape.Rank; i++)
        {
            if (shape[i] == 1) continue;
            if (red.Count > 0 && red[^1] == mask[i]) dims[^1] *= shape[i];
            else { dims.Add(shape[i]); red.Add(mask[i]); }
        }
        int groups = red.Count(r => r);
        int outer = 1, reduce = 1, inner = 1;
        bool simple = groups <= 1;
        if (simple)
        {
            int k = 0;
            for (; k < dims.Count && !red[k]; k++) outer *= dims[k];
            for (; k < dims.Count && red[k]; k++) reduce *= dims[k];
            for (; k < dims.Count; k++) inner *= dims[k];
            if (groups == 0) { inner = outer * inner; outer = 1; }
        }
        return new ReduceLayout { Outer = outer, Reduce = reduce, Inner = inner, IsSimple = simple, _dims = dims.ToArray(), _reduced = red.ToArray() };
    }

    /// <summary>
    /// General case: calls <paramref name="visit"/>(inputIndex, outputIndex) for every input element,
    /// in input order (slow path for reductions over non-adjacent axes).
    /// </summary>
    public void ForEachStrided(Action<int, int> visit)
    {
        int r = _dims.Length;
        var outStride = new int[r];
        int acc = 1;
        for (int i = r - 1; i >= 0; i--)
        {
            outStride[i] = _reduced[i] ? 0 : acc;
            if (!_reduced[i]) acc *= _dims[i];
        }
        int total = 1;
        foreach (int d in _dims) total *= d;
        var idx = new int[r];
        int o = 0;
        for (int i = 0; i < total; i++)
        {
            visit(i, o);
            for (int d = r - 1; d >= 0; d--)
            {
                idx[d]++;
                o += outStride[d];
                if (idx[d] < _dims[d]) break;
                o -= outStride[d] * idx[d];
                idx[d] = 0;
            }
        }
    }
}
