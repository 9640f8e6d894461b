namespace Gluon.Ops.Definitions;

/// <summary>How an index outside [0, size) is treated by <c>take</c>, <c>pick</c> and <c>Embedding</c>.</summary>
public enum IndexMode
{
    /// <summary>Clamp to [0, size − 1] (negative indices become 0).</summary>
    Clip,
    /// <summary>Wrap around modulo size (−1 is the last element).</summary>
    Wrap,
    /// <summary>Negative indices count from the end; anything outside [−size, size) is an error.</summary>
    Raise,
}

/// <summary>Parsing and application of <see cref="IndexMode"/>.</summary>
public static class IndexModes
{
    /// <summary>Parses MXNet's <c>mode</c> attribute (<c>clip</c>, <c>wrap</c>, <c>raise</c>).</summary>
    /// <exception cref="ArgumentException">The value is not one of <paramref name="allowed"/> (names the op).</exception>
    public static IndexMode Parse(string op, OpAttrs a, IndexMode def, params IndexMode[] allowed)
    {
        string? s = a.GetString("mode", null);
        if (s is null) return def;
        IndexMode m = s switch
        {
            "clip" => IndexMode.Clip,
            "wrap" => IndexMode.Wrap,
            "raise" => IndexMode.Raise,
            _ => throw new ArgumentException($"{op}: attribute 'mode' is '{s}', expected one of {string.Join(", ", allowed.Select(x => x.ToString().ToLowerInvariant()))}"),
        };
        if (Array.IndexOf(allowed, m) < 0)
            throw new ArgumentException($"{op}: attribute 'mode' is '{s}', expected one of {string.Join(", ", allowed.Select(x => x.ToString().ToLowerInvariant()))}");
        return m;
    }

    /// <summary>
    /// Maps index <paramref name="j"/> into [0, <paramref name="size"/>) under <paramref name="mode"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Raise mode and the index is outside [−size, size), or the axis is empty (names the op and the index).</exception>
    public static long Apply(long j, long size, IndexMode mode, string op)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException("indices", $"{op}: index {j} cannot select from an empty axis (size 0)");
        switch (mode)
        {
            case IndexMode.Clip:
                return j < 0 ? 0 : j >= size ? size - 1 : j;
            case IndexMode.Wrap:
            {
                long r = j % size;
                return r < 0 ? r + size : r;
            }
            default:
                if (j < -size || j >= size)
                    throw new ArgumentOutOfRangeException("indices", $"{op}: index {j} is out of range for an axis of size {size}");
                return j < 0 ? j + size : j;
        }
    }
}
