using Gluon.Ops;

namespace Gluon;

public static partial class Nd
{
    // Reductions over axes. For all of them: axis null or empty reduces every axis (the result
    // then has shape (1,), as in legacy mx.nd), keepDims keeps reduced axes as size 1, exclude
    // reduces the axes NOT listed. They throw ArgumentOutOfRangeException for an axis outside
    // [-ndim, ndim) and ArgumentException for a repeated axis (messages name the op and shape).

    /// <summary>Mean over <paramref name="axis"/>: sum / number of reduced elements (<c>nd.mean</c>; NaN over zero elements).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">Axes to reduce (null: all).</param>
    /// <param name="keepDims">Keep reduced axes as size 1.</param>
    /// <param name="exclude">Reduce the axes not listed instead.</param>
    /// <exception cref="ArgumentException">An axis is out of range or repeated.</exception>
    public static NDArray Mean(NDArray x, int[]? axis = null, bool keepDims = false, bool exclude = false) =>
        Op("mean", ReduceAttrs(axis, keepDims, exclude), x);

    /// <summary>Mean over one axis (<c>nd.mean(x, axis=a)</c>).</summary>
    /// <exception cref="ArgumentException">The axis is out of range.</exception>
    public static NDArray Mean(NDArray x, int axis, bool keepDims = false) => Mean(x, [axis], keepDims);

    /// <summary>Product over <paramref name="axis"/> (<c>nd.prod</c>; 1 over zero elements).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">Axes to reduce (null: all).</param>
    /// <param name="keepDims">Keep reduced axes as size 1.</param>
    /// <param name="exclude">Reduce the axes not listed instead.</param>
    /// <exception cref="ArgumentException">An axis is out of range or repeated.</exception>
    public static NDArray Prod(NDArray x, int[]? axis = null, bool keepDims = false, bool exclude = false) =>
        Op("prod", ReduceAttrs(axis, keepDims, exclude), x);

    /// <summary>Maximum over <paramref name="axis"/> (<c>nd.max</c>; NaN if any reduced element is NaN).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">Axes to reduce (null: all).</param>
    /// <param name="keepDims">Keep reduced axes as size 1.</param>
    /// <param name="exclude">Reduce the axes not listed instead.</param>
    /// <exception cref="ArgumentException">An axis is out of range or repeated, or a result would reduce zero elements.</exception>
    public static NDArray Max(NDArray x, int[]? axis = null, bool keepDims = false, bool exclude = false) =>
        Op("max", ReduceAttrs(axis, keepDims, exclude), x);

    /// <summary>Maximum over one axis (<c>nd.max(x, axis=a)</c>).</summary>
    /// <exception cref="ArgumentException">The axis is out of range or has length 0.</exception>
    public static NDArray Max(NDArray x, int axis, bool keepDims = false) => Max(x, [axis], keepDims);

    /// <summary>Minimum over <paramref name="axis"/> (<c>nd.min</c>; NaN if any reduced element is NaN).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">Axes to reduce (null: all).</param>
    /// <param name="keepDims">Keep reduced axes as size 1.</param>
    /// <param name="exclude">Reduce the axes not listed instead.</param>
    /// <exception cref="ArgumentException">An axis is out of range or repeated, or a result would reduce zero elements.</exception>
    public static NDArray Min(NDArray x, int[]? axis = null, bool keepDims = false, bool exclude = false) =>
        Op("min", ReduceAttrs(axis, keepDims, exclude), x);

    /// <summary>Minimum over one axis (<c>nd.min(x, axis=a)</c>).</summary>
    /// <exception cref="ArgumentException">The axis is out of range or has length 0.</exception>
    public static NDArray Min(NDArray x, int axis, bool keepDims = false) => Min(x, [axis], keepDims);

    /// <summary>Sum over <paramref name="axis"/> treating NaN as 0 (<c>nd.nansum</c>).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">Axes to reduce (null: all).</param>
    /// <param name="keepDims">Keep reduced axes as size 1.</param>
    /// <param name="exclude">Reduce the axes not listed instead.</param>
    /// <exception cref="ArgumentException">An axis is out of range or repeated.</exception>
    public static NDArray NanSum(NDArray x, int[]? axis = null, bool keepDims = false, bool exclude = false) =>
        Op("nansum", ReduceAttrs(axis, keepDims, exclude), x);

    /// <summary>Product over <paramref name="axis"/> treating NaN as 1 (<c>nd.nanprod</c>).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">Axes to reduce (null: all).</param>
    /// <param name="keepDims">Keep reduced axes as size 1.</param>
    /// <param name="exclude">Reduce the axes not listed instead.</param>
    /// <exception cref="ArgumentException">An axis is out of range or repeated.</exception>
    public static NDArray NanProd(NDArray x, int[]? axis = null, bool keepDims = false, bool exclude = false) =>
        Op("nanprod", ReduceAttrs(axis, keepDims, exclude), x);

