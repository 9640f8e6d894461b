using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// 3-D convolution layer (spatial or spatio-temporal; MXNet's <c>gluon.nn.Conv3D</c>):
/// <c>y = act(Convolution(x, weight) + bias)</c> on input (batch, in_channels, depth, height, width) in layout NCDHW; output size per
/// spatial dim floor((x + 2·padding − dilation·(kernel − 1) − 1)/stride) + 1. Weight
/// (channels, in_channels/groups, kernel...), bias (channels,).
/// </summary>
public class Conv3D : ConvBase
{
    /// <summary>
    /// A convolution with <paramref name="channels"/> output channels. Ints given for
    /// <paramref name="kernelSize"/>, <paramref name="strides"/> (default 1), <paramref name="padding"/>
    /// (default 0) and <paramref name="dilation"/> (default 1) apply to every spatial dim.
    /// Accepted layouts: NCDHW, NDHWC. <paramref name="inChannels"/> 0 infers the input channels
    /// on the first forward pass; <paramref name="activation"/> adds an <see cref="Activation"/> child.
    /// </summary>
    /// <exception cref="ArgumentException">A size is out of range, a tuple has the wrong length, or the layout is not allowed.</exception>
    public Conv3D(int channels, IntTuple kernelSize, IntTuple strides = default, IntTuple padding = default, IntTuple dilation = default,
        int groups = 1, string layout = "NCDHW", string? activation = null, bool useBias = true, Initializer? weightInitializer = null,
        Initializer? biasInitializer = null, int inChannels = 0, string? prefix = null, ParameterDict? @params = null)
        : base(3, false, channels, kernelSize, strides, padding, default, dilation, groups, layout, ["NCDHW", "NDHWC"], activation, useBias,
            weightInitializer, biasInitializer, inChannels, prefix, @params)
    {
    }
}
