using Gluon.Bench.Models;
using Gluon.Cpu.Kernels;

namespace Gluon.Bench.Compare;

/// <summary>
/// ResNet-18 inference with the convolutions' transformed weights kept between calls
/// (<see cref="WeightCache"/>, the default) against transforming them on every call (budget 0),
/// alternating in one process: what caching the transforms of unchanged weights is worth.
/// </summary>
internal static class WeightCacheSection
{
    public static void Run(ResultTable t, SideBySide sb)
    {
        t.Section("ResNet-18 v1 inference, transformed conv weights cached (ours) against transformed per call", "per call", flops: true);
        var net = new ResNet18();
        long budget = WeightCache.BudgetBytes;
        foreach (int batch in new[] { 1, 16 })
        {
            var x = Init.Nd(Init.Uniform(new Random(batch), batch * 3 * ResNet18.Size * ResNet18.Size, -1, 1), batch, 3, ResNet18.Size, ResNet18.Size);
            float[] Run(long bytes)
            {
                WeightCache.BudgetBytes = bytes;
                using var s = NDArrayScope.Begin();
                return net.Forward(x).ToArray<float>();
            }
            // Three calls: the first records the weights' versions, the second fills the cache.
            float[] a = Run(budget), r = Run(0);
            a = Run(budget);
            a = Run(budget);
            double diff = 0, scale = 0;
            for (int i = 0; i < a.Length; i++)
            {
                diff = Math.Max(diff, Math.Abs(a[i] - r[i]));
                scale = Math.Max(scale, Math.Abs(r[i]));
            }
            var ms = sb.Measure(() => Run(budget), () => Run(0));
            t.Row($"ResNet-18 batch {batch}", ms[0], ms[1], net.Flop() * batch, $"max abs diff {diff:G2} (max abs y {scale:G2})");
        }
        WeightCache.BudgetBytes = budget;
    }
}
