namespace Gluon.Ops.Definitions;

/// <summary>
/// The attributes shared by <c>Convolution</c> and <c>Deconvolution</c>, with MXNet's
/// defaults applied: empty <c>stride</c>/<c>dilate</c> mean 1 per spatial dim, empty
/// <c>pad</c>/<c>adj</c> mean 0. The spatial rank (1, 2 or 3) is the length of <c>kernel</c>.
/// Shape helpers compute the output and weight shapes and throw <see cref="ArgumentException"/>
/// naming the op and the shapes.
/// </summary>
public sealed class ConvolutionParam
{
    private static readonly string[] s_withBias = ["data", "weight", "bias"];
    private static readonly string[] s_noBias = ["data", "weight"];

    /// <summary>Kernel size per spatial dim.</summary>
    public required int[] Kernel { get; init; }
    /// <summary>Stride per spatial dim.</summary>
    public required int[] Stride { get; init; }
    /// <summary>Dilation per spatial dim.</summary>
    public required int[] Dilate { get; init; }
    /// <summary>Zero padding per spatial dim (each side).</summary>
    public required int[] Pad { get; init; }
    /// <summary>Deconvolution output adjustment per spatial dim (zeros for convolution).</summary>
    public required int[] Adj { get; init; }
    /// <summary>Deconvolution target output spatial shape (empty = not set).</summary>
    public required int[] TargetShape { get; init; }
    /// <summary>Number of output channels.</summary>
    public required int NumFilter { get; init; }
    /// <summary>Number of channel groups.</summary>
    public required int NumGroup { get; init; }
    /// <summary>MXNet's workspace limit in MB (accepted, not used by the CPU kernels).</summary>
    public required long Workspace { get; init; }
    /// <summary>Whether the op has no bias input.</summary>
    public required bool NoBias { get; init; }
    /// <summary>cuDNN tuning mode (accepted for compatibility).</summary>
    public string? CudnnTune { get; init; }
    /// <summary>cuDNN switch (accepted for compatibility).</summary>
    public bool CudnnOff { get; init; }
    /// <summary>The layout attribute as given (null = default channel-first layout).</summary>
    public string? Layout { get; init; }

    /// <summary>
    /// For <c>_backward_Convolution</c>/<c>_backward_Deconvolution</c> only (attribute
    /// <c>skip_data_grad</c>, not an MXNet attribute): the data gradient is not computed and
    /// data_grad holds zeros. The forward ops' gradients set it when nothing needs the data's
    /// gradient (a first layer), as MXNet's backward skips outputs whose request is null.
    /// </summary>
    public bool SkipDataGrad { get; init; }

    /// <summary>Number of spatial dims (1, 2 or 3).</summary>
    public int NDim => Kernel.Length;

    /// <summary>Kernel extent with dilation: d·(k−1)+1.</summary>
    public int DilatedKernel(int i) => Dilate[i] * (Kernel[i] - 1) + 1;

    /// <summary>Input names: data, weight and, unless <see cref="NoBias"/>, bias.</summary>
    public IReadOnlyList<string> InputNames => NoBias ? s_noBias : s_withBias;

    /// <summary>Parses and validates the attributes of <paramref name="op"/>.</summary>
    /// <exception cref="ArgumentException">A required attribute is missing or a tuple has the wrong length or value.</exception>
    /// <exception cref="NotSupportedException">A channel-last layout (NWC, NHWC, NDHWC) was requested.</exception>
    public static ConvolutionParam Parse(string op, OpAttrs a, bool deconvolution)
    {
        var kernel = a.GetTuple("kernel", null) ?? throw new ArgumentException($"{op}: required attribute 'kernel' is missing");
        int nd = kernel.Length;
        if (nd < 1 || nd > 3)
            throw new ArgumentException($"{op}: kernel {Shape.Format(kernel)} must have 1, 2 or 3 dims");
        int[] Tuple(string key, int def, int min)
        {
            var t = a.GetTuple(key, null);
            if (t is null || t.Length == 0) { var d = new int[nd]; Array.Fill(d, def); return d; }
            if (t.Length != nd)
                throw new ArgumentException($"{op}: {key} {Shape.Format(t)} must have as many dims as kernel {Shape.Format(kernel)}");
            foreach (int v in t)
                if (v < min) throw new ArgumentException($"{op}: {key} {Shape.Format(t)} must be >= {min}");
            return t;
        }
        foreach (int k in kernel)
            if (k < 1) throw new ArgumentException($"{op}: kernel {Shape.Format(kernel)} must be positive");
        var target = deconvolution ? a.GetTuple("target_shape", null) ?? [] : [];
        if (target.Length != 0 && target.Length != nd)
            throw new ArgumentException($"{op}: target_shape {Shape.Format(target)} must have as many dims as kernel {Shape.Format(kernel)}");
        int numFilter = a.GetInt(op, "num_filter");
        if (numFilter < 1) throw new ArgumentException($"{op}: num_filter must be positive, got {numFilter}");
        int numGroup = a.GetInt("num_group", 1);
        if (numGroup < 1) throw new ArgumentException($"{op}: num_group must be positive, got {numGroup}");
        string? layout = a.GetString("layout", null);
        if (layout is not null)
        {
            string expected = nd switch { 1 => "NCW", 2 => "NCHW", _ => "NCDHW" };
            if (layout is "NWC" or "NHWC" or "NDHWC")
                throw new NotSupportedException($"{op}: layout {layout} is not supported on this backend (only {expected})");
            if (layout != expected)
                throw new ArgumentException($"{op}: layout {layout} does not match a {nd}-D kernel {Shape.Format(kernel)} (expected {expected})");
        }
        string? tune = a.GetString("cudnn_tune", null);
        if (tune is not null && tune is not ("off" or "limited_workspace" or "fastest"))
            throw new ArgumentException($"{op}: cudnn_tune '{tune}' must be off, limited_workspace or fastest");
        return new ConvolutionParam
        {
            Kernel = kernel,
            Stride = Tuple("stride", 1, 1),
            Dilate = Tuple("dilate", 1, 1),
            Pad = Tuple("pad", 0, 0),
            Adj = deconvolution ? Tuple("adj", 0, 0) : new int[nd],
            TargetShape = target,
            NumFilter = numFilter,
            NumGroup = numGroup,
            Workspace = a.GetInt("workspace", deconvolution ? 512 : 1024),
            NoBias = a.GetBool("no_bias", deconvolution),
            CudnnTune = tune,
            CudnnOff = a.GetBool("cudnn_off", false),
            Layout = layout,
            SkipDataGrad = a.GetBool("skip_data_grad", false),
        };
    }

