namespace Gluon.Nn;

/// <summary>
/// What the pooling layers share (MXNet's <c>gluon.nn._Pooling</c>): <c>Pooling(x, kernel,
/// stride, pad, pool_type, global_pool, pooling_convention, count_include_pad)</c>, with
/// <c>ceil_mode</c> mapped to pooling_convention full (else valid) and strides defaulting to
/// the pool size. Channel-last data is transposed to channel-first around the op. The naming
/// hint is <c>pool</c>; the layers have no parameters.
/// </summary>
public abstract class PoolingBase : HybridBlock
{
    private readonly bool _channelLast;

    /// <summary>Checks and expands the arguments.</summary>
    /// <param name="ndim">Spatial dims (1, 2 or 3).</param>
    /// <param name="poolSize">Window size (an int is used for every dim; default 2).</param>
    /// <param name="strides">Strides (default: the pool size).</param>
    /// <param name="padding">Padding on both sides (default 0).</param>
    /// <param name="ceilMode">Round the output size up (pooling_convention full) instead of down (valid).</param>
    /// <param name="globalPool">Pool over the whole spatial extent.</param>
    /// <param name="poolType">max or avg.</param>
    /// <param name="layout">Data layout, one of <paramref name="layouts"/>.</param>
    /// <param name="layouts">The layouts MXNet accepts for this layer.</param>
    /// <param name="countIncludePad">avg only: whether padded elements count in the divisor (null: not passed to the op).</param>
    /// <param name="prefix">Name prefix (null: automatic, e.g. <c>pool0_</c>).</param>
    /// <param name="params">Parameters to share (pooling has none).</param>
    /// <exception cref="ArgumentException">A size is out of range, a tuple has the wrong length, or the layout is not allowed.</exception>
    private protected PoolingBase(int ndim, IntTuple poolSize, IntTuple strides, IntTuple padding, bool ceilMode, bool globalPool,
        string poolType, string layout, string[] layouts, bool? countIncludePad, string? prefix, ParameterDict? @params)
        : base(prefix, @params)
    {
        string layer = GetType().Name;
        _channelLast = ConvLayout.IsChannelLast(layer, layout, layouts);
        PoolSize = poolSize.Expand(ndim, 2, layer, "pool_size");
        Strides = strides.IsDefault ? (int[])PoolSize.Clone() : strides.Expand(ndim, 1, layer, "strides");
        Padding = padding.Expand(ndim, 0, layer, "padding");
        foreach (int k in PoolSize)
            if (k <= 0) throw new ArgumentException($"{layer}: pool_size {Shape.Format(PoolSize)} must be positive", nameof(poolSize));
        foreach (int s in Strides)
            if (s <= 0) throw new ArgumentException($"{layer}: strides {Shape.Format(Strides)} must be positive", nameof(strides));
        foreach (int p in Padding)
            if (p < 0) throw new ArgumentException($"{layer}: padding {Shape.Format(Padding)} must be >= 0", nameof(padding));
        CeilMode = ceilMode;
        GlobalPool = globalPool;
        PoolType = poolType;
        Layout = layout;
        CountIncludePad = countIncludePad;
    }

    /// <summary>Window size per spatial dim.</summary>
    public int[] PoolSize { get; }

    /// <summary>Stride per spatial dim.</summary>
    public int[] Strides { get; }

    /// <summary>Padding per spatial dim (both sides).</summary>
    public int[] Padding { get; }

    /// <summary>True: output size rounded up (pooling_convention full); false: down (valid).</summary>
    public bool CeilMode { get; }

    /// <summary>True for the global pooling layers.</summary>
    public bool GlobalPool { get; }

    /// <summary>max or avg.</summary>
    public string PoolType { get; }

    /// <summary>The data layout, e.g. NCHW.</summary>
    public string Layout { get; }

    /// <summary>avg pooling: whether padded elements count in the divisor; null when not passed to the op.</summary>
    public bool? CountIncludePad { get; }

    /// <inheritdoc/>
    protected override string Alias() => "pool";

    /// <summary>Runs <c>Pooling</c> on <paramref name="x"/> (transposed to channel-first and back for channel-last layouts).</summary>
    public override NDArray Forward(NDArray x)
    {
        if (!_channelLast) return Run(x, Layout);
        int rank = PoolSize.Length + 2;
        ConvLayout.CheckRank(GetType().Name, Layout, x, PoolSize.Length);
        var y = Run(Nd.Transpose(x, ConvLayout.ToChannelFirst(rank)), ConvLayout.ChannelFirst(Layout));
        return Nd.Transpose(y, ConvLayout.ToChannelLast(rank));
    }

    private NDArray Run(NDArray x, string layout) =>
        Nd.Pooling(x, PoolSize, PoolType, GlobalPool, poolingConvention: CeilMode ? "full" : "valid", stride: Strides, pad: Padding,
            countIncludePad: CountIncludePad, layout: layout);

    /// <summary>
    /// MXNet's repr, e.g. <c>MaxPool2D(size=(2, 2), stride=(2, 2), padding=(0, 0), ceil_mode=False,
    /// global_pool=False, pool_type=max, layout=NCHW)</c>.
    /// </summary>
    public override string ToString() =>
        $"{GetType().Name}(size={Shape.Format(PoolSize)}, stride={Shape.Format(Strides)}, padding={Shape.Format(Padding)}, ceil_mode={ConvLayout.Py(CeilMode)}, global_pool={ConvLayout.Py(GlobalPool)}, pool_type={PoolType}, layout={Layout})";
}
