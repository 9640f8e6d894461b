namespace Gluon.Ops.Definitions;

/// <summary>Shape rules shared by <c>gather_nd</c>, <c>scatter_nd</c> and <c>_backward_gather_nd</c>.</summary>
internal static class GatherNd
{
    /// <summary>
    /// The gathered shape: indices (M, Y0, ..., Yk) index the first M axes of
    /// <paramref name="data"/>; the result is (Y0, ..., Yk) + data.shape[M:].
    /// </summary>
    public static Shape Gathered(string op, Shape data, Shape indices, string dataName)
    {
        if (indices.Rank < 2)
            throw new ArgumentException($"{op}: indices must have at least 2 dimensions (M, ...), got shape {indices}");
        int m = indices[0];
        if (m > data.Rank)
            throw new ArgumentException($"{op}: indices {indices} index {m} axes but {dataName} {data} has only {data.Rank}");
        if (m < 1)
            throw new ArgumentException($"{op}: indices {indices} must index at least one axis (first dimension ≥ 1)");
        var d = new List<int>();
        for (int i = 1; i < indices.Rank; i++) d.Add(indices[i]);
        for (int i = m; i < data.Rank; i++) d.Add(data[i]);
        return new Shape(d.ToArray());
    }

    public static Shape ParseShape(OpDef op, OpAttrs a) =>
        new(a.GetRequiredTuple(op.Name, "shape"));

    /// <summary>Checks that data has the gathered shape of <paramref name="output"/> by indices.</summary>
    public static void CheckScatter(string op, Shape data, Shape indices, Shape output)
    {
        var expect = Gathered(op, output, indices, "shape");
        if (data != expect)
            throw new ArgumentException($"{op}: data has shape {data}, expected {expect} for indices {indices} and shape {output}");
    }
}

/// <summary>
/// <c>gather_nd</c> (data, indices): indices of shape (M, Y...) pick, for each position in Y, the
/// slice data[i0, ..., i(M−1)]; output Y + data.shape[M:]. Negative indices count from the end;
/// indices outside [−size, size) are an error. Gradient of data: <c>_backward_gather_nd</c>.
/// </summary>
public sealed class GatherNdOp : OpDef
{
    private static readonly string[] s_inputs = ["data", "indices"];

    /// <inheritdoc/>
    public override string Name => "gather_nd";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    public override Shape[] InferShape(object param, Shape[] inputs) => [GatherNd.Gathered(Name, inputs[0], inputs[1], "data")];
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) =>
        [Nd.BackwardGatherNd(g.OutGrads[0], g.Inputs[1], g.Inputs[0].Shape), null];
}

/// <summary>
/// What <c>scatter_nd</c> and <c>_backward_gather_nd</c> share (they differ only in how the
/// kernel treats repeated indices): inputs (data, indices), the required <c>shape</c> attribute,
/// the check that data has the gathered shape, and the gradient (<c>gather_nd</c> of the
/// output gradient for data, none for indices).
/// </summary>
public abstract class ScatterNdOpBase : OpDef<Shape>
{
    private static readonly string[] s_inputs = ["data", "indices"];

    // Only the two scatter ops of this assembly derive from it.
    private protected ScatterNdOpBase() { }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override Shape ParseParam(OpAttrs a) => GatherNd.ParseShape(this, a);
    /// <inheritdoc/>
    protected override Shape[] InferShape(Shape p, Shape[] inputs)
    {
        GatherNd.CheckScatter(Name, inputs[0], inputs[1], p);
        return [p];
    }
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [Nd.GatherNd(g.OutGrads[0], g.Inputs[1]), null];
}

/// <summary>
/// <c>scatter_nd</c> (data, indices; shape): zeros of <c>shape</c> with data's slices written at
/// the indexed positions (the inverse layout of <c>gather_nd</c>; with repeated indices the last
/// write wins). Gradient of data: <c>gather_nd</c> of the output gradient.
/// </summary>
public sealed class ScatterNdOp : ScatterNdOpBase
{
    /// <inheritdoc/>
    public override string Name => "scatter_nd";
}

/// <summary>
/// <c>_backward_gather_nd</c> (data, indices; shape): like <c>scatter_nd</c> but repeated indices
/// accumulate (a scatter-add) — the gradient of <c>gather_nd</c>. Its gradient is <c>gather_nd</c>.
/// </summary>
public sealed class BackwardGatherNdOp : ScatterNdOpBase
{
    /// <inheritdoc/>
    public override string Name => "_backward_gather_nd";
}

/// <summary>
/// <c>Embedding</c> (data, weight): <c>out[..., :] = weight[int(data[...]), :]</c>, output
/// <c>data.shape + (output_dim,)</c>; indices are clipped to [0, input_dim − 1] as in MXNet.
/// The weight gradient sums the output gradient rows per index (<c>_backward_take</c>); data
/// gets none. <c>sparse_grad</c> is accepted but the gradient is always dense.
/// </summary>
public sealed class EmbeddingOp : OpDef<EmbeddingOp.Param>
{
    /// <summary>Vocabulary size, embedding size, dtype and sparse_grad.</summary>
    public sealed record Param(int InputDim, int OutputDim, DType DType, bool SparseGrad);

    private static readonly string[] s_inputs = ["data", "weight"];

    /// <inheritdoc/>
    public override string Name => "Embedding";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => s_inputs;
    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        var p = new Param(a.GetInt(Name, "input_dim"), a.GetInt(Name, "output_dim"), a.GetDType("dtype", DType.Float32), a.GetBool("sparse_grad", false));
        if (p.InputDim < 1) throw Error($"input_dim must be at least 1, got {p.InputDim}");
        if (p.OutputDim < 1) throw Error($"output_dim must be at least 1, got {p.OutputDim}");
        return p;
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs)
    {
        var w = inputs[1];
        if (w.Rank != 2 || w[0] != p.InputDim || w[1] != p.OutputDim)
            throw Error($"weight has shape {w}, expected ({p.InputDim}, {p.OutputDim}) (input_dim, output_dim)");
        return [new Shape([.. inputs[0], p.OutputDim])];
    }

    /// <inheritdoc/>
    public override Shape?[] InferInputShapes(object param, Shape?[] inputs)
    {
        var p = (Param)param;
        return [inputs[0], inputs[1] ?? new Shape(p.InputDim, p.OutputDim)];
    }

    /// <summary>The output takes the weight's dtype (data holds indices of any dtype).</summary>
    public override DType[] InferType(object param, DType[] inputs) => [inputs[1]];

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) =>
        [null, Nd.BackwardTake(g.OutGrads[0], g.Inputs[0], g.Inputs[1].Shape, 0, IndexMode.Clip)];
}
