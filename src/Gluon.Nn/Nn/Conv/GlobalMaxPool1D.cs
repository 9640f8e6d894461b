namespace Gluon.Nn;

/// <summary>
/// 1-D global max pooling (MXNet's <c>gluon.nn.GlobalMaxPool1D</c>): the maximum over all spatial
/// positions of input (batch, channels, width) (NCW or NWC); the output keeps the spatial dims with size 1.
/// </summary>
public class GlobalMaxPool1D : PoolingBase
{
    /// <summary>Global max pooling of data in <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">The layout is not allowed.</exception>
    public GlobalMaxPool1D(string layout = "NCW", string? prefix = null, ParameterDict? @params = null)
        : base(1, 1, default, 0, true, true, "max", layout, ["NCW", "NWC"], null, prefix, @params)
    {
    }
}
