using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// Batch normalization followed by ReLU (MXNet's <c>gluon.nn.BatchNormReLU</c>):
/// <c>y = max(0, BatchNorm(x))</c>, with the parameters, defaults and running-statistics
/// behaviour of <see cref="BatchNorm"/>. It runs the fused <c>_contrib_BatchNormWithReLU</c> op, as
/// MXNet does: the relu is applied as the normalized values are written, and its gradient mask
/// (output &gt; 0) as BatchNorm's gradient reads the output gradient.
/// </summary>
public class BatchNormReLU : BatchNorm
{
    /// <summary>As <see cref="BatchNorm"/>; see its constructor for the arguments.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inChannels"/> or <paramref name="epsilon"/> is negative.</exception>
    public BatchNormReLU(int axis = 1, double momentum = 0.9, double epsilon = 1e-5, bool center = true, bool scale = true,
        bool useGlobalStats = false, Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
        Initializer? runningMeanInitializer = null, Initializer? runningVarianceInitializer = null, int inChannels = 0,
        string? prefix = null, ParameterDict? @params = null)
        : base(axis, momentum, epsilon, center, scale, useGlobalStats, betaInitializer, gammaInitializer,
            runningMeanInitializer, runningVarianceInitializer, inChannels, prefix, @params)
    {
    }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) =>
        Nd.Contrib.BatchNormWithReLU(x, Gamma.Data(), Beta.Data(), RunningMean.Data(), RunningVar.Data(),
            eps: Epsilon, momentum: Momentum, fixGamma: FixGamma, useGlobalStats: UseGlobalStats, axis: Axis)[0];
}
