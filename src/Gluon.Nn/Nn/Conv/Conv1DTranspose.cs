using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// 1-D transposed convolution layer (MXNet's <c>gluon.nn.Conv1DTranspose</c>), the adjoint of
/// <see cref="Conv1D"/>: <c>y = act(Deconvolution(x, weight, adj=output_padding) + bias)</c> on input
/// (batch, in_channels, width) in layout NCW; output size per spatial dim
/// (x − 1)·stride − 2·padding + dilation·(kernel − 1) + 1 + output_padding. Weight
/// (in_channels, channels/groups, kernel...), bias (channels,).
/// </summary>
public class Conv1DTranspose : ConvBase
{
    /// <summary>
    /// A transposed convolution with <paramref name="channels"/> output channels. Ints given for
    /// <paramref name="kernelSize"/>, <paramref name="strides"/> (default 1), <paramref name="padding"/>
    /// (default 0), <paramref name="outputPadding"/> (default 0) and <paramref name="dilation"/>
    /// (default 1) apply to every spatial dim. Accepted layouts: NCW.
    /// <paramref name="inChannels"/> 0 infers the input channels on the first forward pass.
    /// </summary>
    /// <exception cref="ArgumentException">A size is out of range, a tuple has the wrong length, or the layout is not allowed.</exception>
    public Conv1DTranspose(int channels, IntTuple kernelSize, IntTuple strides = default, IntTuple padding = default,
        IntTuple outputPadding = default, IntTuple dilation = default, int groups = 1, string layout = "NCW", string? activation = null,
        bool useBias = true, Initializer? weightInitializer = null, Initializer? biasInitializer = null, int inChannels = 0,
        string? prefix = null, ParameterDict? @params = null)
        : base(1, true, channels, kernelSize, strides, padding, outputPadding, dilation, groups, layout, ["NCW"], activation, useBias,
            weightInitializer, biasInitializer, inChannels, prefix, @params)
    {
    }
}
