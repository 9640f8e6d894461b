using Gluon.Ops;

namespace Gluon;

public static partial class Nd
{
    /// <summary>
    /// <c>nd.Convolution</c>: 1-D, 2-D or 3-D convolution (cross-correlation) of channel-first
    /// <paramref name="data"/> (N, C, x...) with <paramref name="weight"/> (F, C/g, k...) plus
    /// <paramref name="bias"/> (F). Output spatial size floor((x + 2p − d(k−1) − 1)/s) + 1.
    /// </summary>
    /// <param name="data">Input (N, C, W), (N, C, H, W) or (N, C, D, H, W).</param>
    /// <param name="weight">Filters (num_filter, C/num_group, kernel...).</param>
    /// <param name="bias">Bias (num_filter), or null for none.</param>
    /// <param name="kernel">Kernel size per spatial dim (its length sets 1-D, 2-D or 3-D).</param>
    /// <param name="numFilter">Number of output channels.</param>
    /// <param name="stride">Stride per dim (null = 1).</param>
    /// <param name="dilate">Dilation per dim (null = 1).</param>
    /// <param name="pad">Zero padding per dim on each side (null = 0).</param>
    /// <param name="numGroup">Channel groups (numGroup = C gives a depthwise convolution).</param>
    /// <param name="workspace">MXNet's workspace limit in MB (accepted, unused on CPU).</param>
    /// <param name="noBias">Whether there is no bias; null means "bias is null".</param>
    /// <param name="cudnnTune">cuDNN tuning mode (off, limited_workspace, fastest; accepted, unused).</param>
    /// <param name="cudnnOff">cuDNN switch (accepted, unused).</param>
    /// <param name="layout">NCW, NCHW or NCDHW (null = default); channel-last layouts are not supported.</param>
    /// <exception cref="ArgumentException">Bad attributes or shapes (the message names Convolution and the shapes).</exception>
    /// <exception cref="NotSupportedException">A channel-last layout.</exception>
    public static NDArray Convolution(NDArray data, NDArray weight, NDArray? bias, int[] kernel, int numFilter,
        int[]? stride = null, int[]? dilate = null, int[]? pad = null, int numGroup = 1, long workspace = 1024,
        bool? noBias = null, string? cudnnTune = null, bool cudnnOff = false, string? layout = null)
    {
        bool nb = ResolveNoBias("Convolution", bias, noBias);
        var attrs = new OpAttrs
        {
            { "kernel", kernel }, { "stride", stride }, { "dilate", dilate }, { "pad", pad }, { "num_filter", numFilter },
            { "num_group", numGroup }, { "workspace", workspace }, { "no_bias", nb }, { "cudnn_tune", cudnnTune },
            { "cudnn_off", cudnnOff }, { "layout", layout },
        };
        return nb ? Op("Convolution", attrs, data, weight) : Op("Convolution", attrs, data, weight, bias!);
    }

    /// <summary>
    /// <c>nd.Deconvolution</c> (transposed convolution, the adjoint of <see cref="Convolution"/>
    /// with the same weight): <paramref name="data"/> (N, C, x...), <paramref name="weight"/>
    /// (C, F/g, k...), output spatial size (x−1)s − 2p + d(k−1) + 1 + adj, or
    /// <paramref name="targetShape"/> (which then sets pad and adj).
    /// </summary>
    /// <param name="data">Input (N, C, spatial...).</param>
    /// <param name="weight">Filters (C, num_filter/num_group, kernel...).</param>
    /// <param name="bias">Bias (num_filter), or null for none.</param>
    /// <param name="kernel">Kernel size per spatial dim.</param>
    /// <param name="numFilter">Number of output channels.</param>
    /// <param name="stride">Stride per dim (null = 1).</param>
    /// <param name="dilate">Dilation per dim (null = 1).</param>
    /// <param name="pad">Padding per dim (null = 0).</param>
    /// <param name="adj">Extra output size per dim, smaller than the stride (null = 0).</param>
    /// <param name="targetShape">Output spatial shape; overrides pad and adj.</param>
    /// <param name="numGroup">Channel groups.</param>
    /// <param name="workspace">MXNet's workspace limit in MB (accepted, unused on CPU).</param>
    /// <param name="noBias">Whether there is no bias; null means "bias is null".</param>
    /// <param name="cudnnTune">cuDNN tuning mode (accepted, unused).</param>
    /// <param name="cudnnOff">cuDNN switch (accepted, unused).</param>
    /// <param name="layout">NCW, NCHW or NCDHW (null = default).</param>
    /// <exception cref="ArgumentException">Bad attributes or shapes (the message names Deconvolution and the shapes).</exception>
    /// <exception cref="NotSupportedException">A channel-last layout.</exception>
    public static NDArray Deconvolution(NDArray data, NDArray weight, NDArray? bias, int[] kernel, int numFilter,
        int[]? stride = null, int[]? dilate = null, int[]? pad = null, int[]? adj = null, int[]? targetShape = null,
        int numGroup = 1, long workspace = 512, bool? noBias = null, string? cudnnTune = null, bool cudnnOff = false,
        string? layout = null)
    {
        bool nb = ResolveNoBias("Deconvolution", bias, noBias);
        var attrs = new OpAttrs
        {
            { "kernel", kernel }, { "stride", stride }, { "dilate", dilate }, { "pad", pad }, { "adj", adj },
            { "target_shape", targetShape }, { "num_filter", numFilter }, { "num_group", numGroup },
            { "workspace", workspace }, { "no_bias", nb }, { "cudnn_tune", cudnnTune }, { "cudnn_off", cudnnOff },
            { "layout", layout },
        };
        return nb ? Op("Deconvolution", attrs, data, weight) : Op("Deconvolution", attrs, data, weight, bias!);
    }

