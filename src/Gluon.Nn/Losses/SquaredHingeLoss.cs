namespace Gluon.Losses;

/// <summary>
/// Squared hinge loss (MXNet's <c>gluon.loss.SquaredHingeLoss</c>):
/// <c>max(0, margin − pred·label)²</c> with labels −1 or 1; weighted and averaged over every
/// axis but the batch axis. Inputs (pred, label, sample_weight=None).
/// </summary>
public class SquaredHingeLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="margin">The margin.</param>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public SquaredHingeLoss(double margin = 1, double? weight = null, int batchAxis = 0, string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params) => Margin = margin;

    /// <summary>The margin.</summary>
    public double Margin { get; }

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var pred = x[0]!;
        var label = ReshapeLike(x[1]!, pred, "label");
        var loss = Nd.Square(Nd.Relu(Margin - pred * label));
        return BatchMean(ApplyWeighting(loss, Weight, Opt(x, 2)));
    }
}
