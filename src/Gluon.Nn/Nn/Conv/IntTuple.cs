using System.Collections;
using System.Runtime.CompilerServices;

namespace Gluon.Nn;

/// <summary>
/// An int or a tuple of ints, the type of MXNet's <c>kernel_size</c>, <c>strides</c>,
/// <c>padding</c>, <c>dilation</c> and <c>pool_size</c> arguments: <c>3</c>, <c>[3, 3]</c> and
/// <c>new[] { 3, 3 }</c> all convert to it. A single int is expanded to every spatial dim by
/// <see cref="Expand"/>; <c>default</c> means "not given" (the layer's default applies).
/// </summary>
[CollectionBuilder(typeof(IntTuple), nameof(Create))]
public readonly struct IntTuple : IEnumerable<int>
{
    private readonly int[]? _values;
    private readonly bool _scalar;

    private IntTuple(int[] values, bool scalar)
    {
        _values = values;
        _scalar = scalar;
    }

    /// <summary>True for <c>default</c> (no value given).</summary>
    public bool IsDefault => _values is null;

    /// <summary>True when the value was a single int (expanded to every dim).</summary>
    public bool IsScalar => _scalar;

    /// <summary>A single int.</summary>
    public static implicit operator IntTuple(int value) => new([value], true);

    /// <summary>A tuple (copied).</summary>
    public static implicit operator IntTuple(int[] values) => new((int[])(values ?? throw new ArgumentNullException(nameof(values))).Clone(), false);

    /// <summary>Builds a tuple from a collection expression such as <c>[3, 3]</c>.</summary>
    public static IntTuple Create(ReadOnlySpan<int> values) => new(values.ToArray(), false);

    /// <summary>
    /// The tuple for <paramref name="ndim"/> dims: a single int repeated, a tuple of that length
    /// as given, or <paramref name="fallback"/> repeated when not given.
    /// </summary>
    /// <exception cref="ArgumentException">A tuple of another length (the message names <paramref name="layer"/> and <paramref name="argument"/>).</exception>
    public int[] Expand(int ndim, int fallback, string layer, string argument)
    {
        if (_values is null) return Enumerable.Repeat(fallback, ndim).ToArray();
        if (_scalar) return Enumerable.Repeat(_values[0], ndim).ToArray();
        if (_values.Length != ndim)
            throw new ArgumentException($"{layer}: {argument} must be a number or a list of {ndim} ints, got {Shape.Format(_values)}", argument);
        return (int[])_values.Clone();
    }

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)(_values ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The Python spelling: <c>3</c> for an int, <c>(3, 3)</c> for a tuple, <c>None</c> when not given.</summary>
    public override string ToString() => _values is null ? "None" : _scalar ? _values[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : Shape.Format(_values);
}
