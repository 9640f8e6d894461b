namespace Gluon.Losses;

/// <summary>
/// Smoothed L1 loss (MXNet's <c>gluon.loss.HuberLoss</c>): with <c>d = |label − pred|</c>,
/// <c>d − rho/2</c> where <c>d &gt; rho</c>, else <c>d²/(2·rho)</c>; weighted and averaged over
/// every axis but the batch axis. Inputs (pred, label, sample_weight=None).
/// </summary>
public class HuberLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="rho">Threshold between the quadratic and the linear part.</param>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public HuberLoss(double rho = 1, double? weight = null, int batchAxis = 0, string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params) => Rho = rho;

    /// <summary>The threshold.</summary>
    public double Rho { get; }

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var pred = x[0]!;
        var label = ReshapeLike(x[1]!, pred, "label");
        var d = Nd.Abs(label - pred);
        var loss = Nd.Where(d > Rho, d - 0.5 * Rho, (0.5 / Rho) * Nd.Square(d));
        return BatchMean(ApplyWeighting(loss, Weight, Opt(x, 2)));
    }
}
