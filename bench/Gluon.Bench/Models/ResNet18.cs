namespace Gluon.Bench.Models;

/// <summary>
/// ResNet-18 v1 as in MXNet's model zoo (resnet18_v1): 7×7/2 conv, BN, relu, 3×3/2 max pool,
/// four stages of two BasicBlockV1 (conv3×3-BN-relu-conv3×3-BN plus the shortcut, 1×1/2 conv + BN
/// where the shape changes, then relu), global average pool, dense 1000. Random weights, fixed
/// by the seed; inference only (BatchNorm with running statistics).
/// </summary>
internal sealed class ResNet18 : InferenceNet
{
    /// <summary>A BasicBlockV1; the BatchNorm layers are null once folded into the convolutions.</summary>
    private sealed record Block(ConvLayer C1, BatchNormLayer? B1, ConvLayer C2, BatchNormLayer? B2, ConvLayer? Down, BatchNormLayer? DownBn);

    private readonly ConvLayer _stem;
    private readonly BatchNormLayer? _stemBn;
    private readonly List<Block> _blocks = [];
    private readonly DenseLayer _fc;

    private ResNet18(ConvLayer stem, List<Block> blocks, DenseLayer fc)
    {
        _stem = stem;
        _blocks = blocks;
        _fc = fc;
    }

    /// <summary>
    /// The same network with every BatchNorm folded into the convolution before it (convolutions
    /// with bias, no BatchNorm nodes): the same function up to rounding, for comparing the
    /// convolutions alone on both sides.
    /// </summary>
    public ResNet18 FoldBatchNorm() =>
        new(_stem.FoldBatchNorm(_stemBn!),
            [.. _blocks.Select(b => new Block(b.C1.FoldBatchNorm(b.B1!), null, b.C2.FoldBatchNorm(b.B2!), null,
                b.Down?.FoldBatchNorm(b.DownBn!), null))],
            _fc);

    public ResNet18(int seed = 18)
    {
        var r = new Random(seed);
        _stem = new ConvLayer(r, 3, 64, 7, 2, 3, bias: false);
        _stemBn = new BatchNormLayer(r, 64);
        int inC = 64;
        foreach (var (ch, stride) in new[] { (64, 1), (128, 2), (256, 2), (512, 2) })
            for (int b = 0; b < 2; b++)
            {
                int s = b == 0 ? stride : 1;
                bool down = b == 0 && (s != 1 || inC != ch);
                _blocks.Add(new Block(new ConvLayer(r, inC, ch, 3, s, 1, false), new BatchNormLayer(r, ch),
                    new ConvLayer(r, ch, ch, 3, 1, 1, false), new BatchNormLayer(r, ch),
                    down ? new ConvLayer(r, inC, ch, 1, s, 0, false) : null, down ? new BatchNormLayer(r, ch) : null));
                inC = ch;
            }
        _fc = new DenseLayer(r, 512, 1000);
    }

    /// <summary>The distinct convolution shapes with their input sizes (for the per-layer comparison).</summary>
    public static IReadOnlyList<(ConvLayer Layer, int H)> DistinctConvs(Random r) =>
    [
        (new ConvLayer(r, 3, 64, 7, 2, 3, false), 224),
        (new ConvLayer(r, 64, 64, 3, 1, 1, false), 56),
        (new ConvLayer(r, 64, 128, 3, 2, 1, false), 56),
        (new ConvLayer(r, 64, 128, 1, 2, 0, false), 56),
        (new ConvLayer(r, 128, 128, 3, 1, 1, false), 28),
        (new ConvLayer(r, 128, 256, 3, 2, 1, false), 28),
        (new ConvLayer(r, 128, 256, 1, 2, 0, false), 28),
        (new ConvLayer(r, 256, 256, 3, 1, 1, false), 14),
        (new ConvLayer(r, 256, 512, 3, 2, 1, false), 14),
        (new ConvLayer(r, 256, 512, 1, 2, 0, false), 14),
        (new ConvLayer(r, 512, 512, 3, 1, 1, false), 7),
    ];

    /// <inheritdoc/>
    public override T Build<T>(INetBuilder<T> b, T x)
    {
        T ConvBn(T v, ConvLayer c, BatchNormLayer? bn)
        {
            var y = b.Conv(v, c);
            return bn is null ? y : Then(b, y, b.BatchNorm(y, bn));
        }
        T ConvBnRelu(T v, ConvLayer c, BatchNormLayer? bn)
        {
            var y = b.Conv(v, c);
            return Then(b, y, bn is null ? b.Relu(y) : b.BatchNormRelu(y, bn));
        }
        var t = ConvBnRelu(x, _stem, _stemBn);
        x = Then(b, t, b.MaxPool(t, 3, 2, 1));
        foreach (var blk in _blocks)
        {
            var body = ConvBnRelu(x, blk.C1, blk.B1);
            body = Then(b, body, ConvBn(body, blk.C2, blk.B2));
            x = Residual(b, x, body, blk.Down is null ? x : ConvBn(x, blk.Down, blk.DownBn), ownShortcut: blk.Down is not null);
        }
        return Head(b, x, _fc);
    }
}
