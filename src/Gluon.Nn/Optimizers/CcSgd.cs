namespace Gluon.Optimizers;

/// <summary>[Deprecated in MXNet] The same as <see cref="Sgd"/>, kept for compatibility (<c>ccsgd</c>).</summary>
public sealed class CcSgd : Sgd
{
    /// <summary>Creates the optimizer; the arguments are those of <see cref="Sgd"/>.</summary>
#pragma warning disable CS1573 // parameters documented on Sgd
    public CcSgd(double momentum = 0.0, bool lazyUpdate = true, double? learningRate = null, double rescaleGrad = 1.0, double wd = 0.0, double? clipGradient = null,
        LRScheduler? lrScheduler = null, int beginNumUpdate = 0, bool multiPrecision = false, IReadOnlyDictionary<int, string>? paramIdx2Name = null)
        : base(momentum, lazyUpdate, learningRate, rescaleGrad, wd, clipGradient, lrScheduler, beginNumUpdate, multiPrecision, paramIdx2Name)
    {
    }
#pragma warning restore CS1573
}
