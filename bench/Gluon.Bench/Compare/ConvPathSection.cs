using Gluon.Cpu.Kernels;
using Gluon.Ops;

namespace Gluon.Bench.Compare;

/// <summary>
/// <c>--only convpath</c>: the float32 convolutions that DirectConv serves, direct against the
/// im2col + GEMM path of the same build (ConvDriver.DirectEnabled switched per sample), so the
/// before/after of the direct path is measured side by side: ResNet-18's 7x7 stem, 3x3
/// and 1x1 stride-2 layers forward at batch 1 and 16, LeNet's convolutions forward and backward
/// (data and weight gradient, one _backward_Convolution call) at batch 128.
/// </summary>
internal static class ConvPathSection
{
    public static void Run(ResultTable t, SideBySide sb)
    {
        t.Section("Convolution paths, float32 (ours: DirectConv; peer: im2col + GEMM, same build)", "im2col + GEMM", flops: true);
        foreach (int n in new[] { 1, 16 })
        {
            Layer(t, sb, $"ResNet-18 3->64 7x7 s2 p3 224×224, batch {n}, forward", n, 3, 224, 64, 7, 2, 3, backward: false);
            Layer(t, sb, $"ResNet-18 64->128 3x3 s2 p1 56×56, batch {n}, forward", n, 64, 56, 128, 3, 2, 1, backward: false);
            Layer(t, sb, $"ResNet-18 128->256 3x3 s2 p1 28×28, batch {n}, forward", n, 128, 28, 256, 3, 2, 1, backward: false);
            Layer(t, sb, $"ResNet-18 256->512 3x3 s2 p1 14×14, batch {n}, forward", n, 256, 14, 512, 3, 2, 1, backward: false);
            Layer(t, sb, $"ResNet-18 64->128 1x1 s2 56×56, batch {n}, forward", n, 64, 56, 128, 1, 2, 0, backward: false);
            Layer(t, sb, $"ResNet-18 128->256 1x1 s2 28×28, batch {n}, forward", n, 128, 28, 256, 1, 2, 0, backward: false);
            Layer(t, sb, $"ResNet-18 256->512 1x1 s2 14×14, batch {n}, forward", n, 256, 14, 512, 1, 2, 0, backward: false);
        }
        foreach (bool backward in new[] { false, true })
        {
            string what = backward ? "backward (data + weight gradient)" : "forward";
            Layer(t, sb, $"LeNet 1->6 5x5 s1 p2 28×28, batch 128, {what}", 128, 1, 28, 6, 5, 1, 2, backward);
            Layer(t, sb, $"LeNet 6->16 5x5 s1 p0 14×14, batch 128, {what}", 128, 6, 14, 16, 5, 1, 0, backward);
        }
    }

    private static void Layer(ResultTable t, SideBySide sb, string name, int n, int ci, int hw, int co, int k, int s, int p, bool backward)
    {
        var x = Nd.Random.Uniform(-1, 1, new Shape(n, ci, hw, hw));
        var w = Nd.Random.Uniform(-1, 1, new Shape(co, ci, k, k));
        var b = Nd.Random.Uniform(-1, 1, new Shape(co));
        int[] kk = [k, k], ss = [s, s], pp = [p, p];
        NDArray Forward() => Nd.Convolution(x, w, b, kk, co, stride: ss, pad: pp);
        var dy = Forward();
        var attrs = new OpAttrs { { "kernel", kk }, { "stride", ss }, { "pad", pp }, { "num_filter", co } };
        var op = OpRegistry.Get("_backward_Convolution");
        NDArray[] ins = [dy, x, w];
        float[][] Once()
        {
            if (!backward) return [Forward().ToArray<float>()];
            var r = Imperative.Invoke(op, attrs, ins);
            return [r[0].ToArray<float>(), r[1].ToArray<float>()];
        }
        void Call()
        {
            if (!backward) Forward().Dispose();
            else foreach (var a in Imperative.Invoke(op, attrs, ins)) a.Dispose();
        }
        var direct = Once();
        ConvDriver.DirectEnabled = false;
        var im2col = Once();
        ConvDriver.DirectEnabled = true;
        double diff = 0;
        for (int i = 0; i < direct.Length; i++)
            for (int j = 0; j < direct[i].Length; j++) diff = Math.Max(diff, Math.Abs(direct[i][j] - im2col[i][j]));
        try
        {
            var ms = sb.Measure(() => { ConvDriver.DirectEnabled = true; Call(); }, () => { ConvDriver.DirectEnabled = false; Call(); });
            int oh = (hw + 2 * p - k) / s + 1;
            double flop = 2.0 * n * co * ci * k * k * oh * oh * (backward ? 2 : 1);
            t.Row(name, ms[0], ms[1], flop, $"max abs diff {diff:G2}");
        }
        finally
        {
            ConvDriver.DirectEnabled = true;
        }
    }
}
