using System.Collections;
using System.Text;

namespace Gluon;

/// <summary>
/// An immutable array shape (row-major). Dimensions are non-negative; 0 is a real size-0 axis
/// for arrays, and "unknown" only where shape inference says so (MXNet's legacy rule).
/// </summary>
public sealed class Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[] _dims;

    /// <summary>The shape with the given dimensions.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the element count overflows.</exception>
    public Shape(params int[] dims)
    {
        _dims = (int[])dims.Clone();
        long size = 1;
        foreach (int d in _dims)
        {
            if (d < 0) throw new ArgumentException($"shape {Format(_dims)} has a negative dimension");
            size *= d;
            if (size > int.MaxValue) throw new ArgumentException($"shape {Format(_dims)} has more than 2^31-1 elements");
        }
        Size = (int)size;
    }

    /// <summary>The shape of a rank-0 array (one element).</summary>
    public static Shape Scalar { get; } = new();

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>Number of elements (product of the dimensions; 1 for rank 0).</summary>
    public int Size { get; }

    /// <summary>Number of dimensions (IReadOnlyList).</summary>
    public int Count => _dims.Length;

    /// <summary>Dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int this[int axis] => _dims[NormalizeAxis(axis, "shape")];

    /// <summary>A copy of the dimensions.</summary>
    public int[] ToArray() => (int[])_dims.Clone();

    internal ReadOnlySpan<int> Dims => _dims;

    /// <summary>Maps a possibly negative axis into [0, Rank).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside [-Rank, Rank).</exception>
    public int NormalizeAxis(int axis, string op, int rankExtra = 0)
    {
        int r = Rank + rankExtra;
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r)
            throw new ArgumentOutOfRangeException(nameof(axis), $"{op}: axis {axis} is out of range for shape {this} (rank {Rank})");
        return a;
    }

    /// <summary>Product of the dimensions in [start, end).</summary>
    public int SizeOf(int start, int end)
    {
        int p = 1;
        for (int i = start; i < end; i++) p *= _dims[i];
        return p;
    }

    /// <summary>Row-major strides in elements.</summary>
    public int[] Strides()
    {
        var s = new int[Rank];
        int acc = 1;
        for (int i = Rank - 1; i >= 0; i--) { s[i] = acc; acc *= _dims[i]; }
        return s;
    }

    /// <summary>A new shape with dimension <paramref name="axis"/> replaced.</summary>
    public Shape With(int axis, int value)
    {
        var d = ToArray();
        d[NormalizeAxis(axis, "shape")] = value;
        return new Shape(d);
    }

    /// <inheritdoc/>
    public bool Equals(Shape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Shape);
    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int d in _dims) h.Add(d);
        return h.ToHashCode();
    }
    /// <summary>Shape equality by dimensions.</summary>
    public static bool operator ==(Shape? a, Shape? b) => a is null ? b is null : a.Equals(b);
    /// <summary>Shape inequality by dimensions.</summary>
    public static bool operator !=(Shape? a, Shape? b) => !(a == b);

    /// <summary>Implicit conversion from a dimension array.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_dims).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _dims.GetEnumerator();

    /// <summary>Python tuple spelling, as MXNet prints shapes: <c>(2, 3)</c>, <c>(5,)</c>, <c>()</c>.</summary>
    public override string ToString() => Format(_dims);

    /// <summary>Formats dims as a Python tuple.</summary>
    public static string Format(ReadOnlySpan<int> dims)
    {
        if (dims.Length == 1) return $"({dims[0]},)";
        var sb = new StringBuilder("(");
        for (int i = 0; i < dims.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(dims[i]);
        }
        return sb.Append(')').ToString();
    }
}
