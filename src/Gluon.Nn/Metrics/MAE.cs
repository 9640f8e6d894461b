namespace Gluon.Metrics;

/// <summary>
/// Mean absolute error (<c>mx.metric.MAE</c>): per update pair, <c>mean(|label − pred|)</c> over every element
/// (a 1-D label or prediction of length n is first reshaped to (n, 1), then numpy broadcasting
/// applies). Each pair counts as one instance, as in MXNet 1.x, so <see cref="EvalMetric.Get"/>
/// is the mean of the per-pair values.
/// </summary>
public sealed class MAE : EvalMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="outputNames">Prediction names for <see cref="EvalMetric.UpdateDict"/>.</param>
    /// <param name="labelNames">Label names for <see cref="EvalMetric.UpdateDict"/>.</param>
    public MAE(string name = "mae", IReadOnlyList<string>? outputNames = null, IReadOnlyList<string>? labelNames = null)
        : base(name, outputNames, labelNames, hasGlobalStats: true)
    {
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The lists differ in length, or a label and prediction do not broadcast.</exception>
    public override void Update(IReadOnlyList<NDArray> labels, IReadOnlyList<NDArray> preds)
    {
        CheckLists(labels, preds);
        foreach (var v in RegressionDiff.Each(labels, preds, d => Nd.Mean(Nd.Abs(d)).AsScalar<double>(), "MAE")) Accumulate(v, 1);
    }
}
