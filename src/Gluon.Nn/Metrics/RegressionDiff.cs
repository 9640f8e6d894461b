namespace Gluon.Metrics;

/// <summary>Shared step of MAE, MSE and RMSE.</summary>
internal static class RegressionDiff
{
    /// <summary>
    /// <c>label − pred</c> in float64 with numpy broadcasting, after MXNet's reshape of a 1-D label
    /// or prediction of length n to (n, 1).
    /// </summary>
    public static NDArray Of(NDArray label, NDArray pred, string metric)
    {
        var l = label.AsType(DType.Float64);
        var p = pred.AsType(DType.Float64);
        if (l.NDim == 1) l = l.ReshapeTo(l.Shape[0], 1);
        if (p.NDim == 1) p = p.ReshapeTo(p.Shape[0], 1);
        if (l.Context != p.Context) p = p.CopyTo(l.Context);
        try
        {
            return Nd.Subtract(l, p);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{metric}: labels of shape {label.Shape} and predictions of shape {pred.Shape} do not broadcast", e);
        }
    }

    /// <summary>Runs <paramref name="perPair"/> on every pair, then returns the values (so a bad pair changes nothing).</summary>
    public static double[] Each(IReadOnlyList<NDArray> labels, IReadOnlyList<NDArray> preds, Func<NDArray, double> perPair, string metric)
    {
        var r = new double[labels.Count];
        for (int i = 0; i < r.Length; i++) r[i] = perPair(Of(labels[i], preds[i], metric));
        return r;
    }
}
