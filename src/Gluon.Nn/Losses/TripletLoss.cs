namespace Gluon.Losses;

/// <summary>
/// Triplet loss (MXNet's <c>gluon.loss.TripletLoss</c>):
/// <c>max(0, Σ((positive − pred)² − (negative − pred)²) + margin)</c>, the sum over every axis but
/// the batch axis, then weighted. Inputs (pred, positive, negative, sample_weight=None);
/// positive and negative are reshaped to pred's shape.
/// </summary>
public class TripletLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="margin">Margin of separation between the positive and the negative pair.</param>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public TripletLoss(double margin = 1, double? weight = null, int batchAxis = 0, string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params) => Margin = margin;

    /// <summary>The margin.</summary>
    public double Margin { get; }

    /// <inheritdoc/>
    protected override int MinInputs => 3;

    /// <inheritdoc/>
    protected override int MaxInputs => 4;

    /// <inheritdoc/>
    protected override string Signature => "pred, positive, negative, sample_weight=None";

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var pred = x[0]!;
        var positive = ReshapeLike(x[1]!, pred, "positive");
        var negative = ReshapeLike(x[2]!, pred, "negative");
        var loss = BatchSum(Nd.Square(positive - pred) - Nd.Square(negative - pred));
        loss = Nd.Relu(loss + Margin);
        return ApplyWeighting(loss, Weight, Opt(x, 3));
    }
}
