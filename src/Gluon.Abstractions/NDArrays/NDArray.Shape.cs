namespace Gluon;

public sealed partial class NDArray
{
    /// <summary>A view with a new shape, MXNet's codes allowed (<c>x.reshape(...)</c>; see <see cref="Nd.Reshape(NDArray, int[])"/>).</summary>
    /// <exception cref="ArgumentException">A code cannot apply or the sizes differ.</exception>
    public NDArray Reshape(params int[] shape) => Nd.Reshape(this, shape);

    /// <summary>A view with a new shape, codes matched right to left when <paramref name="reverse"/> is true.</summary>
    /// <exception cref="ArgumentException">A code cannot apply or the sizes differ.</exception>
    public NDArray Reshape(int[] shape, bool reverse) => Nd.Reshape(this, shape, reverse);

    /// <summary>(N, rest) view (<c>x.flatten()</c>).</summary>
    public NDArray Flatten() => Nd.Flatten(this);

    /// <summary>The transpose with the axes reversed (<c>x.T</c>).</summary>
    public NDArray T => Nd.Transpose(this);

    /// <summary>Permutes the axes (none given: reverses them) (<c>x.transpose(...)</c>).</summary>
    /// <exception cref="ArgumentException">axes is not a permutation.</exception>
    public NDArray Transpose(params int[] axes) => Nd.Transpose(this, axes);

    /// <summary>Inserts a size-1 axis (a view) (<c>x.expand_dims(axis)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range.</exception>
    public NDArray ExpandDims(int axis) => Nd.ExpandDims(this, axis);

    /// <summary>Removes the listed size-1 axes, or all size-1 axes when none is listed (a view) (<c>x.squeeze()</c>).</summary>
    /// <exception cref="ArgumentException">A listed axis is not of size 1.</exception>
    public NDArray Squeeze(params int[] axis) => Nd.Squeeze(this, axis.Length == 0 ? null : axis);

    /// <summary>Exchanges two axes (<c>x.swapaxes(dim1, dim2)</c>).</summary>
    public NDArray SwapAxes(int dim1, int dim2) => Nd.SwapAxes(this, dim1, dim2);

    /// <summary>Reverses the element order along the listed axes (<c>x.flip(axis)</c>).</summary>
    public NDArray Flip(params int[] axis) => Nd.Flip(this, axis);

    /// <summary>The strided box [begin:end:step] (<c>x.slice(...)</c>).</summary>
    /// <exception cref="ArgumentException">An index exceeds its axis.</exception>
    public NDArray Slice(int?[] begin, int?[] end, int?[]? step = null) => Nd.Slice(this, begin, end, step);

    /// <summary>[begin, end) along one axis (<c>x.slice_axis(...)</c>).</summary>
    /// <exception cref="ArgumentException">The range is empty or exceeds the axis.</exception>
    public NDArray SliceAxis(int axis, int begin, int? end) => Nd.SliceAxis(this, axis, begin, end);

    /// <summary>Repeats the whole array per axis (<c>x.tile(reps)</c>).</summary>
    public NDArray Tile(params int[] reps) => Nd.Tile(this, reps);

    /// <summary>Repeats each element along an axis (null: flattened) (<c>x.repeat(...)</c>).</summary>
    public NDArray Repeat(int repeats, int? axis = null) => Nd.Repeat(this, repeats, axis);

    /// <summary>Cuts into equal parts along an axis (<c>x.split(...)</c>).</summary>
    public NDArray[] Split(int numOutputs, int axis = 1, bool squeezeAxis = false) => Nd.Split(this, numOutputs, axis, squeezeAxis);

    /// <summary>Broadcasts size-1 axes to the given sizes (<c>x.broadcast_axes(...)</c>).</summary>
    public NDArray BroadcastAxis(int[] axis, int[] size) => Nd.BroadcastAxis(this, axis, size);

    /// <summary>Broadcasts to <paramref name="other"/>'s shape (<c>x.broadcast_like(other)</c>).</summary>
    public NDArray BroadcastLike(NDArray other) => Nd.BroadcastLike(this, other);

    /// <summary>A view with <paramref name="other"/>'s shape (<c>x.reshape_like(other)</c>).</summary>
    public NDArray ReshapeLike(NDArray other) => Nd.ReshapeLike(this, other);

    /// <summary>Pads the spatial axes of a 4-D/5-D array (<c>x.pad(...)</c>).</summary>
    public NDArray Pad(string mode, int[] padWidth, double constantValue = 0) => Nd.Pad(this, mode, padWidth, constantValue);
}
