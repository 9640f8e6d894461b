namespace Gluon.Losses;

/// <summary>
/// Softmax cross-entropy (MXNet's <c>gluon.loss.SoftmaxCrossEntropyLoss</c>, alias
/// <see cref="SoftmaxCELoss"/>). Inputs (pred, label, sample_weight=None). With
/// <c>p = log_softmax(pred, axis)</c> (pred itself when from_logits): sparse labels (class
/// indices, pred's shape without axis) give <c>−pick(p, label, axis, keepdims)</c>; dense labels
/// (pred's shape) give <c>−sum(p·label, axis, keepdims)</c>. Then weighted and averaged over
/// every axis but the batch axis.
/// </summary>
public class SoftmaxCrossEntropyLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="axis">The class axis.</param>
    /// <param name="sparseLabel">Whether labels are class indices (else probability distributions).</param>
    /// <param name="fromLogits">Whether pred already holds log-probabilities.</param>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public SoftmaxCrossEntropyLoss(int axis = -1, bool sparseLabel = true, bool fromLogits = false, double? weight = null, int batchAxis = 0,
        string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params)
    {
        Axis = axis;
        SparseLabel = sparseLabel;
        FromLogits = fromLogits;
    }

    /// <summary>The class axis.</summary>
    public int Axis { get; }

    /// <summary>Whether labels are class indices.</summary>
    public bool SparseLabel { get; }

    /// <summary>Whether pred already holds log-probabilities.</summary>
    public bool FromLogits { get; }

    /// <inheritdoc/>
    protected override string Alias() => "softmaxcrossentropyloss";

    /// <inheritdoc/>
    protected override string ClassName => "SoftmaxCrossEntropyLoss";

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var pred = x[0]!;
        if (!FromLogits) pred = Nd.LogSoftmax(pred, Axis);
        NDArray loss;
        if (SparseLabel)
            loss = -Nd.Pick(pred, x[1]!, Axis, keepDims: true);
        else
        {
            var label = ReshapeLike(x[1]!, pred, "label");
            loss = -Nd.Sum(pred * label, [Axis], keepDims: true);
        }
        return BatchMean(ApplyWeighting(loss, Weight, Opt(x, 2)));
    }
}