    /// <summary>Checks the data rank and channel/group divisibility shared by both ops.</summary>
    internal void CheckData(string op, Shape data, int channelsDividedByGroups)
    {
        if (data.Rank != NDim + 2)
            throw new ArgumentException($"{op}: data {data} must have {NDim + 2} dims (batch, channel and {NDim} spatial) for kernel {Shape.Format(Kernel)}");
        if (data[1] % NumGroup != 0)
            throw new ArgumentException($"{op}: data channels {data[1]} of {data} are not divisible by num_group {NumGroup}");
        if (channelsDividedByGroups % NumGroup != 0)
            throw new ArgumentException($"{op}: num_filter {NumFilter} is not divisible by num_group {NumGroup}");
    }

    /// <summary>Convolution weight shape (F, C/g, k...).</summary>
    internal Shape ConvWeightShape(Shape data) => WeightShape(NumFilter, data[1] / NumGroup);

    /// <summary>Deconvolution weight shape (C, F/g, k...).</summary>
    internal Shape DeconvWeightShape(Shape data) => WeightShape(data[1], NumFilter / NumGroup);

    private Shape WeightShape(int d0, int d1)
    {
        var w = new int[NDim + 2];
        w[0] = d0;
        w[1] = d1;
        Kernel.CopyTo(w, 2);
        return new Shape(w);
    }

    /// <summary>Convolution output shape: floor((x + 2p − d(k−1) − 1)/s) + 1 per spatial dim.</summary>
    internal Shape ConvOutputShape(string op, Shape data)
    {
        var o = new int[NDim + 2];
        o[0] = data[0];
        o[1] = NumFilter;
        for (int i = 0; i < NDim; i++)
        {
            int padded = data[i + 2] + 2 * Pad[i];
            int dk = DilatedKernel(i);
            if (dk > padded)
                throw new ArgumentException($"{op}: kernel {Shape.Format(Kernel)} (dilated size {dk} on spatial dim {i}) is larger than data {data} padded by {Shape.Format(Pad)} ({padded})");
            o[i + 2] = (padded - dk) / Stride[i] + 1;
        }
        return new Shape(o);
    }

    /// <summary>
    /// Deconvolution padding and adjustment actually used: with a non-zero <c>target_shape</c>
    /// they are derived from it as MXNet does (pad = ceil(t/2), adj = t mod 2 for the excess t),
    /// otherwise <c>pad</c> and <c>adj</c>.
    /// </summary>
    internal (int[] Pad, int[] Adj) DeconvPadAdj(string op, Shape data)
    {
        bool useTarget = TargetShape.Any(t => t != 0);
        if (!useTarget) return (Pad, Adj);
        var pad = new int[NDim];
        var adj = new int[NDim];
        for (int i = 0; i < NDim; i++)
        {
            int full = Stride[i] * (data[i + 2] - 1) + DilatedKernel(i);
            if (full < TargetShape[i])
                throw new ArgumentException($"{op}: target_shape {Shape.Format(TargetShape)} is too big for data {data} (at most {full} on spatial dim {i})");
            int t = full - TargetShape[i];
            adj[i] = t % 2;
            pad[i] = (t + 1) / 2;
        }
        return (pad, adj);
    }

    /// <summary>Deconvolution output shape: (x−1)s − 2p + d(k−1) + 1 + adj per spatial dim.</summary>
    internal Shape DeconvOutputShape(string op, Shape data)
    {
        var (pad, adj) = DeconvPadAdj(op, data);
        var o = new int[NDim + 2];
        o[0] = data[0];
        o[1] = NumFilter;
        for (int i = 0; i < NDim; i++)
        {
            if (adj[i] >= Stride[i] && TargetShape.All(t => t == 0))
                throw new ArgumentException($"{op}: adj {Shape.Format(Adj)} must be smaller than stride {Shape.Format(Stride)}");
            int v = Stride[i] * (data[i + 2] - 1) - 2 * pad[i] + DilatedKernel(i) + adj[i];
            if (v <= 0)
                throw new ArgumentException($"{op}: output size {v} on spatial dim {i} is not positive for data {data}, kernel {Shape.Format(Kernel)}, stride {Shape.Format(Stride)}, pad {Shape.Format(pad)}");
            o[i + 2] = v;
        }
        return new Shape(o);
    }

    /// <summary>Checks an input shape against the expected one.</summary>
    internal static void Expect(string op, string name, Shape actual, Shape expected, Shape data)
    {
        if (actual != expected)
            throw new ArgumentException($"{op}: {name} shape {actual} does not match {expected} expected for data {data}");
    }
}
