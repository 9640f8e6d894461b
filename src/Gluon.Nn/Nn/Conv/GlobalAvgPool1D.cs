namespace Gluon.Nn;

/// <summary>
/// 1-D global avg pooling (MXNet's <c>gluon.nn.GlobalAvgPool1D</c>): the mean over all spatial
/// positions of input (batch, channels, width) (NCW or NWC); the output keeps the spatial dims with size 1.
/// </summary>
public class GlobalAvgPool1D : PoolingBase
{
    /// <summary>Global avg pooling of data in <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">The layout is not allowed.</exception>
    public GlobalAvgPool1D(string layout = "NCW", string? prefix = null, ParameterDict? @params = null)
        : base(1, 1, default, 0, true, true, "avg", layout, ["NCW", "NWC"], null, prefix, @params)
    {
    }
}
