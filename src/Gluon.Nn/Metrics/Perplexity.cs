namespace Gluon.Metrics;

/// <summary>
/// Perplexity (<c>mx.metric.Perplexity</c>): <c>exp(Σ −log max(p, 1e-10) / N)</c>, where p is the
/// predicted probability of each label (picked along <see cref="Axis"/>, clipping out-of-range
/// labels) and N counts the labels other than <see cref="IgnoreLabel"/>; ignored labels
/// contribute log 1 = 0.
/// </summary>
public sealed class Perplexity : EvalMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="ignoreLabel">Label value excluded from the count (MXNet passes -1 by convention); null counts every label.</param>
    /// <param name="axis">The class axis of the predictions.</param>
    /// <param name="name">Display name.</param>
    /// <param name="outputNames">Prediction names for <see cref="EvalMetric.UpdateDict"/>.</param>
    /// <param name="labelNames">Label names for <see cref="EvalMetric.UpdateDict"/>.</param>
    public Perplexity(int? ignoreLabel, int axis = -1, string name = "perplexity", IReadOnlyList<string>? outputNames = null, IReadOnlyList<string>? labelNames = null)
        : base(name, outputNames, labelNames, hasGlobalStats: true)
    {
        IgnoreLabel = ignoreLabel;
        Axis = axis;
    }

    /// <summary>The ignored label value, or null.</summary>
    public int? IgnoreLabel { get; }

    /// <summary>The class axis of the predictions.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The lists differ in length, or a label count is not the prediction size divided by its last dimension.</exception>
    public override void Update(IReadOnlyList<NDArray> labels, IReadOnlyList<NDArray> preds)
    {
        CheckLists(labels, preds);
        double loss = 0;
        long num = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            var pred = preds[i];
            int last = pred.NDim == 0 ? 1 : pred.Shape[-1];
            if (last == 0 || label.Size * (long)last != pred.Size)
                throw new ArgumentException($"Perplexity: shape mismatch: {label.Shape} vs. {pred.Shape}");
            var l = label.AsInContext(pred.Context).ReshapeTo(label.Size);
            var picked = Nd.Pick(pred, l.AsType(DType.Int32), Axis);
            if (IgnoreLabel is int ignoreLabel)
            {
                var ignore = Nd.Equal(l, ignoreLabel).AsType(picked.DType);
                num -= (long)Nd.Sum(ignore).AsScalar<double>();
                picked = picked * (1.0 - ignore) + ignore;
            }
            loss -= Nd.Sum(Nd.Log(Nd.Maximum(picked, 1e-10))).AsScalar<double>();
            num += picked.Size;
        }
        Accumulate(loss, num);
    }

    /// <summary>The name and <c>exp(SumMetric / NumInst)</c> (NaN before any label).</summary>
    public override (string Name, double Value) Get() =>
        (Name, NumInst == 0 ? double.NaN : Math.Exp(SumMetric / NumInst));

    /// <summary>The name and <c>exp(GlobalSumMetric / GlobalNumInst)</c> (NaN before any label).</summary>
    public override (string Name, double Value) GetGlobal() =>
        (Name, GlobalNumInst == 0 ? double.NaN : Math.Exp(GlobalSumMetric / GlobalNumInst));
}
