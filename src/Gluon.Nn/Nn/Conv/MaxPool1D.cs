namespace Gluon.Nn;

/// <summary>
/// 1-D max pooling (MXNet's <c>gluon.nn.MaxPool1D</c>): the maximum over each window of input
/// (batch, channels, width) (NCW or NWC); output size per spatial dim floor((x + 2·padding − pool_size)/strides) + 1,
/// or ceil with <c>ceilMode</c>.
/// </summary>
public class MaxPool1D : PoolingBase
{
    /// <summary>
    /// Max pooling with windows <paramref name="poolSize"/> (default 2), <paramref name="strides"/>
    /// (default: the pool size) and <paramref name="padding"/> (default 0); ints apply to every dim.
    /// </summary>
    /// <exception cref="ArgumentException">A size is out of range, a tuple has the wrong length, or the layout is not allowed.</exception>
    public MaxPool1D(IntTuple poolSize = default, IntTuple strides = default, IntTuple padding = default, string layout = "NCW",
        bool ceilMode = false, string? prefix = null, ParameterDict? @params = null)
        : base(1, poolSize, strides, padding, ceilMode, false, "max", layout, ["NCW", "NWC"], null, prefix, @params)
    {
    }
}
