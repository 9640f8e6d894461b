namespace Gluon.Ops.Definitions;

/// <summary>Parsed attributes of <c>dot</c> and <c>batch_dot</c>: whether each operand is transposed first.</summary>
public sealed record DotParam(bool TransposeA, bool TransposeB)
{
    /// <summary>Parses <c>transpose_a</c> and <c>transpose_b</c> (both default false).</summary>
    public static DotParam Parse(OpAttrs a) => new(a.GetBool("transpose_a", false), a.GetBool("transpose_b", false));

    /// <summary>The attributes that reproduce this parameter (only the ones that differ from the defaults).</summary>
    public OpAttrs ToAttrs()
    {
        var a = new OpAttrs();
        if (TransposeA) a.Set("transpose_a", true);
        if (TransposeB) a.Set("transpose_b", true);
        return a;
    }
}

/// <summary>
/// How a <c>dot</c> call maps onto one matrix product C[M×N] = op(A)·op(B): lhs is viewed as an
/// M×K matrix (stored K×M when transposed), rhs as K×N (stored N×K when transposed).
/// </summary>
public readonly record struct DotPlan(int M, int N, int K, Shape Output);

/// <summary>
/// <c>dot</c>: MXNet's dot product for arrays of any rank. Without transposes the last axis of
/// lhs is contracted with the first axis of rhs; <c>transpose_a</c> contracts lhs's first axis
/// instead (the remaining axes are kept in order) and <c>transpose_b</c> rhs's last axis. The
/// output shape is lhs's kept axes followed by rhs's kept axes; two 1-D arrays give shape (1,).
/// </summary>
public sealed class DotOp : OpDef<DotParam>
{
    /// <inheritdoc/>
    public override string Name => "dot";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ["lhs", "rhs"];
    /// <inheritdoc/>
    protected override DotParam ParseParam(OpAttrs a) => DotParam.Parse(a);
    /// <inheritdoc/>
    protected override Shape[] InferShape(DotParam p, Shape[] inputs) => [Plan(p, inputs[0], inputs[1]).Output];

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs)
    {
        if (inputs[0] != inputs[1])
            throw Error($"lhs dtype {inputs[0].Name()} and rhs dtype {inputs[1].Name()} differ; cast one of them first");
        return [inputs[0]];
    }

    /// <summary>The matrix geometry and output shape of dot(lhs, rhs).</summary>
    /// <exception cref="ArgumentException">Rank-0 operands, transposed vectors, or contracted axes of different lengths (the message names both shapes).</exception>
    public DotPlan Plan(DotParam p, Shape l, Shape r)
    {
        if (l.Rank == 0 || r.Rank == 0)
            throw Error($"rank-0 (scalar) arrays are not supported: lhs {l}, rhs {r}");
        bool ta = p.TransposeA, tb = p.TransposeB;
        if (l.Rank == 1 && r.Rank == 1)
        {
            if (ta || tb) throw Error($"cannot transpose vectors: lhs {l}, rhs {r}");
            if (l[0] != r[0]) throw Error($"shape mismatch: lhs {l} X rhs {r} (length {l[0]} vs {r[0]})");
            return new DotPlan(1, 1, l[0], new Shape(1));
        }
        int ka = ta ? l[0] : l[l.Rank - 1];
        int m = ta ? l.SizeOf(1, l.Rank) : l.SizeOf(0, l.Rank - 1);
        int kb = tb ? r[r.Rank - 1] : r[0];
        int n = tb ? r.SizeOf(0, r.Rank - 1) : r.SizeOf(1, r.Rank);
        if (ka != kb)
            throw Error($"shape mismatch: lhs {l}{(ta ? " (transpose_a)" : "")} X rhs {r}{(tb ? " (transpose_b)" : "")}: " +
                        $"contracted axes have lengths {ka} and {kb}");
        var dims = new List<int>(l.Rank + r.Rank);
        var ld = l.ToArray();
        var rd = r.ToArray();
        if (l.Rank > 1) dims.AddRange(ta ? ld[1..] : ld[..^1]);
        if (r.Rank > 1) dims.AddRange(tb ? rd[..^1] : rd[1..]);
        return new DotPlan(m, n, ka, new Shape(dims.ToArray()));
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<DotParam>();
        NDArray a = g.Inputs[0], b = g.Inputs[1];
        var plan = Plan(p, a.Shape, b.Shape);
        int m = plan.M, n = plan.N, k = plan.K;
        // Work on the 2-D matrices the forward pass used, then restore the operands' shapes.
        var a2 = Reshape(a, p.TransposeA ? new Shape(k, m) : new Shape(m, k));
        var b2 = Reshape(b, p.TransposeB ? new Shape(n, k) : new Shape(k, n));
        var g2 = Reshape(g.OutGrads[0], new Shape(m, n));
        (NDArray da, NDArray db) = (p.TransposeA, p.TransposeB) switch
        {
            (false, false) => (Nd.Dot(g2, b2, transposeB: true), Nd.Dot(a2, g2, transposeA: true)),
            (false, true) => (Nd.Dot(g2, b2), Nd.Dot(g2, a2, transposeA: true)),
            (true, false) => (Nd.Dot(b2, g2, transposeB: true), Nd.Dot(a2, g2)),
            (true, true) => (Nd.Dot(b2, g2, transposeA: true, transposeB: true), Nd.Dot(g2, a2, transposeA: true, transposeB: true)),
        };
        return [Reshape(da, a.Shape), Reshape(db, b.Shape)];
    }

    internal static NDArray Reshape(NDArray x, Shape s) => x.Shape == s ? x : Nd.ReshapeTo(x, s);
}

