namespace Gluon.Nn;

/// <summary>
/// 3-D global max pooling (MXNet's <c>gluon.nn.GlobalMaxPool3D</c>): the maximum over all spatial
/// positions of input (batch, channels, depth, height, width) (NCDHW or NDHWC); the output keeps the spatial dims with size 1.
/// </summary>
public class GlobalMaxPool3D : PoolingBase
{
    /// <summary>Global max pooling of data in <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">The layout is not allowed.</exception>
    public GlobalMaxPool3D(string layout = "NCDHW", string? prefix = null, ParameterDict? @params = null)
        : base(3, [1, 1, 1], default, 0, true, true, "max", layout, ["NCDHW", "NDHWC"], null, prefix, @params)
    {
    }
}