    /// <summary>
    /// The L1 (Σ|x|) or L2 (√Σx²) norm over <paramref name="axis"/> (<c>nd.norm</c>; all axes when
    /// null, giving shape (1,)). A 2-axis tuple gives the entrywise (Frobenius for ord=2) matrix norm.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="ord">1 or 2.</param>
    /// <param name="axis">Axes to reduce (null: all).</param>
    /// <param name="keepDims">Keep reduced axes as size 1.</param>
    /// <param name="outDType">Output dtype (null: the input's).</param>
    /// <exception cref="ArgumentException">ord is not 1 or 2, or an axis is out of range or repeated.</exception>
    public static NDArray Norm(NDArray x, int ord = 2, int[]? axis = null, bool keepDims = false, DType? outDType = null)
    {
        var a = new OpAttrs();
        if (ord != 2) a.Set("ord", ord);
        if (axis is not null) a.Set("axis", axis);
        if (keepDims) a.Set("keepdims", true);
        if (outDType is not null) a.Set("out_dtype", outDType.Value);
        return Op("norm", a, x);
    }

    /// <summary>
    /// Index of the first maximum along <paramref name="axis"/>, or of the flattened array when null
    /// (<c>nd.argmax</c>), in the input's dtype (float32 for float32 data).
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">The axis, or null for the flattened array (result shape (1,)).</param>
    /// <param name="keepDims">Keep the reduced axis as size 1.</param>
    /// <exception cref="ArgumentException">The axis is out of range or has length 0.</exception>
    public static NDArray ArgMax(NDArray x, int? axis = null, bool keepDims = false) =>
        Op("argmax", new OpAttrs { { "axis", axis }, { "keepdims", keepDims ? true : null } }, x);

    /// <summary>Index of the first minimum along <paramref name="axis"/> (<c>nd.argmin</c>); see <see cref="ArgMax"/>.</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">The axis, or null for the flattened array.</param>
    /// <param name="keepDims">Keep the reduced axis as size 1.</param>
    /// <exception cref="ArgumentException">The axis is out of range or has length 0.</exception>
    public static NDArray ArgMin(NDArray x, int? axis = null, bool keepDims = false) =>
        Op("argmin", new OpAttrs { { "axis", axis }, { "keepdims", keepDims ? true : null } }, x);

    /// <summary>
    /// The <paramref name="k"/> largest (or smallest with <paramref name="isAscend"/>) elements
    /// along <paramref name="axis"/> (<c>nd.topk</c>). <paramref name="retTyp"/> "indices" (the
    /// default) returns their indices in <paramref name="dtype"/>, "value" the values, "mask" an
    /// input-shaped 0/1 array, "both" [values, indices]. Returns the visible outputs.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">The axis, or null for the flattened array.</param>
    /// <param name="k">How many; k &lt; 1 selects all.</param>
    /// <param name="retTyp">value, indices, mask or both.</param>
    /// <param name="isAscend">Select the smallest instead of the largest.</param>
    /// <param name="dtype">Dtype of indices.</param>
    /// <exception cref="ArgumentException">Bad axis, k larger than the axis, or unknown retTyp.</exception>
    public static NDArray[] TopK(NDArray x, int? axis = -1, int k = 1, string retTyp = "indices", bool isAscend = false, DType dtype = DType.Float32) =>
        Ops("topk", new OpAttrs
        {
            { "axis", axis is null ? "None" : axis.Value }, { "k", k }, { "ret_typ", retTyp },
            { "is_ascend", isAscend }, { "dtype", dtype },
        }, x);

    /// <summary>Values sorted along <paramref name="axis"/> (<c>nd.sort</c>; null sorts the flattened array).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">The axis, or null for the flattened array.</param>
    /// <param name="isAscend">Ascending (default) or descending.</param>
    /// <exception cref="ArgumentException">The axis is out of range.</exception>
    public static NDArray Sort(NDArray x, int? axis = -1, bool isAscend = true) =>
        Op("sort", new OpAttrs { { "axis", axis is null ? "None" : axis.Value }, { "is_ascend", isAscend } }, x);

    /// <summary>Indices that sort <paramref name="x"/> along <paramref name="axis"/> (<c>nd.argsort</c>), in <paramref name="dtype"/>.</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">The axis, or null for the flattened array.</param>
    /// <param name="isAscend">Ascending (default) or descending.</param>
    /// <param name="dtype">Dtype of the indices.</param>
    /// <exception cref="ArgumentException">The axis is out of range.</exception>
    public static NDArray ArgSort(NDArray x, int? axis = -1, bool isAscend = true, DType dtype = DType.Float32) =>
        Op("argsort", new OpAttrs { { "axis", axis is null ? "None" : axis.Value }, { "is_ascend", isAscend }, { "dtype", dtype } }, x);

    /// <summary>Elementwise sum of arrays of one shape and dtype (<c>nd.add_n</c> / <c>ElementWiseSum</c>).</summary>
    /// <param name="args">One or more arrays.</param>
    /// <exception cref="ArgumentException">No arrays, or shapes/dtypes differ (names the shapes).</exception>
    public static NDArray AddN(params NDArray[] args)
    {
        if (args.Length == 0) throw new ArgumentException("add_n: needs at least one input array");
        return Op("add_n", new OpAttrs { { "num_args", args.Length } }, args);
    }
}
