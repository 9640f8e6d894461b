using Gluon.Bench.Models;
using Gluon.Bench.Onnx;
using Gluon.Cpu.Kernels;

namespace Gluon.Bench.Compare;

/// <summary>
/// Inference against ONNX Runtime (intra-op threads 2) on the same weights and inputs: every
/// distinct convolution of LeNet and ResNet-18 (conv) or of ResNet-50 and MobileNet (zoo) at batch
/// 1 and 16 (one-node ONNX models), and the whole ResNet-18 v1 (resnet), MobileNet v1 and
/// ResNet-50 v1 (zoo) at batch 1 and 16. Each pair's outputs are compared before it is timed.
/// </summary>
internal static class InferenceSection
{
    public static void Run(ResultTable t, SideBySide sb, bool quick, bool convs, bool resnet, bool zoo = false)
    {
        string peer = $"ORT {typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString(3)}";
        if (convs) Layers(t, sb, quick, peer, "Convolution layers of LeNet and ResNet-18, forward (ours: Nd.Convolution)", ConvCatalog.Layers);
        if (zoo)
        {
            Layers(t, sb, quick, peer, "Convolution layers of ResNet-50 v1 and MobileNet v1 not in ResNet-18, forward (ours: Nd.Convolution)", ConvCatalog.ZooLayers);
            // GLUON_COMPARE_NETS=0 leaves out the whole networks (minutes with --ab) when only layer rows are wanted.
            bool nets = Environment.GetEnvironmentVariable("GLUON_COMPARE_NETS") != "0";
            t.Section("MobileNet v1 1.0 and ResNet-50 v1 inference, 224×224, random weights (ours: Nd ops, BatchNorm with running stats)", peer, flops: true);
            var warm = new SideBySide(sb.Rounds, sb.SampleMs, Math.Max(sb.WarmupMs, 3000));
            foreach (var (name, net) in nets ? new (string, InferenceNet)[] { ("MobileNet v1", new MobileNetV1()), ("ResNet-50 v1", new ResNet50()) } : [])
                foreach (int batch in quick ? [1] : new[] { 1, 16 })
                    Compare(t, warm, $"{name} batch {batch}", net.ToOnnx(batch, name), [batch, 3, InferenceNet.Size, InferenceNet.Size],
                        net.Forward, net.Flop() * batch, batch);
        }
        if (resnet)
        {
            t.Section("ResNet-18 v1 inference, 224×224, random weights (ours: Nd ops, BatchNorm with running stats)", peer, flops: true);
            var net = new ResNet18();
            // A whole network runs a few hundred methods, each tiered up by the JIT after 30 calls
            // plus a background compile: 600 ms (60 forwards at batch 1) left the first samples of the
            // first network measured on partly unoptimized code (ours 9.9-33 ms within one row).
            var warm = new SideBySide(sb.Rounds, sb.SampleMs, Math.Max(sb.WarmupMs, 3000));
            foreach (int batch in new[] { 1, 16 })
                Compare(t, warm, $"ResNet-18 batch {batch}", net.ToOnnx(batch, "resnet18_v1"), [batch, 3, ResNet18.Size, ResNet18.Size],
                    net.Forward, net.Flop() * batch, batch);
            var folded = net.FoldBatchNorm();
            foreach (int batch in new[] { 1, 16 })
                Compare(t, warm, $"ResNet-18 batch {batch}, BatchNorm folded into conv on both sides", folded.ToOnnx(batch, "resnet18_v1"),
                    [batch, 3, ResNet18.Size, ResNet18.Size], folded.Forward, folded.Flop() * batch, batch);
            t.Emit("");
            t.Emit("Quoted, not measured in this run (shared/PERFORMANCE.md, libtorch 2.10 via TorchSharp, 2 threads): " +
                   "ResNet-18 forward batch 1: 33-38 ms, batch 16: 458-497 ms.");
        }
    }

