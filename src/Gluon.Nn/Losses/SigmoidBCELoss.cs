namespace Gluon.Losses;

/// <summary>
/// MXNet's alias <c>SigmoidBCELoss</c> of <see cref="SigmoidBinaryCrossEntropyLoss"/> (same
/// computation and the same block names, <c>sigmoidbinarycrossentropyloss0</c>).
/// </summary>
public class SigmoidBCELoss : SigmoidBinaryCrossEntropyLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromSigmoid">Whether pred is already a probability (sigmoid output) rather than a logit.</param>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public SigmoidBCELoss(bool fromSigmoid = false, double? weight = null, int batchAxis = 0, string? prefix = null, ParameterDict? @params = null)
        : base(fromSigmoid, weight, batchAxis, prefix, @params)
    {
    }
}
