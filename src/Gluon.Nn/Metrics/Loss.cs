namespace Gluon.Metrics;

/// <summary>
/// Passes loss values through as a metric (<c>mx.metric.Loss</c>): the mean of every element
/// of the "predictions" (the loss arrays), <c>Σ sum(pred) / Σ size(pred)</c>. Labels are ignored.
/// </summary>
public sealed class Loss : EvalMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="outputNames">Prediction names for <see cref="EvalMetric.UpdateDict"/>.</param>
    /// <param name="labelNames">Label names for <see cref="EvalMetric.UpdateDict"/>.</param>
    public Loss(string name = "loss", IReadOnlyList<string>? outputNames = null, IReadOnlyList<string>? labelNames = null)
        : base(name, outputNames, labelNames, hasGlobalStats: true)
    {
    }

    /// <summary>Adds the sum and the element count of every array in <paramref name="preds"/>; <paramref name="labels"/> is ignored and may be null.</summary>
    public override void Update(IReadOnlyList<NDArray>? labels, IReadOnlyList<NDArray> preds)
    {
        ArgumentNullException.ThrowIfNull(preds);
        double sum = 0;
        long count = 0;
        foreach (var p in preds)
        {
            sum += Nd.Sum(p).AsScalar<double>();
            count += p.Size;
        }
        Accumulate(sum, count);
    }

    /// <summary>Adds the sum and element count of one loss array; <paramref name="label"/> is ignored and may be null.</summary>
    public override void Update(NDArray? label, NDArray pred)
    {
        ArgumentNullException.ThrowIfNull(pred);
        Update(null, [pred]);
    }
}
