namespace Gluon.Ops.Definitions;

/// <summary>
/// A strided box inside an array, resolved for every axis: output index i along axis k reads
/// input index <c>Begin[k] + i·Step[k]</c>. The slice ops, their assign counterparts and the
/// kernels share it.
/// </summary>
public sealed class SliceRegion
{
    /// <summary>A region from per-axis begin, step and output length.</summary>
    public SliceRegion(int[] begin, int[] step, Shape output)
    {
        Begin = begin;
        Step = step;
        Output = output;
    }

    /// <summary>First input index per axis.</summary>
    public int[] Begin { get; }

    /// <summary>Index step per axis (negative = backwards).</summary>
    public int[] Step { get; }

    /// <summary>The region's shape.</summary>
    public Shape Output { get; }

    /// <summary>
    /// MXNet's <c>slice</c> rules: entries may be None (begin: 0, or len-1 for a negative step;
    /// end: len, or "before 0" for a negative step); negative indices add the axis length; begin
    /// must fall in [0, len), end in [0, len] (no clipping), begin must differ from end and the
    /// direction must match the step. Axes past the tuples are taken whole.
    /// </summary>
    /// <exception cref="ArgumentException">The tuples do not fit the shape (the message names the op, the axis, the value and the shape).</exception>
    public static SliceRegion FromSlice(string op, Shape x, int?[] begin, int?[] end, int?[]? step)
    {
        if (x.Rank == 0) throw new ArgumentException($"{op}: cannot slice a scalar (shape {x})");
        if (begin.Length > x.Rank || end.Length > x.Rank)
            throw new ArgumentException($"{op}: begin {Fmt(begin)} / end {Fmt(end)} have more entries than input shape {x} has axes");
        if (begin.Length != end.Length)
            throw new ArgumentException($"{op}: begin {Fmt(begin)} and end {Fmt(end)} must have the same length (input shape {x})");
        if (step is { Length: > 0 } && step.Length != begin.Length)
            throw new ArgumentException($"{op}: step {Fmt(step)} and begin {Fmt(begin)} must have the same length (input shape {x})");
        int r = x.Rank;
        var b = new int[r];
        var s = new int[r];
        var o = x.ToArray();
        for (int i = 0; i < r; i++)
        {
            s[i] = 1;
            if (i >= begin.Length) continue;
            int st = step is { Length: > 0 } && step[i] is int v ? v : 1;
            if (st == 0) throw new ArgumentException($"{op}: step[{i}] cannot be 0 (input shape {x})");
            s[i] = st;
            int len = x[i];
            if (len == 0) continue;
            int bi = begin[i] ?? (st < 0 ? len - 1 : 0);
            int ei = end[i] ?? (st < 0 ? -1 : len);
            if (bi < 0)
            {
                bi += len;
                if (bi < 0) throw new ArgumentException($"{op}: begin[{i}]={bi - len} exceeds the limit of axis {i} (size {len}) of input shape {x}");
            }
            if (bi >= len) throw new ArgumentException($"{op}: begin[{i}]={bi} exceeds the limit of axis {i} (size {len}) of input shape {x}");
            if (ei < 0 && end[i] is not null)
            {
                ei += len;
                if (ei < 0) throw new ArgumentException($"{op}: end[{i}]={ei - len} exceeds the limit of axis {i} (size {len}) of input shape {x}");
            }
            if (ei > len) throw new ArgumentException($"{op}: end[{i}]={ei} exceeds the limit of axis {i} (size {len}) of input shape {x}");
            if (bi == ei) throw new ArgumentException($"{op}: begin[{i}]=end[{i}]={ei} gives an empty slice, which is not supported (input shape {x})");
            if (st > 0 ? bi > ei : ei > bi)
                throw new ArgumentException($"{op}: begin[{i}]={bi}, end[{i}]={ei} and step[{i}]={st} select nothing (input shape {x})");
            b[i] = bi;
            o[i] = st > 0 ? (ei - bi - 1) / st + 1 : (bi - ei - 1) / (-st) + 1;
        }
        return new SliceRegion(b, s, new Shape(o));
    }

    /// <summary>
    /// MXNet's <c>slice_axis</c> rules: negative begin/end add the axis length, None end means
    /// the axis length, and 0 &lt;= begin &lt; end &lt;= len.
    /// </summary>
    /// <exception cref="ArgumentException">The range does not fit the axis.</exception>
    public static SliceRegion FromAxis(string op, Shape x, int axis, int begin, int? end)
    {
        int a = x.NormalizeAxis(axis, op);
        int len = x[a];
        var b = new int[x.Rank];
        var s = new int[x.Rank];
        Array.Fill(s, 1);
        var o = x.ToArray();
        if (len > 0)
        {
            int bi = begin < 0 ? begin + len : begin;
            int ei = end is int e ? (e < 0 ? e + len : e) : len;
            if (ei > len || ei < 0 || bi < 0 || bi >= ei)
                throw new ArgumentException($"{op}: begin={begin}, end={end?.ToString() ?? "None"} is not a valid range of axis {axis} (size {len}) of input shape {x}");
            b[a] = bi;
            o[a] = ei - bi;
        }
        return new SliceRegion(b, s, new Shape(o));
    }

    /// <summary>
    /// The element offset of the region when it is a contiguous window of a row-major array of
    /// shape <paramref name="x"/> (leading axes of output size 1, one axis sliced with step 1,
    /// trailing axes whole); null when it is not.
    /// </summary>
    public int? ContiguousOffset(Shape x)
    {
        int r = x.Rank, k = 0;
        while (k < r && Output[k] == 1) k++;
        // Axis k may be a partial range with step 1 (or any step when it keeps one element);
        // every axis after it must be whole.
        if (k < r && Step[k] != 1 && Output[k] > 1) return null;
        for (int i = k + 1; i < r; i++)
            if (Output[i] != x[i] || Step[i] != 1) return null;
        if (Output.Size == 0) return 0;
        long off = 0, stride = 1;
        for (int i = r - 1; i >= 0; i--)
        {
            off += Begin[i] * stride;
            stride *= x[i];
        }
        return (int)off;
    }

    private static string Fmt(int?[] t) => OpAttrs.Format(t);
}