/// <summary>
/// <c>batch_dot</c>: a matrix product per batch entry of two arrays of the same rank ≥ 3 whose
/// leading axes are the batch, lhs (..., M, K) (or (..., K, M) with <c>transpose_a</c>) and rhs
/// (..., K, N) (or (..., N, K) with <c>transpose_b</c>), giving (..., M, N).
/// </summary>
public sealed class BatchDotOp : OpDef<DotParam>
{
    /// <inheritdoc/>
    public override string Name => "batch_dot";
    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ["lhs", "rhs"];
    /// <inheritdoc/>
    protected override DotParam ParseParam(OpAttrs a) => DotParam.Parse(a);

    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs)
    {
        if (inputs[0] != inputs[1])
            throw Error($"lhs dtype {inputs[0].Name()} and rhs dtype {inputs[1].Name()} differ; cast one of them first");
        return [inputs[0]];
    }

    /// <summary>(batch, M, N, K) of a batch_dot call; batch is the product of the leading axes.</summary>
    /// <exception cref="ArgumentException">The operands are not of the same rank ≥ 3, or the batch or contracted lengths differ.</exception>
    public (int Batch, int M, int N, int K) Plan(DotParam p, Shape l, Shape r)
    {
        if (l.Rank < 3 || r.Rank != l.Rank)
            throw Error($"lhs and rhs must have the same rank, at least 3, got lhs {l} and rhs {r}");
        int nb = l.Rank - 2;
        for (int i = 0; i < nb; i++)
            if (l[i] != r[i]) throw Error($"batch axes differ: lhs {l} and rhs {r}");
        int m = p.TransposeA ? l[nb + 1] : l[nb], ka = p.TransposeA ? l[nb] : l[nb + 1];
        int n = p.TransposeB ? r[nb] : r[nb + 1], kb = p.TransposeB ? r[nb + 1] : r[nb];
        if (ka != kb)
            throw Error($"shape mismatch: lhs {l}{(p.TransposeA ? " (transpose_a)" : "")} X rhs {r}{(p.TransposeB ? " (transpose_b)" : "")}: " +
                        $"contracted axes have lengths {ka} and {kb}");
        return (l.SizeOf(0, nb), m, n, ka);
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(DotParam p, Shape[] inputs)
    {
        var (_, m, n, _) = Plan(p, inputs[0], inputs[1]);
        var d = inputs[0].ToArray();
        d[^2] = m;
        d[^1] = n;
        return [new Shape(d)];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var p = g.P<DotParam>();
        NDArray a = g.Inputs[0], b = g.Inputs[1], og = g.OutGrads[0];
        (NDArray da, NDArray db) = (p.TransposeA, p.TransposeB) switch
        {
            (false, false) => (Nd.BatchDot(og, b, transposeB: true), Nd.BatchDot(a, og, transposeA: true)),
            (false, true) => (Nd.BatchDot(og, b), Nd.BatchDot(og, a, transposeA: true)),
            (true, false) => (Nd.BatchDot(b, og, transposeB: true), Nd.BatchDot(a, og)),
            (true, true) => (Nd.BatchDot(b, og, transposeA: true, transposeB: true), Nd.BatchDot(og, a, transposeA: true, transposeB: true)),
        };
        return [da, db];
    }
}
