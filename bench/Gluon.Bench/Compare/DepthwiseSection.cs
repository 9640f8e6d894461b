using Gluon.Bench.Models;
using Gluon.Cpu.Kernels;
using Gluon.Ops;

namespace Gluon.Bench.Compare;

/// <summary>
/// MobileNet v1's depthwise 3×3 layers at batch 1 and 16: the float 3×3 path
/// (<see cref="DepthwiseConv3x3"/>) against the generic depthwise kernels it replaced, alternating
/// in one process (<see cref="DepthwiseConv3x3.Enabled"/>): the forward, and the backward op
/// (data and weight gradients; GLUON_COMPARE_LAYERS filters the rows as in the zoo section).
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
                ms = sb.Measure(() => { DepthwiseConv3x3.Enabled = true; Dispose(Imperative.Invoke(op, attrs, ins)); },
                    () => { DepthwiseConv3x3.Enabled = false; Dispose(Imperative.Invoke(op, attrs, ins)); });
                t.Row($"{c}ch s{s} {h}×{h} batch {n}, backward op (dx, dw)", ms[0], ms[1], 2 * flop);
                DepthwiseConv3x3.Enabled = true;
            }
    }

    private static void Dispose(NDArray[] a)
    {
        foreach (var x in a) x.Dispose();
    }
}