    /// <summary>
    /// Each layer alone as a one-node ONNX model, at batch 1 and 16 (--quick: batch 1 only, a smoke run).
    /// The environment variable GLUON_COMPARE_LAYERS, when set, keeps only the layers whose catalog
    /// name contains it, or one of its comma-separated parts (e.g. "dw" for MobileNet's depthwise rows,
    /// "r50-1024,k1s2" for a few ResNet-50 rows and the strided 1×1 ones).
    /// </summary>
    private static void Layers(ResultTable t, SideBySide sb, bool quick, string peer, string title, IReadOnlyDictionary<string, (ConvLayer Layer, int H)> layers)
    {
        t.Section(title, peer, flops: true);
        string[]? filter = Environment.GetEnvironmentVariable("GLUON_COMPARE_LAYERS")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (filter is { Length: 0 }) filter = null;
        foreach (int batch in quick ? [1] : new[] { 1, 16 })
            foreach (var (name, (layer, h)) in layers)
            {
                if (filter is not null && !filter.Any(f => name.Contains(f, StringComparison.Ordinal))) continue;
                var g = new OnnxGraph();
                var y = new OnnxNetBuilder(g).Conv(g.Input("data", batch, layer.InC, h, h), layer);
                g.Output(y);
                string net = name[..name.IndexOf('-')] switch { "lenet" => "LeNet", "r18" => "ResNet-18", "r50" => "ResNet-50", _ => "MobileNet" };
                Compare(t, sb, $"{net} {layer} {h}×{h}, batch {batch}", g.ToModel("conv"), [batch, layer.InC, h, h],
                    x => layer.Forward(x), layer.Flop(batch, h), batch * 1000 + h);
            }
    }

    private static void Compare(ResultTable t, SideBySide sb, string name, byte[] model, int[] inShape,
        Func<NDArray, NDArray> ours, double flop, int seed)
    {
        var input = Init.Uniform(new Random(seed), inShape.Aggregate(1, (a, d) => a * d), -1, 1);
        var x = Init.Nd(input, inShape);
        float[] mine;
        int[] outShape;
        using (var s = NDArrayScope.Begin())
        {
            var y = ours(x);
            mine = y.ToArray<float>();
            outShape = y.Shape.ToArray();
        }
        using var ort = new OrtRunner(model, input, [.. inShape.Select(d => (long)d)], [.. outShape.Select(d => (long)d)],
            CompareCommand.Threads);
        ort.Run();
        double diff = 0, scale = 0;
        for (int i = 0; i < mine.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(mine[i] - ort.Output[i]));
            scale = Math.Max(scale, Math.Abs(ort.Output[i]));
        }
        if (!(diff <= 1e-3 * Math.Max(1, scale)))
            t.Emit($"WARNING {name}: outputs differ, max abs diff {diff:G3} (max |y| {scale:G3})");
        void Ours()
        {
            using var s = NDArrayScope.Begin();
            ours(x).WaitToRead();
        }
        if (!CompareCommand.PointwiseAb)
        {
            var ms = sb.Measure(Ours, ort.Run);
            t.Row(name, ms[0], ms[1], flop, $"max abs diff {diff:G2} (max abs y {scale:G2})");
            return;
        }
        // --ab: the same layer with PointwiseConv off, with PointwiseConv.ChannelTiles off, and with
        // PointwiseJob.ImageRows off (X packed from the image rows as before), in the same alternation (their rows' ratios are also against ORT).
        void Off()
        {
            PointwiseConv.Enabled = false;
            try { Ours(); }
            finally { PointwiseConv.Enabled = true; }
        }
        void NoChannelTiles()
        {
            PointwiseConv.ChannelTiles = false;
            try { Ours(); }
            finally { PointwiseConv.ChannelTiles = true; }
        }
        void NoImageRows()
        {
            PointwiseJob.ImageRows = false;
            try { Ours(); }
            finally { PointwiseJob.ImageRows = true; }
        }
        var ab = sb.Measure(Ours, ort.Run, Off, NoChannelTiles, NoImageRows);
        t.Row(name, ab[0], ab[1], flop, $"max abs diff {diff:G2} (max abs y {scale:G2})");
        t.Row(name + ", PointwiseConv off", ab[2], ab[1], flop, "");
        t.Row(name + ", PointwiseConv without channel tiles", ab[3], ab[1], flop, "");
        t.Row(name + ", PointwiseConv packing image rows", ab[4], ab[1], flop, "");
    }
}
