namespace Gluon.Bench.Models;

/// <summary>
/// ResNet-50 v1 as in MXNet's model zoo (resnet50_v1): 7×7/2 conv, BN, relu, 3×3/2 max pool, four
/// stages of 3, 4, 6 and 3 BottleneckV1 (1×1 reduce carrying the stride, 3×3, 1×1 expand, each
/// with BN, relu after the first two; the first block's shortcut a 1×1 conv + BN; add, relu),
/// global average pool, dense 1000. Random weights, fixed by the seed; inference only.
/// </summary>
internal sealed class ResNet50 : InferenceNet
{
    private sealed record Unit(ConvLayer C, BatchNormLayer Bn);

    private sealed record Block(Unit Reduce, Unit Mid, Unit Expand, Unit? Down);

    private readonly Unit _stem;
    private readonly List<Block> _blocks = [];
    private readonly DenseLayer _fc;

    public ResNet50(int seed = 50)
    {
        var r = new Random(seed);
        Unit U(int ci, int co, int k, int s) => new(new ConvLayer(r, ci, co, k, s, k / 2, false), new BatchNormLayer(r, co));
        _stem = U(3, 64, 7, 2);
        int inC = 64;
        foreach (var (ch, count, stride) in new[] { (256, 3, 1), (512, 4, 2), (1024, 6, 2), (2048, 3, 2) })
            for (int i = 0; i < count; i++)
            {
                int s = i == 0 ? stride : 1;
                _blocks.Add(new Block(U(inC, ch / 4, 1, s), U(ch / 4, ch / 4, 3, 1), U(ch / 4, ch, 1, 1), i == 0 ? U(inC, ch, 1, s) : null));
                inC = ch;
            }
        _fc = new DenseLayer(r, 2048, 1000);
    }

    /// <inheritdoc/>
    public override T Build<T>(INetBuilder<T> b, T x)
    {
        T ConvBn(T v, Unit u)
        {
            var y = b.Conv(v, u.C);
            return Then(b, y, b.BatchNorm(y, u.Bn));
        }
        T ConvBnRelu(T v, Unit u)
        {
            var y = b.Conv(v, u.C);
            return Then(b, y, b.BatchNormRelu(y, u.Bn));
        }
        var t = ConvBnRelu(x, _stem);
        x = Then(b, t, b.MaxPool(t, 3, 2, 1));
        foreach (var blk in _blocks)
        {
            var body = ConvBnRelu(x, blk.Reduce);
            body = Then(b, body, ConvBnRelu(body, blk.Mid));
            body = Then(b, body, ConvBn(body, blk.Expand));
            x = Residual(b, x, body, blk.Down is null ? x : ConvBn(x, blk.Down), ownShortcut: blk.Down is not null);
        }
        return Head(b, x, _fc);
    }
}
