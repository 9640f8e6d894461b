namespace Gluon.Metrics;

/// <summary>
/// Top-k accuracy (<c>mx.metric.TopKAccuracy</c>): a sample counts as correct when its label is
/// among the <c>min(k, classes)</c> classes with the highest scores. Predictions are
/// (batch, classes); ties rank as numpy's stable ascending argsort does (the later index ranks
/// higher). The display name gets the suffix <c>_k</c>.
/// </summary>
public sealed class TopKAccuracy : EvalMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="topK">k; must be greater than 1 (use <see cref="Accuracy"/> for k = 1).</param>
    /// <param name="name">Display name, to which <c>_k</c> is appended.</param>
    /// <param name="outputNames">Prediction names for <see cref="EvalMetric.UpdateDict"/>.</param>
    /// <param name="labelNames">Label names for <see cref="EvalMetric.UpdateDict"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="topK"/> is 1 or less.</exception>
    public TopKAccuracy(int topK = 1, string name = "top_k_accuracy", IReadOnlyList<string>? outputNames = null, IReadOnlyList<string>? labelNames = null)
        : base(name, outputNames, labelNames, hasGlobalStats: true)
    {
        if (topK <= 1)
            throw new ArgumentOutOfRangeException(nameof(topK), topK, "TopKAccuracy: Please use Accuracy if top_k is no more than 1");
        TopK = topK;
        Name += "_" + topK;
    }

    /// <summary>k.</summary>
    public int TopK { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The lists differ in length, a prediction is not 2-D, or the label count differs from the batch size.</exception>
    public override void Update(IReadOnlyList<NDArray> labels, IReadOnlyList<NDArray> preds)
    {
        CheckLists(labels, preds);
        long sum = 0, count = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            var pred = preds[i];
            if (pred.NDim > 2)
                throw new ArgumentException($"TopKAccuracy: Predictions should be no more than 2 dims, got shape {pred.Shape}");
            // MXNet argsorts along axis 1, which a 1-D prediction does not have.
            if (pred.NDim != 2)
                throw new ArgumentException($"TopKAccuracy: predictions must be (batch, classes), got shape {pred.Shape}");
            var label = labels[i];
            int n = pred.Shape[0], c = pred.Shape[1];
            CheckLabelShapes(Length(label), n);
            var l = Host(label);
            if (l.Length != n)
                throw new ArgumentException($"TopKAccuracy: labels of shape {label.Shape} do not hold one class per sample of predictions {pred.Shape}");
            var p = pred.ToArray<float>();
            int k = Math.Min(c, TopK);
            long correct = 0;
            for (int r = 0; r < n; r++)
            {
                int target = (int)l[r];
                if (target < 0 || target >= c) continue;
                float v = p[r * c + target];
                // Rank from the top in a stable ascending sort: larger values, and equal values at
                // later indices, come after the target.
                int above = 0;
                for (int j = 0; j < c; j++)
                {
                    float u = p[r * c + j];
                    if (u > v || (u == v && j > target)) above++;
                }
                if (above < k) correct++;
            }
            sum += correct;
            count += n;
        }
        Accumulate(sum, count);
    }
}
