namespace Gluon.Ops.Definitions;

/// <summary>
/// Attributes of <c>Pooling</c> with MXNet's defaults: <c>pool_type</c> max|avg|sum|lp,
/// <c>pooling_convention</c> valid|full|same, empty <c>stride</c> = 1 and <c>pad</c> = 0 per
/// spatial dim, <c>count_include_pad</c> true, <c>p_value</c> (lp: 1, 2 or 3).
/// </summary>
public sealed class PoolingParam
{
    /// <summary>Window size per spatial dim (empty with global pooling).</summary>
    public required int[] Kernel { get; init; }
    /// <summary>Stride per spatial dim.</summary>
    public required int[] Stride { get; init; }
    /// <summary>Padding per spatial dim (each side).</summary>
    public required int[] Pad { get; init; }
    /// <summary>max, avg, sum or lp.</summary>
    public required string PoolType { get; init; }
    /// <summary>valid, full or same.</summary>
    public required string Convention { get; init; }
    /// <summary>Pool over the whole spatial extent.</summary>
    public required bool GlobalPool { get; init; }
    /// <summary>Whether avg pooling divides by the window size including padding.</summary>
    public required bool CountIncludePad { get; init; }
    /// <summary>The p of lp pooling (null for other types).</summary>
    public int? PValue { get; init; }
    /// <summary>cuDNN switch (accepted for compatibility).</summary>
    public bool CudnnOff { get; init; }
    /// <summary>The layout attribute as given.</summary>
    public string? Layout { get; init; }

    /// <summary>Parses and validates the attributes.</summary>
    /// <exception cref="ArgumentException">A bad attribute (the message names <paramref name="op"/>).</exception>
    /// <exception cref="NotSupportedException">A channel-last layout or an lp p_value other than 1, 2, 3.</exception>
    public static PoolingParam Parse(string op, OpAttrs a)
    {
        var kernel = a.GetTuple("kernel", null) ?? [];
        bool global = a.GetBool("global_pool", false);
        if (!global && kernel.Length == 0)
            throw new ArgumentException($"{op}: attribute 'kernel' is required unless global_pool is set");
        if (kernel.Length > 3)
            throw new ArgumentException($"{op}: kernel {Shape.Format(kernel)} must have 1, 2 or 3 dims");
        foreach (int k in kernel)
            if (k < 1) throw new ArgumentException($"{op}: kernel {Shape.Format(kernel)} must be positive");
        int nd = kernel.Length;
        int[] Tuple(string key, int def, int min)
        {
            var t = a.GetTuple(key, null);
            if (t is null || t.Length == 0) { var d = new int[nd]; Array.Fill(d, def); return d; }
            if (nd > 0 && t.Length != nd)
                throw new ArgumentException($"{op}: {key} {Shape.Format(t)} must have as many dims as kernel {Shape.Format(kernel)}");
            foreach (int v in t)
                if (v < min) throw new ArgumentException($"{op}: {key} {Shape.Format(t)} must be >= {min}");
            return t;
        }
        string type = a.GetString("pool_type", "max")!;
        if (type is not ("max" or "avg" or "sum" or "lp"))
            throw new ArgumentException($"{op}: pool_type '{type}' must be max, avg, sum or lp");
        string conv = a.GetString("pooling_convention", "valid")!;
        if (conv is not ("valid" or "full" or "same"))
            throw new ArgumentException($"{op}: pooling_convention '{conv}' must be valid, full or same");
        int? pv = a.GetIntOrNull("p_value");
        if (type == "lp")
        {
            if (pv is null) throw new ArgumentException($"{op}: pool_type lp needs p_value");
            if (pv is not (1 or 2 or 3)) throw new NotSupportedException($"{op}: p_value {pv} is not supported (1, 2 or 3)");
        }
        string? layout = a.GetString("layout", null);
        if (layout is "NWC" or "NHWC" or "NDHWC")
            throw new NotSupportedException($"{op}: layout {layout} is not supported on this backend (only NCW, NCHW, NCDHW)");
        if (layout is not (null or "NCW" or "NCHW" or "NCDHW"))
            throw new ArgumentException($"{op}: unknown layout {layout}");
        return new PoolingParam
        {
            Kernel = kernel,
            Stride = Tuple("stride", 1, 1),
            Pad = Tuple("pad", 0, 0),
            PoolType = type,
            Convention = conv,
            GlobalPool = global,
            CountIncludePad = a.GetBool("count_include_pad", true),
            PValue = pv,
            CudnnOff = a.GetBool("cudnn_off", false),
            Layout = layout,
        };
    }

    /// <summary>
    /// The window actually used for <paramref name="data"/>: (kernel, stride, pad); global pooling
    /// takes the whole spatial extent with stride 1 and no padding.
    /// </summary>
    public (int[] Kernel, int[] Stride, int[] Pad) Window(Shape data)
    {
        if (!GlobalPool) return (Kernel, Stride, Pad);
        int nd = data.Rank - 2;
        var k = new int[nd];
        var s = new int[nd];
        for (int i = 0; i < nd; i++) { k[i] = data[i + 2]; s[i] = 1; }
        return (k, s, new int[nd]);
    }

    /// <summary>Output shape; throws naming <paramref name="op"/> and the shapes when the input does not fit.</summary>
    public Shape OutputShape(string op, Shape data)
    {
        if (data.Rank < 3 || data.Rank > 5)
            throw new ArgumentException($"{op}: data {data} must have 3, 4 or 5 dims (batch, channel, 1-3 spatial)");
        if (Layout is not null && Layout.Length != data.Rank)
            throw new ArgumentException($"{op}: layout {Layout} does not match data {data}");
        var o = data.ToArray();
        if (GlobalPool)
        {
            for (int i = 2; i < o.Length; i++) o[i] = 1;
            return new Shape(o);
        }
        int nd = Kernel.Length;
        if (data.Rank != nd + 2)
            throw new ArgumentException($"{op}: data {data} must have {nd + 2} dims for kernel {Shape.Format(Kernel)}");
        if (Convention == "same")
        {
            if (nd != 1)
                throw new ArgumentException($"{op}: pooling_convention same supports 1-D pooling only, got data {data}");
            if (Pad[0] != 0)
                throw new ArgumentException($"{op}: pooling_convention same does not allow pad {Shape.Format(Pad)}");
        }
        for (int i = 0; i < nd; i++)
        {
            int padded = data[i + 2] + 2 * Pad[i];
            if (Kernel[i] > padded)
                throw new ArgumentException($"{op}: kernel {Shape.Format(Kernel)} exceeds data {data} padded by {Shape.Format(Pad)} ({padded} on spatial dim {i})");
            int span = padded - Kernel[i];
            o[i + 2] = Convention switch
            {
                "valid" => span / Stride[i] + 1,
                "full" => (span + Stride[i] - 1) / Stride[i] + 1,
                _ => (padded + Stride[i] - 1) / Stride[i],
            };
        }
        return new Shape(o);
    }

    /// <summary>Attributes that reproduce this parameter set.</summary>
    internal OpAttrs ToAttrs() => new()
    {
        { "kernel", Kernel }, { "stride", Stride }, { "pad", Pad }, { "pool_type", PoolType },
        { "pooling_convention", Convention }, { "global_pool", GlobalPool }, { "count_include_pad", CountIncludePad },
        { "p_value", PValue }, { "cudnn_off", CudnnOff }, { "layout", Layout },
    };
}
