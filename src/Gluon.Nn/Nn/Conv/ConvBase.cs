using System.Text;
using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// What the convolution layers share (MXNet's <c>gluon.nn._Conv</c>):
/// <c>y = act(conv(x, weight) + bias)</c> with <c>Convolution</c>, or with <c>Deconvolution</c>
/// for the transposed layers. The weight is (channels, in_channels/groups, k...) for a
/// convolution and (in_channels, channels/groups, k...) for a transposed one; for channel-last
/// layouts it follows the data layout, (channels, k..., in_channels/groups). The bias is
/// (channels,). With in_channels 0 the input channels are inferred on the first forward pass.
/// The naming hint is <c>conv</c>.
/// </summary>
public abstract class ConvBase : HybridBlock
{
    private readonly bool _channelLast;

    /// <summary>Checks and expands the arguments, then creates weight, bias and the optional activation child.</summary>
    /// <param name="ndim">Spatial dims (1, 2 or 3).</param>
    /// <param name="transposed">True for the transposed (Deconvolution) layers.</param>
    /// <param name="channels">Output channels.</param>
    /// <param name="kernelSize">Kernel size (an int is used for every dim).</param>
    /// <param name="strides">Strides (default 1).</param>
    /// <param name="padding">Zero padding on both sides (default 0).</param>
    /// <param name="outputPadding">Extra output size of a transposed convolution, MXNet's <c>adj</c> (default 0).</param>
    /// <param name="dilation">Dilation (default 1).</param>
    /// <param name="groups">Channel groups.</param>
    /// <param name="layout">Data layout, one of <paramref name="layouts"/>.</param>
    /// <param name="layouts">The layouts MXNet accepts for this layer.</param>
    /// <param name="activation">Activation applied to the output (a child named <c>{activation}_</c>), or null.</param>
    /// <param name="useBias">Whether the layer has a bias.</param>
    /// <param name="weightInitializer">Weight initializer (null: the one given to Initialize).</param>
    /// <param name="biasInitializer">Bias initializer (null: zeros).</param>
    /// <param name="inChannels">Input channels, 0 to infer them from the first input.</param>
    /// <param name="prefix">Name prefix (null: automatic, e.g. <c>conv0_</c>).</param>
    /// <param name="params">Parameters to share.</param>
    /// <exception cref="ArgumentException">A size is out of range, a tuple has the wrong length, or the layout is not allowed.</exception>
    private protected ConvBase(int ndim, bool transposed, int channels, IntTuple kernelSize, IntTuple strides, IntTuple padding,
        IntTuple outputPadding, IntTuple dilation, int groups, string layout, string[] layouts, string? activation, bool useBias,
        Initializer? weightInitializer, Initializer? biasInitializer, int inChannels, string? prefix, ParameterDict? @params)
        : base(prefix, @params)
    {
        string layer = GetType().Name;
        _channelLast = ConvLayout.IsChannelLast(layer, layout, layouts);
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, $"{layer}: channels must be positive");
        if (groups <= 0) throw new ArgumentOutOfRangeException(nameof(groups), groups, $"{layer}: groups must be positive");
        if (inChannels < 0) throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, $"{layer}: in_channels must be >= 0 (0 = infer)");
        if (channels % groups != 0) throw new ArgumentException($"{layer}: channels {channels} are not divisible by groups {groups}", nameof(groups));
        if (inChannels % groups != 0) throw new ArgumentException($"{layer}: in_channels {inChannels} are not divisible by groups {groups}", nameof(groups));
        if (kernelSize.IsDefault) throw new ArgumentException($"{layer}: kernel_size is required", nameof(kernelSize));
        Kernel = Positive(layer, "kernel_size", kernelSize.Expand(ndim, 1, layer, "kernel_size"));
        Strides = Positive(layer, "strides", strides.Expand(ndim, 1, layer, "strides"));
        Padding = NonNegative(layer, "padding", padding.Expand(ndim, 0, layer, "padding"));
        Dilation = Positive(layer, "dilation", dilation.Expand(ndim, 1, layer, "dilation"));
        OutputPadding = transposed ? NonNegative(layer, "output_padding", outputPadding.Expand(ndim, 0, layer, "output_padding")) : null;
        Channels = channels;
        Groups = groups;
        Layout = layout;
        Transposed = transposed;

        // Weight dims in layout order: the "N" slot holds output channels for a convolution and
        // input channels for a transposed one (MXNet infers it the same way from a dummy input).
        int d0 = transposed ? inChannels : channels, d1 = transposed ? channels / groups : inChannels / groups;
        var w = new int[ndim + 2];
        w[0] = d0;
        if (_channelLast) { Kernel.CopyTo(w, 1); w[ndim + 1] = d1; }
        else { w[1] = d1; Kernel.CopyTo(w, 2); }
        using (NameScope())
        {
            Weight = GetParameter("weight", shape: new Shape(w), init: weightInitializer, allowDeferredInit: true);
            if (useBias)
                Bias = GetParameter("bias", shape: new Shape(channels), init: biasInitializer ?? new Zero(), allowDeferredInit: true);
            if (activation is not null)
                Act = RegisterChild(new Activation(activation, prefix: activation + "_"), "act");
        }
    }

    /// <summary>Output channels (MXNet's <c>num_filter</c>).</summary>
    public int Channels { get; }

    /// <summary>Kernel size per spatial dim.</summary>
    public int[] Kernel { get; }

    /// <summary>Stride per spatial dim.</summary>
    public int[] Strides { get; }

    /// <summary>Zero padding per spatial dim (both sides).</summary>
    public int[] Padding { get; }

    /// <summary>Dilation per spatial dim.</summary>
    public int[] Dilation { get; }

    /// <summary>Output padding (MXNet's <c>adj</c>) of a transposed convolution; null for a convolution.</summary>
    public int[]? OutputPadding { get; }

    /// <summary>Channel groups (MXNet's <c>num_group</c>).</summary>
    public int Groups { get; }

    /// <summary>The data layout, e.g. NCHW.</summary>
    public string Layout { get; }

    /// <summary>True for the transposed layers (Deconvolution).</summary>
    public bool Transposed { get; }

    /// <summary>The weight (see the class summary for its shape).</summary>
    public Parameter Weight { get; }

    /// <summary>The bias, (channels,), or null without bias.</summary>
    public Parameter? Bias { get; }

    /// <summary>The activation child, or null.</summary>
    public Activation? Act { get; }

    /// <inheritdoc/>
    protected override string Alias() => "conv";

    /// <summary>
    /// <c>act(Convolution(x, weight, bias))</c> or <c>act(Deconvolution(x, weight, bias, adj))</c>;
    /// channel-last data and weight are transposed to channel-first around the op.
    /// </summary>
    public override NDArray Forward(NDArray x)
    {
        int ndim = Kernel.Length;
        if (!_channelLast) return Activate(Run(x, Weight.Data(), Bias?.Data(), Layout));
        ConvLayout.CheckRank(GetType().Name, Layout, x, ndim);
        if (Weight.IsDeferred)
        {
            // The weight reaches the op through a transpose, which cannot infer its shape, so
            // the input channels are filled in here from the channel-last input.
            var s = Weight.Shape!.ToArray();
            int c = x.Shape[ndim + 1];
            if (c % Groups != 0) throw new ArgumentException($"{GetType().Name} '{Name}': input channels {c} of {x.Shape} are not divisible by groups {Groups}", nameof(x));
            if (Transposed) s[0] = c; else s[ndim + 1] = c / Groups;
            Weight.Shape = new Shape(s);
            Weight.FinishDeferredInit();
        }
        int rank = ndim + 2;
        var y = Run(Nd.Transpose(x, ConvLayout.ToChannelFirst(rank)), Nd.Transpose(Weight.Data(), ConvLayout.ToChannelFirst(rank)),
            Bias?.Data(), ConvLayout.ChannelFirst(Layout));
        return Activate(Nd.Transpose(y, ConvLayout.ToChannelLast(rank)));
    }

    private NDArray Run(NDArray x, NDArray w, NDArray? b, string layout) => Transposed
        ? Nd.Deconvolution(x, w, b, Kernel, Channels, Strides, Dilation, Padding, adj: OutputPadding, numGroup: Groups, layout: layout)
        : Nd.Convolution(x, w, b, Kernel, Channels, Strides, Dilation, Padding, Groups, layout: layout);

    private NDArray Activate(NDArray y) => Act is null ? y : Act.Call(y);

    /// <summary>
    /// MXNet's repr, e.g. <c>Conv2D(3 -> 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))</c>:
    /// weight dim 1 (None when unknown) -> weight dim 0, then padding, dilation, groups, bias
    /// and activation where they differ from the defaults.
    /// </summary>
    public override string ToString()
    {
        var s = Weight.Shape!;
        var sb = new StringBuilder(GetType().Name).Append('(')
            .Append(s[1] == 0 ? "None" : s[1].ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" -> ").Append(s[0])
            .Append(", kernel_size=").Append(Shape.Format(Kernel)).Append(", stride=").Append(Shape.Format(Strides));
        if (Padding.Any(p => p != 0)) sb.Append(", padding=").Append(Shape.Format(Padding));
        if (Dilation.Any(d => d != 1)) sb.Append(", dilation=").Append(Shape.Format(Dilation));
        // MXNet 1.x tests hasattr(self, 'out_pad') while storing self.outpad, so output_padding
        // never appears in its repr; this repr matches it.
        if (Groups != 1) sb.Append(", groups=").Append(Groups);
        if (Bias is null) sb.Append(", bias=False");
        if (Act is not null) sb.Append(", ").Append(Act);
        return sb.Append(')').ToString();
    }

    private static int[] Positive(string layer, string name, int[] v)
    {
        foreach (int x in v)
            if (x <= 0) throw new ArgumentException($"{layer}: {name} {Shape.Format(v)} must be positive", name);
        return v;
    }

    private static int[] NonNegative(string layer, string name, int[] v)
    {
        foreach (int x in v)
            if (x < 0) throw new ArgumentException($"{layer}: {name} {Shape.Format(v)} must be >= 0", name);
        return v;
    }
}
