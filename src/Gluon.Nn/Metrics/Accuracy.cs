namespace Gluon.Metrics;

/// <summary>
/// Classification accuracy (<c>mx.metric.Accuracy</c>): the fraction of predictions equal to the
/// label, <c>sum(pred == label) / n</c>. A prediction whose shape differs from its label's is
/// first reduced with <c>argmax</c> over <see cref="Axis"/>; both are then truncated to int32
/// and compared element by element (their element counts must match).
/// </summary>
public sealed class Accuracy : EvalMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="axis">The class axis of the predictions, used when they differ in shape from the labels.</param>
    /// <param name="name">Display name.</param>
    /// <param name="outputNames">Prediction names for <see cref="EvalMetric.UpdateDict"/>.</param>
    /// <param name="labelNames">Label names for <see cref="EvalMetric.UpdateDict"/>.</param>
    public Accuracy(int axis = 1, string name = "accuracy", IReadOnlyList<string>? outputNames = null, IReadOnlyList<string>? labelNames = null)
        : base(name, outputNames, labelNames, hasGlobalStats: true) => Axis = axis;

    /// <summary>The class axis of the predictions.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The list lengths differ, or a label and its (argmaxed) prediction differ in element count.</exception>
    public override void Update(IReadOnlyList<NDArray> labels, IReadOnlyList<NDArray> preds)
    {
        CheckLists(labels, preds);
        long sum = 0, count = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            var pred = preds[i];
            if (pred.Shape != label.Shape) pred = Nd.ArgMax(pred, Axis);
            var p = Host(pred);
            var l = Host(label);
            CheckLabelShapes(l.Length, p.Length);
            long correct = 0;
            for (int k = 0; k < p.Length; k++)
                if ((int)p[k] == (int)l[k]) correct++;
            sum += correct;
            count += p.Length;
        }
        Accumulate(sum, count);
    }
}
