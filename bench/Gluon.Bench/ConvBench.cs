using BenchmarkDotNet.Attributes;
using Gluon.Bench.Models;

namespace Gluon.Bench;

/// <summary>
/// The distinct convolution layers of LeNet and ResNet-18 through Nd.Convolution: forward alone,
/// and forward + backward under autograd (gradients of data, weight and bias).
/// </summary>
[MemoryDiagnoser]
public class ConvBench
{
    /// <summary>Layer names of <see cref="ConvCatalog"/> (LeNet, ResNet-18, then ResNet-50 and MobileNet).</summary>
    public static IEnumerable<string> LayerNames => ConvCatalog.Layers.Keys.Concat(ConvCatalog.ZooLayers.Keys);

    [ParamsSource(nameof(LayerNames))]
    public string Layer = "";

    [Params(1, 16)]
    public int Batch;

    private ConvLayer _layer = null!;
    private NDArray _x = null!, _w = null!, _b = null!, _head = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_layer, int h) = ConvCatalog.Layers.TryGetValue(Layer, out var l) ? l : ConvCatalog.ZooLayers[Layer];
        _x = Nd.Random.Uniform(-1, 1, new Shape(Batch, _layer.InC, h, h));
        _w = Nd.Copy(_layer.WNd);
        _b = Nd.Copy(_layer.BNd ?? Nd.Zeros(_layer.OutC));
        _x.AttachGrad();
        _w.AttachGrad();
        _b.AttachGrad();
        using var s = NDArrayScope.Begin();
        _head = s.Keep(Nd.OnesLike(_layer.Forward(_x)));
    }

    [Benchmark]
    public void Forward()
    {
        using var s = NDArrayScope.Begin();
        _layer.Forward(_x).WaitToRead();
    }

    [Benchmark]
    public void ForwardBackward()
    {
        using var s = NDArrayScope.Begin();
        NDArray y;
        using (Autograd.Record())
            y = _layer.Forward(_x, _w, _b);
        y.Backward(_head);
        _w.Grad!.WaitToRead();
    }
}
