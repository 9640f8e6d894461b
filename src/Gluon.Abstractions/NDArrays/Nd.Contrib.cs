using Gluon.Ops;

namespace Gluon;

public static partial class Nd
{
    /// <summary>
    /// MXNet's <c>mx.nd.contrib</c>: the ops registered as <c>_contrib_X</c>, called as
    /// <c>Nd.Contrib.X</c>.
    /// </summary>
    public static class Contrib
    {
        /// <summary>
        /// Batch normalization with a fused relu (<c>nd.contrib.BatchNormWithReLU</c>, op
        /// <c>_contrib_BatchNormWithReLU</c>): <c>y = max(0, γ(x − μ)/√(σ² + eps) + β)</c> per
        /// channel (<paramref name="axis"/>), NaN giving 0. Everything else is
        /// <see cref="Nd.BatchNorm"/>'s: in training mode (<see cref="Autograd.IsTraining"/>) without
        /// <paramref name="useGlobalStats"/>, μ and σ² are the batch mean and biased variance over
        /// every other axis and the moving stats are updated in place,
        /// <c>moving = moving·momentum + batch·(1 − momentum)</c>; otherwise the moving stats are
        /// used. The gradient is BatchNorm's with the output gradient zeroed where y = 0.
        /// </summary>
        /// <param name="data">Input with the channels on <paramref name="axis"/>.</param>
        /// <param name="gamma">Scale, shape (C,); treated as 1 when <paramref name="fixGamma"/>.</param>
        /// <param name="beta">Shift, shape (C,).</param>
        /// <param name="movingMean">Running mean (C,), updated in place in training.</param>
        /// <param name="movingVar">Running variance (C,), updated in place in training.</param>
        /// <param name="eps">Added to the variance.</param>
        /// <param name="momentum">Decay of the moving averages.</param>
        /// <param name="fixGamma">Use γ = 1 (and give gamma a zero gradient).</param>
        /// <param name="useGlobalStats">Normalize with the moving stats even in training.</param>
        /// <param name="outputMeanVar">Also return the mean and variance used (3 arrays; no relu on them).</param>
        /// <param name="axis">The channel axis (negative counts from the end).</param>
        /// <returns>The output, followed by the mean and variance when <paramref name="outputMeanVar"/>.</returns>
        /// <exception cref="ArgumentException">A parameter's shape is not (C,) or the dtypes differ.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is out of range.</exception>
        public static NDArray[] BatchNormWithReLU(NDArray data, NDArray gamma, NDArray beta, NDArray movingMean, NDArray movingVar,
            double eps = 1e-3, double momentum = 0.9, bool fixGamma = true, bool useGlobalStats = false, bool outputMeanVar = false, int axis = 1) =>
            Ops("_contrib_BatchNormWithReLU", BatchNormAttrs(eps, momentum, fixGamma, useGlobalStats, outputMeanVar, axis),
                data, gamma, beta, movingMean, movingVar);
    }
}
