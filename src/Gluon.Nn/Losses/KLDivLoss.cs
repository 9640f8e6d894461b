namespace Gluon.Losses;

/// <summary>
/// Kullback-Leibler divergence (MXNet's <c>gluon.loss.KLDivLoss</c>). Inputs (pred, label,
/// sample_weight=None). With <c>p = pred</c> (log-probabilities, from_logits) or
/// <c>log_softmax(pred, axis)</c>: <c>label·(log(label + 1e-12) − p)</c>, weighted, then
/// <b>summed</b> over every axis but the batch axis. MXNet 1.9 sums here (a true KL divergence
/// per sample); 1.5–1.8 took the mean, which is the sum divided by the number of classes.
/// </summary>
public class KLDivLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether pred already holds log-probabilities.</param>
    /// <param name="axis">The axis of the log_softmax applied when <paramref name="fromLogits"/> is false.</param>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public KLDivLoss(bool fromLogits = true, int axis = -1, double? weight = null, int batchAxis = 0, string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params)
    {
        FromLogits = fromLogits;
        Axis = axis;
    }

    /// <summary>Whether pred already holds log-probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>The log_softmax axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var pred = x[0]!;
        if (!FromLogits) pred = Nd.LogSoftmax(pred, Axis);
        var label = x[1]!;
        var loss = label * (Nd.Log(label + 1e-12) - pred);
        return BatchSum(ApplyWeighting(loss, Weight, Opt(x, 2)));
    }
}
