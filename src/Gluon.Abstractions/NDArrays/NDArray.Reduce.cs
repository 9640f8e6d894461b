namespace Gluon;

public sealed partial class NDArray
{
    /// <summary>Mean over axes (<c>x.mean()</c>); see <see cref="Nd.Mean(NDArray, int[], bool, bool)"/>.</summary>
    /// <exception cref="ArgumentException">An axis is out of range or repeated.</exception>
    public NDArray Mean(int[]? axis = null, bool keepDims = false, bool exclude = false) => Nd.Mean(this, axis, keepDims, exclude);

    /// <summary>Product over axes (<c>x.prod()</c>).</summary>
    /// <exception cref="ArgumentException">An axis is out of range or repeated.</exception>
    public NDArray Prod(int[]? axis = null, bool keepDims = false, bool exclude = false) => Nd.Prod(this, axis, keepDims, exclude);

    /// <summary>Maximum over axes (<c>x.max()</c>).</summary>
    /// <exception cref="ArgumentException">An axis is out of range or repeated, or a result would reduce zero elements.</exception>
    public NDArray Max(int[]? axis = null, bool keepDims = false, bool exclude = false) => Nd.Max(this, axis, keepDims, exclude);

    /// <summary>Minimum over axes (<c>x.min()</c>).</summary>
    /// <exception cref="ArgumentException">An axis is out of range or repeated, or a result would reduce zero elements.</exception>
    public NDArray Min(int[]? axis = null, bool keepDims = false, bool exclude = false) => Nd.Min(this, axis, keepDims, exclude);

    /// <summary>Sum over axes treating NaN as 0 (<c>x.nansum()</c>).</summary>
    /// <exception cref="ArgumentException">An axis is out of range or repeated.</exception>
    public NDArray NanSum(int[]? axis = null, bool keepDims = false, bool exclude = false) => Nd.NanSum(this, axis, keepDims, exclude);

    /// <summary>Product over axes treating NaN as 1 (<c>x.nanprod()</c>).</summary>
    /// <exception cref="ArgumentException">An axis is out of range or repeated.</exception>
    public NDArray NanProd(int[]? axis = null, bool keepDims = false, bool exclude = false) => Nd.NanProd(this, axis, keepDims, exclude);

    /// <summary>L1 or L2 norm over axes (<c>x.norm()</c>); see <see cref="Nd.Norm"/>.</summary>
    /// <exception cref="ArgumentException">ord is not 1 or 2, or an axis is out of range or repeated.</exception>
    public NDArray Norm(int ord = 2, int[]? axis = null, bool keepDims = false) => Nd.Norm(this, ord, axis, keepDims);

    /// <summary>Index of the first maximum along an axis, or of the flattened array (<c>x.argmax()</c>).</summary>
    /// <exception cref="ArgumentException">The axis is out of range or has length 0.</exception>
    public NDArray ArgMax(int? axis = null, bool keepDims = false) => Nd.ArgMax(this, axis, keepDims);

    /// <summary>Index of the first minimum along an axis, or of the flattened array (<c>x.argmin()</c>).</summary>
    /// <exception cref="ArgumentException">The axis is out of range or has length 0.</exception>
    public NDArray ArgMin(int? axis = null, bool keepDims = false) => Nd.ArgMin(this, axis, keepDims);

    /// <summary>Top-k selection (<c>x.topk()</c>); see <see cref="Nd.TopK"/>. Returns the visible outputs.</summary>
    /// <exception cref="ArgumentException">Bad axis, k larger than the axis, or unknown retTyp.</exception>
    public NDArray[] TopK(int? axis = -1, int k = 1, string retTyp = "indices", bool isAscend = false, DType dtype = DType.Float32) =>
        Nd.TopK(this, axis, k, retTyp, isAscend, dtype);

    /// <summary>Values sorted along an axis (<c>x.sort()</c>).</summary>
    /// <exception cref="ArgumentException">The axis is out of range.</exception>
    public NDArray Sort(int? axis = -1, bool isAscend = true) => Nd.Sort(this, axis, isAscend);

    /// <summary>Indices that sort the array along an axis (<c>x.argsort()</c>).</summary>
    /// <exception cref="ArgumentException">The axis is out of range.</exception>
    public NDArray ArgSort(int? axis = -1, bool isAscend = true, DType dtype = DType.Float32) => Nd.ArgSort(this, axis, isAscend, dtype);
}
