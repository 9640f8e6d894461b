namespace Gluon.Nn;

/// <summary>
/// 2-D global avg pooling (MXNet's <c>gluon.nn.GlobalAvgPool2D</c>): the mean over all spatial
/// positions of input (batch, channels, height, width) (NCHW or NHWC); the output keeps the spatial dims with size 1.
/// </summary>
public class GlobalAvgPool2D : PoolingBase
{
    /// <summary>Global avg pooling of data in <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">The layout is not allowed.</exception>
    public GlobalAvgPool2D(string layout = "NCHW", string? prefix = null, ParameterDict? @params = null)
        : base(2, [1, 1], default, 0, true, true, "avg", layout, ["NCHW", "NHWC"], null, prefix, @params)
    {
    }
}
