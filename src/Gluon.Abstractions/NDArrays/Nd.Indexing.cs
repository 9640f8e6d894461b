using Gluon.Ops;
using Gluon.Ops.Definitions;

namespace Gluon;

public static partial class Nd
{
    /// <summary>
    /// Elementwise <paramref name="x"/> where <paramref name="condition"/> is non-zero, else
    /// <paramref name="y"/> (<c>nd.where</c>). Condition has x's shape, or is 1-D with x's first
    /// dimension and selects whole rows.
    /// </summary>
    /// <exception cref="ArgumentException">x and y differ in shape or dtype, or condition's shape fits neither rule.</exception>
    public static NDArray Where(NDArray condition, NDArray x, NDArray y) => Op("where", null, condition, x, y);

    /// <summary>
    /// Slices of <paramref name="a"/> along <paramref name="axis"/> at <paramref name="indices"/>
    /// (<c>nd.take</c>); output <c>a.shape[:axis] + indices.shape + a.shape[axis+1:]</c>.
    /// Indices of any dtype are truncated to integers; <paramref name="mode"/> handles
    /// out-of-range ones (clip to the ends, wrap around, or raise).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range, or (raise mode) an index is.</exception>
    public static NDArray Take(NDArray a, NDArray indices, int axis = 0, IndexMode mode = IndexMode.Clip) =>
        Op("take", new OpAttrs { { "axis", axis }, { "mode", mode } }, a, indices);

    /// <summary>
    /// One element of <paramref name="data"/> per position along <paramref name="axis"/>, chosen by
    /// <paramref name="index"/> (<c>nd.pick</c>); <paramref name="keepDims"/> keeps the axis as 1.
    /// Out-of-range indices are clipped or wrapped (<paramref name="mode"/>).
    /// </summary>
    /// <exception cref="ArgumentException">index's shape is not data's without the axis; mode is raise.</exception>
    public static NDArray Pick(NDArray data, NDArray index, int axis = -1, bool keepDims = false, IndexMode mode = IndexMode.Clip) =>
        Op("pick", new OpAttrs { { "axis", axis }, { "keepdims", keepDims }, { "mode", mode } }, data, index);

    /// <summary>
    /// One-hot encoding (<c>nd.one_hot</c>): <c>indices.shape + (depth,)</c> with
    /// <paramref name="onValue"/> at each index and <paramref name="offValue"/> elsewhere;
    /// indices outside [0, depth) give all-off rows.
    /// </summary>
    /// <exception cref="ArgumentException">depth is negative.</exception>
    public static NDArray OneHot(NDArray indices, int depth, double onValue = 1, double offValue = 0, DType dtype = DType.Float32) =>
        Op("one_hot", new OpAttrs { { "depth", depth }, { "on_value", onValue }, { "off_value", offValue }, { "dtype", dtype } }, indices);

    /// <summary>
    /// Gathers slices of <paramref name="data"/> (<c>nd.gather_nd</c>): <paramref name="indices"/> of
    /// shape (M, Y...) address the first M axes; output Y + data.shape[M:]. Negative indices count from the end.
    /// </summary>
    /// <exception cref="ArgumentException">indices has fewer than 2 dimensions or M exceeds data's rank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [−size, size).</exception>
    public static NDArray GatherNd(NDArray data, NDArray indices) => Op("gather_nd", null, data, indices);

    /// <summary>
    /// Scatters <paramref name="data"/> into zeros of <paramref name="shape"/> at
    /// <paramref name="indices"/> (<c>nd.scatter_nd</c>, the inverse layout of <see cref="GatherNd"/>;
    /// with repeated indices the last write wins).
    /// </summary>
    /// <exception cref="ArgumentException">data's shape is not the gathered shape of <paramref name="shape"/> by indices.</exception>
    public static NDArray ScatterNd(NDArray data, NDArray indices, Shape shape) =>
        Op("scatter_nd", new OpAttrs { { "shape", shape } }, data, indices);

    /// <summary>
    /// Looks up rows of <paramref name="weight"/> (input_dim, output_dim) at the integer values of
    /// <paramref name="data"/> (<c>nd.Embedding</c>); indices are clipped to [0, input_dim − 1].
    /// </summary>
    /// <exception cref="ArgumentException">weight's shape is not (inputDim, outputDim).</exception>
    public static NDArray Embedding(NDArray data, NDArray weight, int inputDim, int outputDim, DType dtype = DType.Float32, bool sparseGrad = false) =>
        Op("Embedding", new OpAttrs { { "input_dim", inputDim }, { "output_dim", outputDim }, { "dtype", dtype }, { "sparse_grad", sparseGrad } }, data, weight);

