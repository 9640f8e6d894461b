namespace Gluon.Losses;

/// <summary>
/// Squared error (MXNet's <c>gluon.loss.L2Loss</c>): <c>(weight/2)·(label − pred)²</c>, times the
/// sample weight, averaged over every axis but the batch axis. Inputs (pred, label,
/// sample_weight=None); label is reshaped to pred's shape.
/// </summary>
public class L2Loss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Global scalar weight (halved in the formula).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public L2Loss(double weight = 1.0, int batchAxis = 0, string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params)
    {
    }

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var pred = x[0]!;
        var label = ReshapeLike(x[1]!, pred, "label");
        var loss = Nd.Square(label - pred);
        return BatchMean(ApplyWeighting(loss, Weight!.Value / 2, Opt(x, 2)));
    }
}
