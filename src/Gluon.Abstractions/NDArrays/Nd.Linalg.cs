using Gluon.Ops;

namespace Gluon;

public static partial class Nd
{
    /// <summary>
    /// Dot product (<c>nd.dot</c>): contracts the last axis of <paramref name="lhs"/> (its first
    /// with <paramref name="transposeA"/>) with the first axis of <paramref name="rhs"/> (its last
    /// with <paramref name="transposeB"/>); the output has lhs's remaining axes then rhs's. Two
    /// 1-D arrays give their inner product with shape (1,).
    /// </summary>
    /// <param name="lhs">Left operand, any rank ≥ 1.</param>
    /// <param name="rhs">Right operand, any rank ≥ 1, same dtype.</param>
    /// <param name="transposeA">Contract lhs's first axis instead of its last.</param>
    /// <param name="transposeB">Contract rhs's last axis instead of its first.</param>
    /// <exception cref="ArgumentException">The contracted lengths differ (the message names <c>dot</c> and both shapes), or the dtypes differ.</exception>
    public static NDArray Dot(NDArray lhs, NDArray rhs, bool transposeA = false, bool transposeB = false) =>
        Op("dot", DotAttrs(transposeA, transposeB), lhs, rhs);

    /// <summary>
    /// Batched matrix product (<c>nd.batch_dot</c>): out[b] = op(lhs[b])·op(rhs[b]) over the
    /// leading (batch) axes, lhs (..., M, K) or (..., K, M) transposed, rhs (..., K, N) or
    /// (..., N, K) transposed; both of the same rank ≥ 3.
    /// </summary>
    /// <param name="lhs">Left operand (rank ≥ 3).</param>
    /// <param name="rhs">Right operand, same rank, batch axes and dtype.</param>
    /// <param name="transposeA">Transpose each lhs matrix first.</param>
    /// <param name="transposeB">Transpose each rhs matrix first.</param>
    /// <exception cref="ArgumentException">The ranks differ or are below 3, or the batch or contracted lengths differ.</exception>
    public static NDArray BatchDot(NDArray lhs, NDArray rhs, bool transposeA = false, bool transposeB = false) =>
        Op("batch_dot", DotAttrs(transposeA, transposeB), lhs, rhs);

    /// <summary>
    /// Fully connected layer (<c>nd.FullyConnected</c>): y = x·Wᵀ + b, W of shape
    /// (<paramref name="numHidden"/>, in_units). With <paramref name="flatten"/> x is viewed as
    /// (N, prod(other axes)); otherwise the product applies to the last axis.
    /// </summary>
    /// <param name="data">Input x.</param>
    /// <param name="weight">W, (num_hidden, in_units).</param>
    /// <param name="bias">b, (num_hidden,); must be null exactly when <paramref name="noBias"/> is set.</param>
    /// <param name="numHidden">Number of output units.</param>
    /// <param name="noBias">Leave out the bias.</param>
    /// <param name="flatten">Collapse all axes after the first into in_units.</param>
    /// <exception cref="ArgumentException">Weight or bias shapes do not match (the message names the op and the shapes), or a bias is given with <paramref name="noBias"/>.</exception>
    public static NDArray FullyConnected(NDArray data, NDArray weight, NDArray? bias, int numHidden, bool noBias = false, bool flatten = true)
    {
        var attrs = new OpAttrs { { "num_hidden", numHidden }, { "no_bias", noBias }, { "flatten", flatten } };
        if (noBias != bias is null)
            throw new ArgumentException($"FullyConnected: no_bias={noBias} but a bias was {(bias is null ? "not " : "")}given");
        return bias is null ? Op("FullyConnected", attrs, data, weight) : Op("FullyConnected", attrs, data, weight, bias);
    }

    private static OpAttrs DotAttrs(bool ta, bool tb)
    {
        var a = new OpAttrs();
        if (ta) a.Set("transpose_a", true);
        if (tb) a.Set("transpose_b", true);
        return a;
    }
}