    /// <summary>
    /// Sets time steps at or beyond each sequence's length to <paramref name="value"/>
    /// (<c>nd.SequenceMask</c>); data is (T, B, ...) for axis 0 or (B, T, ...) for axis 1, and
    /// <paramref name="sequenceLength"/> has shape (B,). Identity without lengths.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not match, or lengths are missing when <paramref name="useSequenceLength"/> is set.</exception>
    public static NDArray SequenceMask(NDArray data, NDArray? sequenceLength = null, bool useSequenceLength = false, double value = 0, int axis = 0) =>
        Op("SequenceMask", new OpAttrs { { "use_sequence_length", useSequenceLength }, { "value", value }, { "axis", axis } },
            SequenceInputs("SequenceMask", data, sequenceLength, useSequenceLength));

    /// <summary>
    /// The last valid time step of each sequence (<c>nd.SequenceLast</c>): step length − 1, or
    /// T − 1 without lengths; the output drops the time axis.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length is outside [1, T].</exception>
    public static NDArray SequenceLast(NDArray data, NDArray? sequenceLength = null, bool useSequenceLength = false, int axis = 0) =>
        Op("SequenceLast", new OpAttrs { { "use_sequence_length", useSequenceLength }, { "axis", axis } },
            SequenceInputs("SequenceLast", data, sequenceLength, useSequenceLength));

    /// <summary>
    /// Reverses the first length time steps of each sequence of (T, B, ...) data
    /// (<c>nd.SequenceReverse</c>), all T without lengths; later steps stay in place.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not match or axis is not 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length is outside [0, T].</exception>
    public static NDArray SequenceReverse(NDArray data, NDArray? sequenceLength = null, bool useSequenceLength = false, int axis = 0) =>
        Op("SequenceReverse", new OpAttrs { { "use_sequence_length", useSequenceLength }, { "axis", axis } },
            SequenceInputs("SequenceReverse", data, sequenceLength, useSequenceLength));

    private static NDArray[] SequenceInputs(string op, NDArray data, NDArray? len, bool use)
    {
        if (use && len is null) throw new ArgumentException($"{op}: use_sequence_length is set but no sequence_length array was given");
        if (!use && len is not null) throw new ArgumentException($"{op}: a sequence_length array was given but use_sequence_length is not set");
        return len is null ? [data] : [data, len];
    }

    /// <summary>Elementwise clamp to [<paramref name="aMin"/>, <paramref name="aMax"/>] (<c>nd.clip</c>); NaN passes through.</summary>
    public static NDArray Clip(NDArray data, double aMin, double aMax) =>
        Op("clip", new OpAttrs { { "a_min", aMin }, { "a_max", aMax } }, data);

    /// <summary>Elementwise max(0, min(1, alpha·x + beta)) (<c>nd.hard_sigmoid</c>).</summary>
    public static NDArray HardSigmoid(NDArray data, double alpha = 0.2, double beta = 0.5) =>
        Op("hard_sigmoid", new OpAttrs { { "alpha", alpha }, { "beta", beta } }, data);

    /// <summary>The gradient of <see cref="Take"/>: <paramref name="ograd"/> scatter-added into zeros of <paramref name="shape"/>.</summary>
    internal static NDArray BackwardTake(NDArray ograd, NDArray indices, Shape shape, int axis, IndexMode mode) =>
        Op("_backward_take", new OpAttrs { { "axis", axis }, { "mode", mode }, { "shape", shape } }, ograd, indices);

    /// <summary>The gradient of <see cref="Pick"/>: <paramref name="ograd"/> placed at the picked positions in zeros of <paramref name="shape"/>.</summary>
    internal static NDArray BackwardPick(NDArray ograd, NDArray index, Shape shape, int axis, IndexMode mode) =>
        Op("_backward_pick", new OpAttrs { { "axis", axis }, { "mode", mode }, { "shape", shape } }, ograd, index);

    /// <summary>The gradient of <see cref="GatherNd"/>: a scatter-add into zeros of <paramref name="shape"/>.</summary>
    internal static NDArray BackwardGatherNd(NDArray data, NDArray indices, Shape shape) =>
        Op("_backward_gather_nd", new OpAttrs { { "shape", shape } }, data, indices);
}
