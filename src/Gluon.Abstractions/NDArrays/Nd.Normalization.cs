using Gluon.Ops;

namespace Gluon;

public static partial class Nd
{
    /// <summary>
    /// Batch normalization (<c>nd.BatchNorm</c>): <c>y = γ(x − μ)/√(σ² + eps) + β</c> per channel
    /// (<paramref name="axis"/>). In training mode (<see cref="Autograd.IsTraining"/>) without
    /// <paramref name="useGlobalStats"/>, μ and σ² are the batch mean and biased variance over every
    /// other axis and the moving stats are updated in place,
    /// <c>moving = moving·momentum + batch·(1 − momentum)</c>; otherwise the moving stats are used.
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
    /// <param name="outputMeanVar">Also return the mean and variance used (3 arrays).</param>
    /// <param name="axis">The channel axis (negative counts from the end).</param>
    /// <returns>The output, followed by the mean and variance when <paramref name="outputMeanVar"/>.</returns>
    /// <exception cref="ArgumentException">A parameter's shape is not (C,) or the dtypes differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is out of range.</exception>
    public static NDArray[] BatchNorm(NDArray data, NDArray gamma, NDArray beta, NDArray movingMean, NDArray movingVar,
        double eps = 1e-3, double momentum = 0.9, bool fixGamma = true, bool useGlobalStats = false, bool outputMeanVar = false, int axis = 1) =>
        Ops("BatchNorm", BatchNormAttrs(eps, momentum, fixGamma, useGlobalStats, outputMeanVar, axis), data, gamma, beta, movingMean, movingVar);

    /// <summary>The attributes of BatchNorm and <see cref="Contrib.BatchNormWithReLU"/>.</summary>
    private static OpAttrs BatchNormAttrs(double eps, double momentum, bool fixGamma, bool useGlobalStats, bool outputMeanVar, int axis) => new()
    {
        { "eps", eps }, { "momentum", momentum }, { "fix_gamma", fixGamma }, { "use_global_stats", useGlobalStats },
        { "output_mean_var", outputMeanVar }, { "axis", axis },
    };

    /// <summary>
    /// Layer normalization (<c>nd.LayerNorm</c>): <c>y = γ(x − μ)/√(var + eps) + β</c> with the mean
    /// and biased variance along <paramref name="axis"/>.
    /// </summary>
    /// <param name="data">Input.</param>
    /// <param name="gamma">Scale, shape (data.shape[axis],).</param>
    /// <param name="beta">Shift, shape (data.shape[axis],).</param>
    /// <param name="axis">The normalized axis.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="outputMeanVar">Also return the mean and std (shaped as data with the axis set to 1).</param>
    /// <returns>The output, followed by the mean and std when <paramref name="outputMeanVar"/>.</returns>
    /// <exception cref="ArgumentException">gamma or beta has the wrong shape, or the dtypes differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is out of range.</exception>
    public static NDArray[] LayerNorm(NDArray data, NDArray gamma, NDArray beta, int axis = -1, double eps = 1e-5, bool outputMeanVar = false) =>
        Ops("LayerNorm", new OpAttrs { { "axis", axis }, { "eps", eps }, { "output_mean_var", outputMeanVar } }, data, gamma, beta);

    /// <summary>
    /// Instance normalization (<c>nd.InstanceNorm</c>): for data (N, C, spatial...),
    /// <c>y = γ_c(x − μ)/√(var + eps) + β_c</c> with the statistics of each (n, c) over its spatial elements.
    /// </summary>
    /// <param name="data">Input of rank 3 or more.</param>
    /// <param name="gamma">Scale, shape (C,).</param>
    /// <param name="beta">Shift, shape (C,).</param>
    /// <param name="eps">Added to the variance.</param>
    /// <exception cref="ArgumentException">data has rank below 3, gamma or beta is not (C,), or the dtypes differ.</exception>
    public static NDArray InstanceNorm(NDArray data, NDArray gamma, NDArray beta, double eps = 1e-3) =>
        Op("InstanceNorm", new OpAttrs { { "eps", eps } }, data, gamma, beta);

    /// <summary>
    /// Group normalization (<c>nd.GroupNorm</c>): for data (N, C, spatial...), the channels are split
    /// into <paramref name="numGroups"/> groups and <c>y = γ_c(x − μ)/√(var + eps) + β_c</c> with the
    /// statistics of each (n, group).
    /// </summary>
    /// <param name="data">Input of rank 3 or more.</param>
    /// <param name="gamma">Scale, shape (C,).</param>
    /// <param name="beta">Shift, shape (C,).</param>
    /// <param name="numGroups">Number of groups; must divide C.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="outputMeanVar">Also return the mean and std, shape (N, numGroups).</param>
    /// <returns>The output, followed by the mean and std when <paramref name="outputMeanVar"/>.</returns>
    /// <exception cref="ArgumentException">Bad rank, C not divisible, gamma or beta not (C,), or mismatched dtypes.</exception>
    public static NDArray[] GroupNorm(NDArray data, NDArray gamma, NDArray beta, int numGroups = 1, double eps = 1e-5, bool outputMeanVar = false) =>
        Ops("GroupNorm", new OpAttrs { { "num_groups", numGroups }, { "eps", eps }, { "output_mean_var", outputMeanVar } }, data, gamma, beta);

    /// <summary>
    /// L2 normalization (<c>nd.L2Normalization</c>): <c>y = x/√(Σx² + eps)</c>, the sum over all
    /// axes but the first (<c>instance</c>), over axis 1 (<c>channel</c>), or over the spatial
    /// axes of each (n, c) (<c>spatial</c>).
    /// </summary>
    /// <param name="data">Input (rank 3 or more for channel and spatial).</param>
    /// <param name="eps">Added to the sum of squares.</param>
    /// <param name="mode"><c>instance</c>, <c>channel</c> or <c>spatial</c>.</param>
    /// <exception cref="ArgumentException">Unknown mode or too small a rank.</exception>
    public static NDArray L2Normalization(NDArray data, double eps = 1e-10, string mode = "instance") =>
        Op("L2Normalization", new OpAttrs { { "eps", eps }, { "mode", mode } }, data);
}
