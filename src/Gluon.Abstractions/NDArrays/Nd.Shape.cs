using Gluon.Ops;

namespace Gluon;

public static partial class Nd
{
    /// <summary>
    /// Reshapes with MXNet's codes (<c>nd.reshape</c>): 0 copies an input dim, -1 infers one dim,
    /// -2 copies the remaining dims, -3 merges two dims, -4 splits one dim into the next two
    /// values. A view sharing <paramref name="x"/>'s storage.
    /// </summary>
    /// <exception cref="ArgumentException">A code cannot apply or the sizes differ.</exception>
    public static NDArray Reshape(NDArray x, params int[] shape) => Reshape(x, shape, reverse: false);

    /// <summary>Reshapes with MXNet's codes, matching them right to left when <paramref name="reverse"/> is true.</summary>
    /// <exception cref="ArgumentException">A code cannot apply or the sizes differ.</exception>
    public static NDArray Reshape(NDArray x, int[] shape, bool reverse) =>
        Op("Reshape", new OpAttrs { { "shape", shape }, { "reverse", reverse } }, x);

    /// <summary>(N, d1, d2, ...) to (N, d1·d2·...), a view (<c>nd.flatten</c>).</summary>
    public static NDArray Flatten(NDArray x) => Op("Flatten", null, x);

    /// <summary>Inserts a size-1 axis at <paramref name="axis"/> (in [-ndim-1, ndim]), a view (<c>nd.expand_dims</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range.</exception>
    public static NDArray ExpandDims(NDArray x, int axis) => Op("expand_dims", new OpAttrs { { "axis", axis } }, x);

    /// <summary>Removes size-1 axes (all, or those listed, which must be 1), a view (<c>nd.squeeze</c>).</summary>
    /// <exception cref="ArgumentException">A listed axis is not of size 1.</exception>
    public static NDArray Squeeze(NDArray x, int[]? axis = null) => Op("squeeze", new OpAttrs { { "axis", axis } }, x);

    /// <summary>Permutes the axes (none given: reverses them) (<c>nd.transpose</c>).</summary>
    /// <exception cref="ArgumentException">axes is not a permutation.</exception>
    public static NDArray Transpose(NDArray x, params int[] axes) => Op("transpose", new OpAttrs { { "axes", axes } }, x);

    /// <summary>Exchanges two axes (<c>nd.swapaxes</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An axis is out of range.</exception>
    public static NDArray SwapAxes(NDArray x, int dim1 = 0, int dim2 = 0) =>
        Op("SwapAxis", new OpAttrs { { "dim1", dim1 }, { "dim2", dim2 } }, x);

    /// <summary>Reverses the element order along the listed axes (<c>nd.flip</c> / <c>nd.reverse</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An axis is out of range.</exception>
    public static NDArray Flip(NDArray x, params int[] axis) => Op("reverse", new OpAttrs { { "axis", axis } }, x);

    /// <summary>
    /// The strided box <c>x[begin:end:step]</c> (<c>nd.slice</c>); null entries mean "from the
    /// start / to the end", negative indices count from the end. A view when the box is contiguous.
    /// </summary>
    /// <exception cref="ArgumentException">An index exceeds its axis, begin equals end, or the lengths differ.</exception>
    public static NDArray Slice(NDArray x, int?[] begin, int?[] end, int?[]? step = null) =>
        Op("slice", new OpAttrs { { "begin", begin }, { "end", end }, { "step", step } }, x);

