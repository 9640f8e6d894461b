namespace Gluon.Bench.Models;

/// <summary>
/// MobileNet v1 1.0 as in MXNet's model zoo (mobilenet1.0): 3×3/2 convolution to 32 channels,
/// BN, relu, then thirteen depthwise-separable units (depthwise 3×3 with stride 1 or 2, BN, relu,
/// pointwise 1×1, BN, relu), global average pool, dense 1000. Random weights, fixed by the seed;
/// inference only.
/// </summary>
internal sealed class MobileNetV1 : InferenceNet
{
    private readonly List<(ConvLayer Conv, BatchNormLayer Bn)> _layers = [];
    private readonly DenseLayer _fc;

    public MobileNetV1(int seed = 1)
    {
        var r = new Random(seed);
        _layers.Add((new ConvLayer(r, 3, 32, 3, 2, 1, false), new BatchNormLayer(r, 32)));
        int c = 32;
        int[] channels = [64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024];
        int[] strides = [1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1];
        for (int i = 0; i < channels.Length; i++)
        {
            _layers.Add((new ConvLayer(r, c, c, 3, strides[i], 1, false, groups: c), new BatchNormLayer(r, c)));
            _layers.Add((new ConvLayer(r, c, channels[i], 1, 1, 0, false), new BatchNormLayer(r, channels[i])));
            c = channels[i];
        }
        _fc = new DenseLayer(r, c, 1000);
    }

    /// <inheritdoc/>
    public override T Build<T>(INetBuilder<T> b, T x)
    {
        bool first = true;
        foreach (var (conv, bn) in _layers)
        {
            var y = b.Conv(x, conv);
            if (!first) b.Release(x);
            first = false;
            x = Then(b, y, b.BatchNormRelu(y, bn));
        }
        return Head(b, x, _fc);
    }
}
