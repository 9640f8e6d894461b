namespace Gluon.Losses;

/// <summary>
/// Cosine embedding loss (MXNet's <c>gluon.loss.CosineEmbeddingLoss</c>). Inputs (input1,
/// input2, label, sample_weight=None); input1 is reshaped to input2's shape and label (one
/// value per row) to (N, 1). With <c>cos = x·y / max(‖x‖·‖y‖, 1e-12)</c> over the last axis, the
/// loss is <c>1 − cos</c> where label = 1 and <c>max(0, cos − margin)</c> where label = −1 (0 for
/// other labels), then weighted; shape (N, 1), not averaged (MXNet 1.x).
/// </summary>
public class CosineEmbeddingLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    /// <param name="margin">Margin subtracted from the similarity of dissimilar pairs.</param>
    public CosineEmbeddingLoss(double? weight = null, int batchAxis = 0, double margin = 0, string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params) => Margin = margin;

    /// <summary>The margin.</summary>
    public double Margin { get; }

    /// <inheritdoc/>
    protected override int MinInputs => 3;

    /// <inheritdoc/>
    protected override int MaxInputs => 4;

    /// <inheritdoc/>
    protected override string Signature => "input1, input2, label, sample_weight=None";

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var input2 = x[1]!;
        var input1 = ReshapeLike(x[0]!, input2, "input1");
        var label = Nd.Reshape(x[2]!, -1, 1);
        var cos = CosineSimilarity(input1, input2);
        var similar = (1.0 - cos) * Nd.Equal(label, 1.0);
        var dissimilar = Nd.Maximum(Nd.Equal(label, -1.0) * (cos - Margin), 0.0);
        return ApplyWeighting(similar + dissimilar, Weight, Opt(x, 3));
    }

    /// <summary><c>x·y / max(‖x‖·‖y‖, 1e-12)</c> over the last axis, shape (rows, 1).</summary>
    private static NDArray CosineSimilarity(NDArray a, NDArray b)
    {
        var aNorm = Nd.Reshape(Nd.Norm(a, axis: [-1]), -1, 1);
        var bNorm = Nd.Reshape(Nd.Norm(b, axis: [-1]), -1, 1);
        var dot = Nd.Reshape(Nd.Sum(a * b, [-1]), -1, 1);
        return dot / Nd.Maximum(aNorm * bNorm, 1e-12);
    }
}
