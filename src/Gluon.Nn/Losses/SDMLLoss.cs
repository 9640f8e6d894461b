namespace Gluon.Losses;

/// <summary>
/// Batch-wise smoothed deep metric learning loss (MXNet's <c>gluon.loss.SDMLLoss</c>, Bonadiman et
/// al. 2019). Inputs (x1, x2), both (N, dim), where row i of x2 is the positive for row i of x1
/// and every other row a negative. With squared Euclidean distances <c>D[i, j] = ‖x1[i] − x2[j]‖²</c>
/// and smoothed targets (<c>1 − s</c> on the diagonal, <c>s/(N − 1)</c> elsewhere), the loss is
/// <see cref="KLDivLoss"/> (from logits) of <c>log_softmax(−D, axis=1)</c> against the targets,
/// shape (N,). Like MXNet, it reads the batch size from the input shape (imperative only), and the
/// weight argument is stored but not applied.
/// </summary>
public class SDMLLoss : Loss
{
    private readonly KLDivLoss _klLoss;

    /// <summary>Creates the loss.</summary>
    /// <param name="smoothingParameter">Probability mass spread over the negatives (below 1).</param>
    /// <param name="weight">Global scalar weight (stored for parity; MXNet does not apply it).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public SDMLLoss(double smoothingParameter = 0.3, double weight = 1.0, int batchAxis = 0, string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params)
    {
        SmoothingParameter = smoothingParameter;
        _klLoss = RegisterChild(new KLDivLoss(fromLogits: true), "kl_loss");
    }

    /// <summary>The smoothing mass.</summary>
    public double SmoothingParameter { get; }

    /// <inheritdoc/>
    protected override int MaxInputs => 2;

    /// <inheritdoc/>
    protected override string Signature => "x1, x2";

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var x1 = x[0]!;
        var x2 = x[1]!;
        if (x1.NDim != 2 || x2.Shape != x1.Shape)
            throw new ArgumentException($"SDMLLoss '{Name}': x1 and x2 must both be (batch_size, dim), got {x1.Shape} and {x2.Shape}");
        int n = x1.Shape[0];
        var gold = Nd.Eye(n, dtype: x1.DType, ctx: x1.Context);
        var labels = gold * (1 - SmoothingParameter) + (1.0 - gold) * (SmoothingParameter / (n - 1));
        var distances = Nd.Sum(Nd.Square(Nd.ExpandDims(x1, 1) - Nd.ExpandDims(x2, 0)), [2]);
        var logProbabilities = Nd.LogSoftmax(-distances, 1);
        return _klLoss.Call(logProbabilities, labels);
    }
}
