namespace Gluon;

/// <summary>
/// Helpers of <c>mxnet.gluon.utils</c>: splitting a batch across devices, global-norm gradient
/// clipping, SHA-1 checks and file download. Warnings (MXNet's <c>warnings.warn</c>) go to
/// <see cref="Warnings"/>; download progress goes to <c>System.Diagnostics.Trace</c>.
/// </summary>
public static partial class Utils
{
    /// <summary>
    /// Splits <paramref name="data"/> into <paramref name="numSlice"/> slices along
    /// <paramref name="batchAxis"/> (MXNet's <c>split_data</c>). With <c>s = size / numSlice</c>
    /// and <c>r = size % numSlice</c>, the first r slices get s + 1 elements and the rest s (as
    /// <c>np.array_split</c>), so slices may be empty when size &lt; numSlice. Slices along axis 0
    /// are views; other axes copy through <c>slice_axis</c>.
    /// </summary>
    /// <param name="data">A batch.</param>
    /// <param name="numSlice">Number of slices (at least 1).</param>
    /// <param name="batchAxis">The axis to split (negative counts from the end).</param>
    /// <param name="evenSplit">Require that <paramref name="numSlice"/> divides the axis length.</param>
    /// <returns>Exactly <paramref name="numSlice"/> arrays.</returns>
    /// <exception cref="ArgumentException"><paramref name="evenSplit"/> is set and the length is not a multiple of <paramref name="numSlice"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numSlice"/> is below 1 or the axis is out of range.</exception>
    public static NDArray[] SplitData(NDArray data, int numSlice, int batchAxis = 0, bool evenSplit = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (numSlice < 1)
            throw new ArgumentOutOfRangeException(nameof(numSlice), numSlice, $"split_data: num_slice must be at least 1, got {numSlice}");
        int axis = data.Shape.NormalizeAxis(batchAxis, "split_data");
        int size = data.Shape[axis];
        if (evenSplit && size % numSlice != 0)
            throw new ArgumentException(
                $"data with shape {data.Shape} cannot be evenly split into {numSlice} slices along axis {batchAxis}. " +
                $"Use a batch size that's multiple of {numSlice} or set even_split=False to allow uneven partitioning of data.",
                nameof(data));
        int each = size / numSlice, extras = size % numSlice;
        var slices = new NDArray[numSlice];
        int begin = 0;
        for (int i = 0; i < numSlice; i++)
        {
            int end = begin + each + (i < extras ? 1 : 0);
            if (begin == end) slices[i] = Nd.Empty(data.Shape.With(axis, 0), data.DType, data.Context);
            else if (axis == 0) slices[i] = data[begin..end];
            else slices[i] = Nd.SliceAxis(data, axis, begin, end);
            begin = end;
        }
        return slices;
    }

    /// <summary>
    /// Splits <paramref name="data"/> into one slice per context and copies slice i to
    /// <c>ctxList[i]</c> (MXNet's <c>split_and_load</c>); with one context the whole batch is
    /// returned on it. Splitting follows <see cref="SplitData"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ctxList"/> is empty, or the batch cannot be split evenly while <paramref name="evenSplit"/> is set.</exception>
    public static NDArray[] SplitAndLoad(NDArray data, IReadOnlyList<Context> ctxList, int batchAxis = 0, bool evenSplit = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(ctxList);
        if (ctxList.Count == 0) throw new ArgumentException("split_and_load: ctx_list is empty", nameof(ctxList));
        if (ctxList.Count == 1) return [data.AsInContext(ctxList[0])];
        var slices = SplitData(data, ctxList.Count, batchAxis, evenSplit);
        for (int i = 0; i < slices.Length; i++) slices[i] = slices[i].AsInContext(ctxList[i]);
        return slices;
    }

    /// <summary>
    /// <see cref="SplitAndLoad(NDArray, IReadOnlyList{Context}, int, bool)"/> for host data: the
    /// array (e.g. <c>float[,]</c>) is first converted with <see cref="Nd.Array(System.Array, Context?)"/> on <c>ctxList[0]</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ctxList"/> is empty, or the batch cannot be split evenly while <paramref name="evenSplit"/> is set.</exception>
    public static NDArray[] SplitAndLoad(System.Array data, IReadOnlyList<Context> ctxList, int batchAxis = 0, bool evenSplit = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(ctxList);
        if (ctxList.Count == 0) throw new ArgumentException("split_and_load: ctx_list is empty", nameof(ctxList));
        return SplitAndLoad(Nd.Array(data, ctxList[0]), ctxList, batchAxis, evenSplit);
    }

    /// <summary>
    /// Rescales the arrays in place so that their global 2-norm is at most
    /// <paramref name="maxNorm"/> (MXNet's <c>clip_global_norm</c>): <c>total = √Σ‖a‖²</c>,
    /// <c>scale = min(maxNorm / (total + 1e-8), 1)</c>, every array multiplied by scale. With
    /// <paramref name="checkIsFinite"/>, a NaN or infinite total raises a warning ("nan or inf is
    /// detected. Clipping results will be undefined."). The total is computed on the context of
    /// the first array.
    /// </summary>
    /// <returns>The total norm before scaling (NaN or infinity when the arrays hold them).</returns>
    /// <exception cref="ArgumentException"><paramref name="arrays"/> is empty.</exception>
    public static double ClipGlobalNorm(IReadOnlyList<NDArray> arrays, double maxNorm, bool checkIsFinite = true)
    {
        var total = ClipGlobalNormCore(arrays, maxNorm, checkIsFinite, out double host);
        return checkIsFinite ? host : total.AsScalar<double>();
    }

    /// <summary>
    /// <see cref="ClipGlobalNorm"/> with <c>check_isfinite=False</c>: no finiteness check and no
    /// host read; returns the total norm as an NDArray of shape (1,) on the first array's context.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="arrays"/> is empty.</exception>
    public static NDArray ClipGlobalNormArray(IReadOnlyList<NDArray> arrays, double maxNorm) =>
        ClipGlobalNormCore(arrays, maxNorm, checkIsFinite: false, out _);

    private static NDArray ClipGlobalNormCore(IReadOnlyList<NDArray> arrays, double maxNorm, bool checkIsFinite, out double host)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        if (arrays.Count == 0) throw new ArgumentException("clip_global_norm: arrays is empty", nameof(arrays));
        var ctx = arrays[0].Context;
        var squares = new NDArray[arrays.Count];
        for (int i = 0; i < arrays.Count; i++)
        {
            var x = arrays[i].ReshapeTo(arrays[i].Size);
            squares[i] = Nd.Dot(x, x).AsInContext(ctx);
        }
        var total = Nd.Sqrt(Nd.AddN(squares));
        host = double.NaN;
        if (checkIsFinite)
        {
            host = total.AsScalar<double>();
            if (!double.IsFinite(host))
                Warnings.Emit("nan or inf is detected. Clipping results will be undefined.");
        }
        var scale = Nd.Divide(maxNorm, Nd.Add(total, 1e-8));
        scale = Nd.Min(Nd.Concat([scale, Nd.Ones(new Shape(1), scale.DType, ctx)], 0));
        foreach (var a in arrays)
            Nd.Multiply(a, scale.AsInContext(a.Context)).CopyTo(a);
        return total;
    }
}
