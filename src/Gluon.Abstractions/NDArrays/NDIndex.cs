namespace Gluon;

/// <summary>
/// One entry of an <see cref="NDArray"/> index: an integer (selects one position and drops the
/// axis; negative counts from the end), a <see cref="System.Range"/> (<c>1..^1</c>, keeps the
/// axis; out-of-range bounds are clipped as in Python), or a stepped slice from
/// <see cref="Slice"/> (Python's <c>start:stop:step</c>).
/// </summary>
public readonly struct NDIndex
{
    private enum Kind : byte { Int, Range, Slice }

    private readonly Kind _kind;
    private readonly int _value;
    private readonly Range _range;
    private readonly int? _start, _stop;
    private readonly int _step;

    private NDIndex(Kind kind, int value, Range range, int? start, int? stop, int step)
    {
        _kind = kind;
        _value = value;
        _range = range;
        _start = start;
        _stop = stop;
        _step = step;
    }

    /// <summary>An integer index (drops the axis).</summary>
    public static implicit operator NDIndex(int index) => new(Kind.Int, index, default, null, null, 1);

    /// <summary>A range index (keeps the axis).</summary>
    public static implicit operator NDIndex(Range range) => new(Kind.Range, 0, range, null, null, 1);

    /// <summary>Python's <c>start:stop:step</c>: null bounds mean "from the start/to the end" for the step's direction, negative ones count from the end.</summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is 0.</exception>
    public static NDIndex Slice(int? start, int? stop, int step = 1) =>
        step == 0 ? throw new ArgumentException("NDIndex.Slice: step cannot be 0", nameof(step)) : new(Kind.Slice, 0, default, start, stop, step);

    /// <summary>The whole axis (Python's <c>:</c>).</summary>
    public static NDIndex All => new(Kind.Range, 0, Range.All, null, null, 1);

    /// <summary>True for an integer index.</summary>
    public bool IsInteger => _kind == Kind.Int;

    /// <summary>
    /// Resolves against an axis of length <paramref name="length"/>: the first position, the
    /// step and the count (clipped like Python's <c>slice.indices</c>).
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">An integer index is outside [-length, length).</exception>
    internal (int Begin, int Step, int Count) Resolve(int length, int axis, Shape shape)
    {
        switch (_kind)
        {
            case Kind.Int:
            {
                int i = _value < 0 ? _value + length : _value;
                if (i < 0 || i >= length)
                    throw new IndexOutOfRangeException($"index {_value} is out of bounds for axis {axis} with size {length} (array shape {shape})");
                return (i, 1, 1);
            }
            case Kind.Range:
            {
                int b = Math.Clamp(_range.Start.IsFromEnd ? length - _range.Start.Value : _range.Start.Value, 0, length);
                int e = Math.Clamp(_range.End.IsFromEnd ? length - _range.End.Value : _range.End.Value, 0, length);
                return (b, 1, Math.Max(0, e - b));
            }
            default:
            {
                int s = _step;
                int b, e;
                if (s > 0)
                {
                    b = _start is int sb ? Math.Clamp(sb < 0 ? sb + length : sb, 0, length) : 0;
                    e = _stop is int se ? Math.Clamp(se < 0 ? se + length : se, 0, length) : length;
                    return (b, s, e > b ? (e - b + s - 1) / s : 0);
                }
                b = _start is int rb ? Math.Clamp(rb < 0 ? rb + length : rb, -1, length - 1) : length - 1;
                e = _stop is int re ? Math.Clamp(re < 0 ? re + length : re, -1, length - 1) : -1;
                return (b, s, b > e ? (b - e + (-s) - 1) / (-s) : 0);
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => _kind switch
    {
        Kind.Int => _value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kind.Range => _range.ToString(),
        _ => $"{_start?.ToString() ?? ""}:{_stop?.ToString() ?? ""}:{_step}",
    };
}