    /// <summary>[begin, end) along <paramref name="axis"/> (<c>nd.slice_axis</c>; end null = the axis length). A view when the axes before are of size 1.</summary>
    /// <exception cref="ArgumentException">The range is empty or exceeds the axis.</exception>
    public static NDArray SliceAxis(NDArray x, int axis, int begin, int? end) =>
        Op("slice_axis", new OpAttrs { { "axis", axis }, { "begin", begin }, { "end", end?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None" } }, x);

    /// <summary><paramref name="x"/> cut to <paramref name="shapeLike"/>'s size along <paramref name="axes"/> (all when null) (<c>nd.slice_like</c>).</summary>
    /// <exception cref="ArgumentException">shape_like is larger, or ranks differ.</exception>
    public static NDArray SliceLike(NDArray x, NDArray shapeLike, int[]? axes = null) =>
        Op("slice_like", new OpAttrs { { "axes", axes } }, x, shapeLike);

    /// <summary>Joins arrays along axis 1 (<c>nd.concat</c>).</summary>
    /// <exception cref="ArgumentException">Shapes differ outside the axis.</exception>
    public static NDArray Concat(params NDArray[] arrays) => Concat(arrays, 1);

    /// <summary>Joins arrays along <paramref name="dim"/> (<c>nd.concat(*arrays, dim=dim)</c>).</summary>
    /// <exception cref="ArgumentException">Shapes differ outside the axis.</exception>
    public static NDArray Concat(NDArray[] arrays, int dim) =>
        Op("Concat", new OpAttrs { { "num_args", arrays.Length }, { "dim", dim } }, arrays);

    /// <summary>Joins arrays of one shape along a new axis 0 (<c>nd.stack</c>).</summary>
    /// <exception cref="ArgumentException">Shapes differ.</exception>
    public static NDArray Stack(params NDArray[] arrays) => Stack(arrays, 0);

    /// <summary>Joins arrays of one shape along a new axis <paramref name="axis"/> (<c>nd.stack(*arrays, axis=axis)</c>).</summary>
    /// <exception cref="ArgumentException">Shapes differ.</exception>
    public static NDArray Stack(NDArray[] arrays, int axis) =>
        Op("stack", new OpAttrs { { "num_args", arrays.Length }, { "axis", axis } }, arrays);

    /// <summary>Cuts <paramref name="x"/> into equal parts along <paramref name="axis"/> (<c>nd.split</c>), optionally dropping the axis.</summary>
    /// <exception cref="ArgumentException">The axis is not divisible, or squeeze_axis with parts larger than 1.</exception>
    public static NDArray[] Split(NDArray x, int numOutputs, int axis = 1, bool squeezeAxis = false) =>
        Ops("SliceChannel", new OpAttrs { { "num_outputs", numOutputs }, { "axis", axis }, { "squeeze_axis", squeezeAxis } }, x);

    /// <summary>Repeats the whole array <paramref name="reps"/> times per axis (<c>nd.tile</c>).</summary>
    /// <exception cref="ArgumentException">A rep is negative.</exception>
    public static NDArray Tile(NDArray x, params int[] reps) => Op("tile", new OpAttrs { { "reps", reps } }, x);

    /// <summary>Repeats each element <paramref name="repeats"/> times along <paramref name="axis"/> (null: flattened) (<c>nd.repeat</c>).</summary>
    /// <exception cref="ArgumentException">repeats is negative or the axis is out of range.</exception>
    public static NDArray Repeat(NDArray x, int repeats, int? axis = null) =>
        Op("repeat", new OpAttrs { { "repeats", repeats }, { "axis", axis } }, x);

    /// <summary>Broadcasts size-1 axes <paramref name="axis"/> to <paramref name="size"/> (<c>nd.broadcast_axis</c>).</summary>
    /// <exception cref="ArgumentException">An axis is not of size 1, or the tuples differ in length.</exception>
    public static NDArray BroadcastAxis(NDArray x, int[] axis, int[] size) =>
        Op("broadcast_axis", new OpAttrs { { "axis", axis }, { "size", size } }, x);

    /// <summary>Broadcasts <paramref name="lhs"/> to <paramref name="rhs"/>'s shape, or only the paired axes (<c>nd.broadcast_like</c>).</summary>
    /// <exception cref="ArgumentException">The shapes cannot broadcast.</exception>
    public static NDArray BroadcastLike(NDArray lhs, NDArray rhs, int[]? lhsAxes = null, int[]? rhsAxes = null) =>
        Op("broadcast_like", new OpAttrs { { "lhs_axes", lhsAxes }, { "rhs_axes", rhsAxes } }, lhs, rhs);

    /// <summary>
    /// <paramref name="lhs"/> viewed with <paramref name="rhs"/>'s shape, or with lhs's dims
    /// [lhsBegin, lhsEnd) replaced by rhs's dims [rhsBegin, rhsEnd) (<c>nd.reshape_like</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The sizes differ or a range is invalid.</exception>
    public static NDArray ReshapeLike(NDArray lhs, NDArray rhs, int? lhsBegin = null, int? lhsEnd = null, int? rhsBegin = null, int? rhsEnd = null) =>
        Op("reshape_like", new OpAttrs { { "lhs_begin", lhsBegin }, { "lhs_end", lhsEnd }, { "rhs_begin", rhsBegin }, { "rhs_end", rhsEnd } }, lhs, rhs);

    /// <summary>
    /// Pads a 4-D/5-D array on its spatial axes (<c>nd.pad</c>): <paramref name="mode"/> is
    /// "constant", "edge" or "reflect"; <paramref name="padWidth"/> holds (before, after) per axis,
    /// zeros for the first two axes.
    /// </summary>
    /// <exception cref="ArgumentException">The rank, pad widths or mode break MXNet's contract.</exception>
    public static NDArray Pad(NDArray x, string mode, int[] padWidth, double constantValue = 0) =>
        Op("Pad", new OpAttrs { { "mode", mode }, { "pad_width", padWidth }, { "constant_value", constantValue } }, x);

    /// <summary><paramref name="lhs"/> with the box [begin:end:step] replaced by <paramref name="rhs"/> (<c>_slice_assign</c>).</summary>
    internal static NDArray SliceAssign(NDArray lhs, NDArray rhs, int?[] begin, int?[] end, int?[]? step = null) =>
        Op("_slice_assign", new OpAttrs { { "begin", begin }, { "end", end }, { "step", step } }, lhs, rhs);

    /// <summary><paramref name="x"/> with the box [begin:end:step] set to <paramref name="value"/> (<c>_slice_assign_scalar</c>).</summary>
    internal static NDArray SliceAssignScalar(NDArray x, double value, int?[] begin, int?[] end, int?[]? step = null) =>
        Op("_slice_assign_scalar", new OpAttrs { { "scalar", value }, { "begin", begin }, { "end", end }, { "step", step } }, x);
}
