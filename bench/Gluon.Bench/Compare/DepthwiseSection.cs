using Gluon.Bench.Models;
using Gluon.Cpu.Kernels;
using System.Runtime.Intrinsics;
using Gluon.Ops;
using Gluon.Ops.Definitions;

namespace Gluon.Bench.Compare;

/// <summary>
/// MobileNet v1's depthwise 3×3 layers at batch 1 and 16: the float 3×3 path
/// (<see cref="DepthwiseConv3x3"/>) against the generic depthwise kernels it replaced, alternating
/// in one process (<see cref="DepthwiseConv3x3.Enabled"/>): the forward, and the backward op
/// (data and weight gradients; GLUON_COMPARE_LAYERS filters the rows as in the zoo section); on
/// small planes also the forward of <see cref="DepthwiseCompact"/> against the padded planes.
/// </summary>
internal static class DepthwiseSection
{
    public static void Run(ResultTable t, SideBySide sb)
    {
        t.Section("MobileNet depthwise 3x3: float 3x3 path (ours) against the generic depthwise kernels, forward and backward op", "generic", flops: true);
        string? filter = Environment.GetEnvironmentVariable("GLUON_COMPARE_LAYERS");
        foreach (int n in new[] { 1, 16 })
            foreach (var (name, (layer, h)) in ConvCatalog.ZooLayers)
            {
                if (layer.Groups == 1 || (!string.IsNullOrEmpty(filter) && !name.Contains(filter, StringComparison.Ordinal))) continue;
                int c = layer.InC, s = layer.Stride;
                var x = Nd.Random.Uniform(-1, 1, new Shape(n, c, h, h));
                var w = layer.WNd;
                NDArray Fwd() => Nd.Convolution(x, w, null, [3, 3], c, stride: [s, s], pad: [1, 1], numGroup: c, noBias: true);
                var dy = Fwd();
                var attrs = new OpAttrs
                {
                    { "kernel", new[] { 3, 3 } }, { "stride", new[] { s, s } }, { "pad", new[] { 1, 1 } },
                    { "num_filter", c }, { "num_group", c }, { "no_bias", true },
                };
                var op = OpRegistry.Get("_backward_Convolution");
                NDArray[] ins = [dy, x, w];
                double flop = layer.Flop(n, h);
                DepthwiseConv3x3.Enabled = true;
                var a = Fwd().ToArray<float>();
                DepthwiseConv3x3.Enabled = false;
                var r = Fwd().ToArray<float>();
                double diff = 0, scale = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    diff = Math.Max(diff, Math.Abs(a[i] - r[i]));
                    scale = Math.Max(scale, Math.Abs(r[i]));
                }
                var ms = sb.Measure(() => { DepthwiseConv3x3.Enabled = true; Fwd().Dispose(); }, () => { DepthwiseConv3x3.Enabled = false; Fwd().Dispose(); });
                t.Row($"{c}ch s{s} {h}×{h} batch {n}, forward", ms[0], ms[1], flop, $"max abs diff {diff:G2} (max abs y {scale:G2})");
                if (DepthwiseCompact.Applies(Geometry(n, c, h, s), Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4))
                {
                    // Small planes: the compact layout against the padded planes it replaced ("generic" column).
                    DepthwiseConv3x3.Enabled = true;
                    ms = sb.Measure(() => Fwd().Dispose(), () => { DepthwiseCompact.Enabled = false; Fwd().Dispose(); DepthwiseCompact.Enabled = true; });
                    t.Row($"{c}ch s{s} {h}×{h} batch {n}, forward, compact vs padded planes", ms[0], ms[1], flop);
                }
                ms = sb.Measure(() => { DepthwiseConv3x3.Enabled = true; Dispose(Imperative.Invoke(op, attrs, ins)); },
                    () => { DepthwiseConv3x3.Enabled = false; Dispose(Imperative.Invoke(op, attrs, ins)); });
                t.Row($"{c}ch s{s} {h}×{h} batch {n}, backward op (dx, dw)", ms[0], ms[1], 2 * flop);
                DepthwiseConv3x3.Enabled = true;
            }
    }

    /// <summary>The geometry of a depthwise 3×3 pad-1 layer on (n, c, h, h) at stride s.</summary>
    private static ConvGeometry Geometry(int n, int c, int h, int s)
    {
        int oh = (h - 1) / s + 1;
        var p = new ConvolutionParam
        {
            Kernel = [3, 3], Stride = [s, s], Dilate = [1, 1], Pad = [1, 1], Adj = [], TargetShape = [],
            NumFilter = c, NumGroup = c, Workspace = 0, NoBias = true,
        };
        return new ConvGeometry(p, new Shape(n, c, h, h), new Shape(n, c, oh, oh), [1, 1]);
    }

    private static void Dispose(NDArray[] a)
    {
        foreach (var x in a) x.Dispose();
    }
}
