namespace Gluon.Losses;

/// <summary>
/// Binary cross-entropy (MXNet's <c>gluon.loss.SigmoidBinaryCrossEntropyLoss</c>, alias
/// <see cref="SigmoidBCELoss"/>). Inputs (pred, label, sample_weight=None, pos_weight=None).
/// From logits (default), in the stable form <c>relu(p) − p·y + softrelu(−|p|)</c>; with
/// pos_weight <c>p − p·y + (1 + (pw − 1)·y)·(softrelu(−|p|) + relu(−p))</c>. From sigmoid
/// outputs, <c>−(y·log(p + 1e-12)·pw + (1 − y)·log(1 − p + 1e-12))</c> (pw = 1 when absent).
/// pos_weight broadcasts against the label (e.g. (1, classes)). Then weighted and averaged over
/// every axis but the batch axis.
/// </summary>
public class SigmoidBinaryCrossEntropyLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromSigmoid">Whether pred is already a probability (sigmoid output) rather than a logit.</param>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public SigmoidBinaryCrossEntropyLoss(bool fromSigmoid = false, double? weight = null, int batchAxis = 0, string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params) => FromSigmoid = fromSigmoid;

    /// <summary>Whether pred is a probability.</summary>
    public bool FromSigmoid { get; }

    /// <inheritdoc/>
    protected override string Alias() => "sigmoidbinarycrossentropyloss";

    /// <inheritdoc/>
    protected override string ClassName => "SigmoidBinaryCrossEntropyLoss";

    /// <inheritdoc/>
    protected override int MaxInputs => 4;

    /// <inheritdoc/>
    protected override string Signature => "pred, label, sample_weight=None, pos_weight=None";

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var pred = x[0]!;
        var label = ReshapeLike(x[1]!, pred, "label");
        var posWeight = Opt(x, 3);
        NDArray loss;
        if (!FromSigmoid)
        {
            var softplus = Nd.Activation(-Nd.Abs(pred), "softrelu");
            if (posWeight is null)
                loss = Nd.Relu(pred) - pred * label + softplus;
            else
            {
                var logWeight = 1.0 + Nd.Multiply(posWeight - 1.0, label);
                loss = pred - pred * label + logWeight * (softplus + Nd.Relu(-pred));
            }
        }
        else
        {
            const double eps = 1e-12;
            var pos = Nd.Log(pred + eps) * label;
            if (posWeight is not null) pos = Nd.Multiply(pos, posWeight);
            loss = -(pos + Nd.Log(1.0 - pred + eps) * (1.0 - label));
        }
        return BatchMean(ApplyWeighting(loss, Weight, Opt(x, 2)));
    }
}
