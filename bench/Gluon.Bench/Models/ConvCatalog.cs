namespace Gluon.Bench.Models;

/// <summary>The distinct convolution layers of LeNet and ResNet-18 (224×224 input), by a short name.</summary>
internal static class ConvCatalog
{
    /// <summary>Name → layer and input side, seeded so both suites see the same weights.</summary>
    public static IReadOnlyDictionary<string, (ConvLayer Layer, int H)> Layers { get; } = Build();

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
}
