namespace Gluon.Bench.Models;

/// <summary>
/// The distinct convolution layers of LeNet and ResNet-18 (<see cref="Layers"/>), and those of
/// ResNet-50 v1 and MobileNet v1 1.0 that ResNet-18 does not already have (<see cref="ZooLayers"/>),
/// 224×224 input, by a short name.
/// </summary>
internal static class ConvCatalog
{
    /// <summary>LeNet and ResNet-18: name → layer and input side, seeded so both suites see the same weights.</summary>
    public static IReadOnlyDictionary<string, (ConvLayer Layer, int H)> Layers { get; } = Build();

    /// <summary>ResNet-50 v1 and MobileNet v1 1.0 (MXNet's model zoo layouts): name → layer and input side.</summary>
    public static IReadOnlyDictionary<string, (ConvLayer Layer, int H)> ZooLayers { get; } = BuildZoo();

    private static Dictionary<string, (ConvLayer, int)> Build()
    {
        var r = new Random(7);
        var d = new Dictionary<string, (ConvLayer, int)>
        {
            ["lenet-c1"] = (new ConvLayer(r, 1, 6, 5, 1, 2, true), 28),
            ["lenet-c2"] = (new ConvLayer(r, 6, 16, 5, 1, 0, true), 14),
        };
        foreach (var (layer, h) in ResNet18.DistinctConvs(r))
            d[$"r18-{layer.InC}-{layer.OutC}-k{layer.Kernel}s{layer.Stride}-{h}"] = (layer, h);
        return d;
    }

    private static Dictionary<string, (ConvLayer, int)> BuildZoo()
    {
        var r = new Random(50);
        var d = new Dictionary<string, (ConvLayer, int)>();
        // ResNet-50 v1 (BottleneckV1: the stride sits on the first 1×1; the 3×3 layers are
        // ResNet-18's): per stage the first block's reduce, expand and shortcut, then the reduce
        // of the later blocks.
        int inC = 64, h = 56;
        foreach (var (ch, stride) in new[] { (256, 1), (512, 2), (1024, 2), (2048, 2) })
        {
            int mid = ch / 4, oh = h / stride;
            Add(d, "r50", new ConvLayer(r, inC, mid, 1, stride, 0, false), h);
            Add(d, "r50", new ConvLayer(r, mid, ch, 1, 1, 0, false), oh);
            Add(d, "r50", new ConvLayer(r, inC, ch, 1, stride, 0, false), h);
            Add(d, "r50", new ConvLayer(r, ch, mid, 1, 1, 0, false), oh);
            inC = ch;
            h = oh;
        }
        // MobileNet v1 1.0: 3×3/2 stem to 32 channels, then depthwise 3×3 (stride s) + pointwise 1×1.
        Add(d, "mb1", new ConvLayer(r, 3, 32, 3, 2, 1, false), 224);
        int c = 32;
        h = 112;
        foreach (var (co, s) in new[] { (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (1024, 2), (1024, 1) })
        {
            Add(d, "mb1", new ConvLayer(r, c, c, 3, s, 1, false, groups: c), h);
            h /= s;
            Add(d, "mb1", new ConvLayer(r, c, co, 1, 1, 0, false), h);
            c = co;
        }
        return d;
    }

    private static void Add(Dictionary<string, (ConvLayer, int)> d, string net, ConvLayer layer, int h) =>
        d.TryAdd($"{net}-{layer.InC}-{layer.OutC}-k{layer.Kernel}s{layer.Stride}{(layer.Groups > 1 ? "dw" : "")}-{h}", (layer, h));
}
