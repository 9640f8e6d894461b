namespace Gluon.Optimizers;

/// <summary>
/// What an optimizer reads from a parameter on every update: its learning-rate and weight-decay
/// multipliers (MXNet's <c>param_dict[i].lr_mult</c> / <c>.wd_mult</c>).
/// </summary>
public interface IParamMultipliers
{
    /// <summary>Multiplier of the learning rate for this parameter.</summary>
    double LrMult { get; }
    /// <summary>Multiplier of the weight decay for this parameter.</summary>
    double WdMult { get; }
}