    private static bool ResolveNoBias(string op, NDArray? bias, bool? noBias)
    {
        if (noBias == true && bias is not null)
            throw new ArgumentException($"{op}: a bias {bias.Shape} was passed with noBias = true");
        if (noBias == false && bias is null)
            throw new ArgumentException($"{op}: noBias = false needs a bias array");
        return bias is null;
    }

    /// <summary>
    /// <c>nd.Pooling</c>: max, avg, sum or lp pooling over 1-D, 2-D or 3-D windows of
    /// channel-first <paramref name="data"/>.
    /// </summary>
    /// <param name="data">Input (N, C, spatial...).</param>
    /// <param name="kernel">Window size per spatial dim (may be null with <paramref name="globalPool"/>).</param>
    /// <param name="poolType">max, avg, sum or lp.</param>
    /// <param name="globalPool">Pool over the whole spatial extent (output spatial size 1).</param>
    /// <param name="cudnnOff">cuDNN switch (accepted, unused).</param>
    /// <param name="poolingConvention">valid (floor), full (ceil) or same (1-D only, ceil(x/s)).</param>
    /// <param name="stride">Stride per dim (null = 1).</param>
    /// <param name="pad">Padding per dim (null = 0).</param>
    /// <param name="pValue">The p of lp pooling (1, 2 or 3).</param>
    /// <param name="countIncludePad">avg: divide by the window size including padding (MXNet default true).</param>
    /// <param name="layout">NCW, NCHW or NCDHW (null = default).</param>
    /// <exception cref="ArgumentException">Bad attributes or shapes (the message names Pooling and the shapes).</exception>
    /// <exception cref="NotSupportedException">A channel-last layout or an unsupported p_value.</exception>
    public static NDArray Pooling(NDArray data, int[]? kernel = null, string poolType = "max", bool globalPool = false,
        bool cudnnOff = false, string poolingConvention = "valid", int[]? stride = null, int[]? pad = null,
        int? pValue = null, bool? countIncludePad = null, string? layout = null) =>
        Op("Pooling", new OpAttrs
        {
            { "kernel", kernel }, { "pool_type", poolType }, { "global_pool", globalPool }, { "cudnn_off", cudnnOff },
            { "pooling_convention", poolingConvention }, { "stride", stride }, { "pad", pad }, { "p_value", pValue },
            { "count_include_pad", countIncludePad }, { "layout", layout },
        }, data);

    /// <summary>
    /// <c>nd.UpSampling</c> (nearest): repeats each pixel of (N, C, H, W) <paramref name="data"/>
    /// <paramref name="scale"/> times along height and width.
    /// </summary>
    /// <param name="data">Input (N, C, H, W).</param>
    /// <param name="scale">Upsampling factor.</param>
    /// <param name="sampleType">nearest (bilinear is not supported).</param>
    /// <param name="numFilter">MXNet's num_filter (bilinear only).</param>
    /// <param name="workspace">MXNet's workspace (unused).</param>
    /// <exception cref="ArgumentException">Bad attributes or shapes (the message names UpSampling).</exception>
    /// <exception cref="NotSupportedException"><paramref name="sampleType"/> is bilinear.</exception>
    public static NDArray UpSampling(NDArray data, int scale, string sampleType = "nearest", int numFilter = 0, long workspace = 512) =>
        UpSampling([data], scale, sampleType, numFilter, "concat", workspace);

    /// <summary>
    /// <c>nd.UpSampling</c> (nearest) of several inputs: the output is scale·(H₀, W₀), every input
    /// is repeated by the integer ratio to that size, and the results are concatenated along
    /// channels (<paramref name="multiInputMode"/> concat) or added (sum).
    /// </summary>
    /// <param name="data">Inputs (N, Cᵢ, Hᵢ, Wᵢ); Hᵢ and Wᵢ must divide the output size.</param>
    /// <param name="scale">Upsampling factor of the first input.</param>
    /// <param name="sampleType">nearest (bilinear is not supported).</param>
    /// <param name="numFilter">MXNet's num_filter (bilinear only).</param>
    /// <param name="multiInputMode">concat or sum.</param>
    /// <param name="workspace">MXNet's workspace (unused).</param>
    /// <exception cref="ArgumentException">Bad attributes or shapes (the message names UpSampling and the shapes).</exception>
    /// <exception cref="NotSupportedException"><paramref name="sampleType"/> is bilinear.</exception>
    public static NDArray UpSampling(NDArray[] data, int scale, string sampleType = "nearest", int numFilter = 0,
        string multiInputMode = "concat", long workspace = 512) =>
        Op("UpSampling", new OpAttrs
        {
            { "scale", scale }, { "sample_type", sampleType }, { "num_args", data.Length }, { "num_filter", numFilter },
            { "multi_input_mode", multiInputMode }, { "workspace", workspace },
        }, data);
}
