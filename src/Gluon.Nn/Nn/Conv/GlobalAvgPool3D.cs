namespace Gluon.Nn;

/// <summary>
/// 3-D global avg pooling (MXNet's <c>gluon.nn.GlobalAvgPool3D</c>): the mean over all spatial
/// positions of input (batch, channels, depth, height, width) (NCDHW or NDHWC); the output keeps the spatial dims with size 1.
/// </summary>
public class GlobalAvgPool3D : PoolingBase
{
    /// <summary>Global avg pooling of data in <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">The layout is not allowed.</exception>
    public GlobalAvgPool3D(string layout = "NCDHW", string? prefix = null, ParameterDict? @params = null)
        : base(3, [1, 1, 1], default, 0, true, true, "avg", layout, ["NCDHW", "NDHWC"], null, prefix, @params)
    {
    }
}
