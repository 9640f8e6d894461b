namespace Gluon.Metrics;

/// <summary>
/// Cross-entropy of predicted class probabilities (<c>mx.metric.CrossEntropy</c>):
/// <c>Σ −log(pred[i, label[i]] + eps) / n</c> over samples. The labels are flattened to one class
/// index per row of the (batch, classes) predictions; a negative index counts from the end, as
/// numpy indexing does.
/// </summary>
public sealed class CrossEntropy : EvalMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="eps">Added to the probability before the log (log is undefined at 0).</param>
    /// <param name="name">Display name.</param>
    /// <param name="outputNames">Prediction names for <see cref="EvalMetric.UpdateDict"/>.</param>
    /// <param name="labelNames">Label names for <see cref="EvalMetric.UpdateDict"/>.</param>
    public CrossEntropy(double eps = 1e-12, string name = "cross-entropy", IReadOnlyList<string>? outputNames = null, IReadOnlyList<string>? labelNames = null)
        : base(name, outputNames, labelNames, hasGlobalStats: true) => Eps = eps;

    /// <summary>The constant added to the probability.</summary>
    public double Eps { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The lists differ in length, a prediction is not 2-D, or the label count differs from the batch size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is not a valid class index.</exception>
    public override void Update(IReadOnlyList<NDArray> labels, IReadOnlyList<NDArray> preds)
    {
        CheckLists(labels, preds);
        double sum = 0;
        long count = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            var pred = preds[i];
            var l = Host(labels[i]);
            if (pred.NDim != 2)
                throw new ArgumentException($"CrossEntropy: predictions must be (batch, classes), got shape {pred.Shape}");
            int n = pred.Shape[0], c = pred.Shape[1];
            if (l.Length != n)
                throw new ArgumentException($"CrossEntropy: {l.Length} labels (shape {labels[i].Shape}) for {n} predictions (shape {pred.Shape})");
            var p = Host(pred);
            for (int r = 0; r < n; r++)
            {
                long k = (long)l[r];
                long j = k < 0 ? k + c : k;
                if (j < 0 || j >= c)
                    throw new ArgumentOutOfRangeException(nameof(labels), l[r], $"CrossEntropy: label {l[r]} of sample {r} is out of bounds for {c} classes");
                sum += -Math.Log(p[r * c + j] + Eps);
            }
            count += n;
        }
        Accumulate(sum, count);
    }
}
