namespace Gluon.Nn;

/// <summary>
/// 2-D global max pooling (MXNet's <c>gluon.nn.GlobalMaxPool2D</c>): the maximum over all spatial
/// positions of input (batch, channels, height, width) (NCHW or NHWC); the output keeps the spatial dims with size 1.
/// </summary>
public class GlobalMaxPool2D : PoolingBase
{
    /// <summary>Global max pooling of data in <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">The layout is not allowed.</exception>
    public GlobalMaxPool2D(string layout = "NCHW", string? prefix = null, ParameterDict? @params = null)
        : base(2, [1, 1], default, 0, true, true, "max", layout, ["NCHW", "NHWC"], null, prefix, @params)
    {
    }
}
