using Gluon.Cpu.Kernels;
using Gluon.Ops;

namespace Gluon.Bench.Compare;

/// <summary>
/// ResNet-18's 3×3 stride-1 convolutions at batch 1 and 16, Winograd F(4×4, 3×3) against the
/// path the dispatch takes without it (the direct convolution, else im2col + GEMM), alternating in one process (<see cref="Winograd.Enabled"/>):
/// the forward, and the backward op (data gradient by Winograd; weight and bias gradients the same on both sides).
/// </summary>
internal static class WinogradSection
{
    public static void Run(ResultTable t, SideBySide sb)
    {
        t.Section("3x3 stride-1 convolutions: Winograd (ours) against the next path in the dispatch (peer: direct conv, else im2col + GEMM), forward and backward op", "without Winograd", flops: true);
        foreach (int n in new[] { 1, 16 })
            foreach (var (c, h) in new[] { (64, 56), (128, 28), (256, 14), (512, 7) })
            {
                var x = Nd.Random.Uniform(-1, 1, new Shape(n, c, h, h));
                var w = Nd.Random.Uniform(-0.1, 0.1, new Shape(c, c, 3, 3));
                var b = Nd.Random.Uniform(-1, 1, new Shape(c));
                NDArray Fwd() => Nd.Convolution(x, w, b, [3, 3], c, pad: [1, 1]);
                var dy = Fwd();
                var attrs = new OpAttrs { { "kernel", new[] { 3, 3 } }, { "pad", new[] { 1, 1 } }, { "num_filter", c } };
                var op = OpRegistry.Get("_backward_Convolution");
                NDArray[] ins = [dy, x, w];
                double flop = 2.0 * n * c * c * 9 * h * h;
                Winograd.Enabled = true;
                var a = Fwd().ToArray<float>();
                Winograd.Enabled = false;
                var r = Fwd().ToArray<float>();
                double diff = 0, scale = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    diff = Math.Max(diff, Math.Abs(a[i] - r[i]));
                    scale = Math.Max(scale, Math.Abs(r[i]));
                }
                var ms = sb.Measure(() => { Winograd.Enabled = true; Fwd().Dispose(); }, () => { Winograd.Enabled = false; Fwd().Dispose(); });
                t.Row($"{c}->{c} {h}×{h} batch {n}, forward", ms[0], ms[1], flop, $"max abs diff {diff:G2} (max abs y {scale:G2})");
                ms = sb.Measure(() => { Winograd.Enabled = true; Dispose(Imperative.Invoke(op, attrs, ins)); },
                    () => { Winograd.Enabled = false; Dispose(Imperative.Invoke(op, attrs, ins)); });
                t.Row($"{c}->{c} {h}×{h} batch {n}, backward op (dx, dw, db)", ms[0], ms[1], 3 * flop);
                Winograd.Enabled = true;
            }
    }

    private static void Dispose(NDArray[] a)
    {
        foreach (var x in a) x.Dispose();
    }
}
