namespace Gluon.Losses;

/// <summary>
/// Poisson negative log-likelihood (MXNet's <c>gluon.loss.PoissonNLLLoss</c>). Inputs (pred,
/// target, sample_weight=None). From logits (log of the rate, default) <c>exp(pred) − target·pred</c>,
/// otherwise <c>pred − target·log(pred + epsilon)</c>; with compute_full the Stirling
/// approximation of <c>log(target!)</c>, <c>target·log(target) − target + 0.5·log(2π·target)</c>,
/// is added where <c>target &gt; 1</c>. Weighted, then the <b>mean over all elements</b>, shape (1,).
/// MXNet multiplies the Stirling term by the mask, which gives NaN for a target of 0; here the
/// masked positions get exactly 0.
/// </summary>
public class PoissonNLLLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="fromLogits">Whether pred is the log of the Poisson rate.</param>
    /// <param name="batchAxis">The axis that represents the mini-batch (kept for MXNet parity; the result is a scalar).</param>
    /// <param name="computeFull">Whether to add the Stirling term.</param>
    /// <param name="epsilon">Added inside the log when <paramref name="fromLogits"/> is false (MXNet's forward argument, default 1e-08).</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    public PoissonNLLLoss(double? weight = null, bool fromLogits = true, int batchAxis = 0, bool computeFull = false, double epsilon = 1e-08,
        string? prefix = null, ParameterDict? @params = null)
        : base(weight, batchAxis, prefix, @params)
    {
        FromLogits = fromLogits;
        ComputeFull = computeFull;
        Epsilon = epsilon;
    }

    /// <summary>Whether pred is the log of the rate.</summary>
    public bool FromLogits { get; }

    /// <summary>Whether the Stirling term is added.</summary>
    public bool ComputeFull { get; }

    /// <summary>The constant inside the log of the non-logit form.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override string Signature => "pred, target, sample_weight=None";

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var pred = x[0]!;
        var target = ReshapeLike(x[1]!, pred, "target");
        var loss = FromLogits ? Nd.Exp(pred) - target * pred : pred - target * Nd.Log(pred + Epsilon);
        if (ComputeFull)
        {
            var stirling = target * Nd.Log(target) - target + 0.5 * Nd.Log(2 * Math.PI * target);
            loss = loss + Nd.Where(target > 1.0, stirling, Nd.ZerosLike(target));
        }
        return Nd.Mean(ApplyWeighting(loss, Weight, Opt(x, 2)));
    }
}
