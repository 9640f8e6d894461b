namespace Gluon.Losses;

/// <summary>
/// MXNet's alias <c>SoftmaxCELoss</c> of <see cref="SoftmaxCrossEntropyLoss"/> (same computation
/// and block names, <c>softmaxcrossentropyloss0</c>).
/// </summary>
public class SoftmaxCELoss : SoftmaxCrossEntropyLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="axis">The class axis.</param>
    /// <param name="sparseLabel">Whether labels are class indices (else probability distributions).</param>
    /// <param name="fromLogits">Whether pred already holds log-probabilities.</param>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public SoftmaxCELoss(int axis = -1, bool sparseLabel = true, bool fromLogits = false, double? weight = null, int batchAxis = 0,
        string? prefix = null, ParameterDict? @params = null)
        : base(axis, sparseLabel, fromLogits, weight, batchAxis, prefix, @params)
    {
    }
}
