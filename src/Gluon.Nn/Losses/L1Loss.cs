namespace Gluon.Losses;

/// <summary>
/// Absolute error (MXNet's <c>gluon.loss.L1Loss</c>): <c>|label − pred|</c>, weighted, averaged
/// over every axis but the batch axis. Inputs (pred, label, sample_weight=None).
/// </summary>
public class L1Loss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public L1Loss(double? weight = null, int batchAxis = 0, string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params)
    {
    }

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var pred = x[0]!;
        var label = ReshapeLike(x[1]!, pred, "label");
        return BatchMean(ApplyWeighting(Nd.Abs(label - pred), Weight, Opt(x, 2)));
    }
}
