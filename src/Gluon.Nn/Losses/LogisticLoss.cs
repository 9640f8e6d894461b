namespace Gluon.Losses;

/// <summary>
/// Logistic loss (MXNet's <c>gluon.loss.LogisticLoss</c>): <c>log(1 + exp(−pred·label))</c> for
/// signed labels (−1/1), computed as <c>relu(p) − p·y + softrelu(−|p|)</c> with
/// <c>y = (label + 1)/2</c> ('signed') or <c>y = label</c> ('binary', 0/1); weighted and averaged
/// over every axis but the batch axis. Inputs (pred, label, sample_weight=None).
/// </summary>
public class LogisticLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    /// <param name="labelFormat"><c>"signed"</c> (labels −1/1) or <c>"binary"</c> (labels 0/1).</param>
    /// <exception cref="ArgumentException"><paramref name="labelFormat"/> is neither.</exception>
    public LogisticLoss(double? weight = null, int batchAxis = 0, string labelFormat = "signed", string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params)
    {
        if (labelFormat is not ("signed" or "binary"))
            throw new ArgumentException($"LogisticLoss: label_format can only be signed or binary, recieved {labelFormat}.", nameof(labelFormat));
        LabelFormat = labelFormat;
    }

    /// <summary>The label format.</summary>
    public string LabelFormat { get; }

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var pred = x[0]!;
        var label = ReshapeLike(x[1]!, pred, "label");
        if (LabelFormat == "signed") label = (label + 1.0) / 2.0;
        var loss = Nd.Relu(pred) - pred * label + Nd.Activation(-Nd.Abs(pred), "softrelu");
        return BatchMean(ApplyWeighting(loss, Weight, Opt(x, 2)));
    }
}
