using System.Collections;

namespace Gluon.Data;

/// <summary>The first-axis rows of an array as views sharing its storage (no op call, no copy).</summary>
internal sealed class NDArrayRows : IReadOnlyList<NDArray>
{
    private readonly NDArray _x;
    private readonly Shape _rowShape;
    private readonly int _rowSize;

    public NDArrayRows(NDArray x)
    {
        if (x.NDim == 0) throw new ArgumentException($"ArrayDataset: a 0-D NDArray has no rows (shape {x.Shape})", nameof(x));
        _x = x;
        var dims = x.Shape.ToArray();
        _rowShape = new Shape(dims[1..]);
        _rowSize = _rowShape.Size;
    }

    public int Count => _x.Shape[0];

    public NDArray this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(index), $"ArrayDataset: row {index} is outside [0, {Count}) of shape {_x.Shape}");
            return _x.View(_rowShape, index * _rowSize);
        }
    }

    public IEnumerator<NDArray> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
