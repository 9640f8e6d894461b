namespace Gluon.Nn;

/// <summary>
/// 3-D average pooling (MXNet's <c>gluon.nn.AvgPool3D</c>): the mean over each window of input
/// (batch, channels, depth, height, width) (NCDHW or NDHWC), dividing by the full window size when <c>countIncludePad</c> (padding counts
/// as zeros) or by the number of input elements in it otherwise; output size per spatial dim
/// floor((x + 2·padding − pool_size)/strides) + 1, or ceil with <c>ceilMode</c>.
/// </summary>
public class AvgPool3D : PoolingBase
{
    /// <summary>
    /// Average pooling with windows <paramref name="poolSize"/> (default 2), <paramref name="strides"/>
    /// (default: the pool size) and <paramref name="padding"/> (default 0); ints apply to every dim.
    /// </summary>
    /// <exception cref="ArgumentException">A size is out of range, a tuple has the wrong length, or the layout is not allowed.</exception>
    public AvgPool3D(IntTuple poolSize = default, IntTuple strides = default, IntTuple padding = default, bool ceilMode = false,
        string layout = "NCDHW", bool countIncludePad = true, string? prefix = null, ParameterDict? @params = null)
        : base(3, poolSize, strides, padding, ceilMode, false, "avg", layout, ["NCDHW", "NDHWC"], countIncludePad, prefix, @params)
    {
    }
}
