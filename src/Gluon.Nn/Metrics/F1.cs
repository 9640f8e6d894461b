namespace Gluon.Metrics;

/// <summary>
/// F1 score of a binary classification (<c>mx.metric.F1</c>):
/// <c>2·precision·recall / (precision + recall)</c> with precision = tp/(tp+fp), recall = tp/(tp+fn)
/// (0 when a denominator is 0). The predicted class is the argmax over axis 1 and class 1 is the
/// positive class. <c>average="macro"</c> averages the per-update F1 scores; any other value
/// (MXNet's <c>"micro"</c>) computes one F1 over every update since the last reset.
/// </summary>
public sealed class F1 : EvalMetric
{
    private readonly BinaryClassificationStats _stats = new();

    /// <summary>Creates the metric.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="outputNames">Prediction names for <see cref="EvalMetric.UpdateDict"/>.</param>
    /// <param name="labelNames">Label names for <see cref="EvalMetric.UpdateDict"/>.</param>
    /// <param name="average"><c>"macro"</c> (mean of per-update scores) or <c>"micro"</c> (one score over all updates).</param>
    public F1(string name = "f1", IReadOnlyList<string>? outputNames = null, IReadOnlyList<string>? labelNames = null, string average = "macro")
        : base(name, outputNames, labelNames, hasGlobalStats: true) => Average = average;

    /// <summary>The aggregation across updates.</summary>
    public string Average { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The lists differ in length, the batch sizes differ, or the labels hold more than two classes.</exception>
    public override void Update(IReadOnlyList<NDArray> labels, IReadOnlyList<NDArray> preds)
    {
        CheckLists(labels, preds);
        var counts = new (long, long, long, long)[labels.Count];
        for (int i = 0; i < labels.Count; i++) counts[i] = BinaryClassificationStats.Count(labels[i], preds[i], "F1");
        foreach (var c in counts) _stats.Add(c);
        if (Average == "macro")
        {
            SumMetric += _stats.FScoreLocal;
            GlobalSumMetric += _stats.FScoreGlobal;
            NumInst++;
            GlobalNumInst++;
            // MXNet clears the global counts as well here, so the global score is also the mean
            // of the per-update scores.
            _stats.Reset();
        }
        else
        {
            SumMetric = _stats.FScoreLocal * _stats.TotalExamples;
            GlobalSumMetric = _stats.FScoreGlobal * _stats.GlobalTotalExamples;
            NumInst = _stats.TotalExamples;
            GlobalNumInst = _stats.GlobalTotalExamples;
        }
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        _stats.Reset();
    }

    /// <inheritdoc/>
    public override void ResetLocal()
    {
        base.ResetLocal();
        _stats.ResetLocal();
    }
}
