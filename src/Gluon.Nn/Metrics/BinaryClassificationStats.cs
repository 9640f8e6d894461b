namespace Gluon.Metrics;

/// <summary>
/// True/false positive/negative counts, local and global, for binary classification metrics
/// (MXNet's private <c>_BinaryClassificationMetrics</c>).
/// </summary>
internal sealed class BinaryClassificationStats
{
    public long TruePositives, FalsePositives, FalseNegatives, TrueNegatives;
    public long GlobalTruePositives, GlobalFalsePositives, GlobalFalseNegatives, GlobalTrueNegatives;

    /// <summary>
    /// Counts one (label, prediction) pair: the predicted class is the argmax over axis 1; class 1
    /// is positive, anything else negative. More than two distinct label values is an error.
    /// </summary>
    public static (long Tp, long Fp, long Fn, long Tn) Count(NDArray label, NDArray pred, string metric)
    {
        if (pred.NDim < 2)
            throw new ArgumentException($"{metric}: predictions must have a class axis 1, got shape {pred.Shape}");
        if (EvalMetric.Length(label) != pred.Shape[0])
            throw new ArgumentException($"{metric}: Shape of labels {EvalMetric.Length(label)} does not match shape of predictions {pred.Shape[0]}");
        var p = Nd.ArgMax(pred, 1).ToArray<double>();
        var l = label.ToArray<double>();
        if (l.Length != p.Length)
            throw new ArgumentException($"{metric}: labels of shape {label.Shape} do not match the predicted classes of shape {Nd.ArgMax(pred, 1).Shape}");
        var distinct = new HashSet<int>();
        foreach (var v in l) distinct.Add((int)v);
        if (distinct.Count > 2)
            throw new ArgumentException($"{metric} currently only supports binary classification.");
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < p.Length; i++)
        {
            bool predTrue = (int)p[i] == 1, labelTrue = (int)l[i] == 1;
            if (predTrue && labelTrue) tp++;
            else if (predTrue) fp++;
            else if (labelTrue) fn++;
            else tn++;
        }
        return (tp, fp, fn, tn);
    }

    /// <summary>Adds counts from <see cref="Count"/> to the local and global totals.</summary>
    public void Add((long Tp, long Fp, long Fn, long Tn) c)
    {
        var (tp, fp, fn, tn) = c;
        TruePositives += tp; GlobalTruePositives += tp;
        FalsePositives += fp; GlobalFalsePositives += fp;
        FalseNegatives += fn; GlobalFalseNegatives += fn;
        TrueNegatives += tn; GlobalTrueNegatives += tn;
    }

    private static double Ratio(long a, long b) => b > 0 ? (double)a / b : 0.0;

    private static double FScore(long tp, long fp, long fn)
    {
        double precision = Ratio(tp, tp + fp), recall = Ratio(tp, tp + fn);
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    }

    public double FScoreLocal => FScore(TruePositives, FalsePositives, FalseNegatives);

    public double FScoreGlobal => FScore(GlobalTruePositives, GlobalFalsePositives, GlobalFalseNegatives);

    public long TotalExamples => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    public long GlobalTotalExamples => GlobalTruePositives + GlobalFalsePositives + GlobalFalseNegatives + GlobalTrueNegatives;

    public void ResetLocal() => TruePositives = FalsePositives = FalseNegatives = TrueNegatives = 0;

    public void Reset()
    {
        ResetLocal();
        GlobalTruePositives = GlobalFalsePositives = GlobalFalseNegatives = GlobalTrueNegatives = 0;
    }
}
