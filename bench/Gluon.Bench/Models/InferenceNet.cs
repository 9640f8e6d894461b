using Gluon.Bench.Onnx;

namespace Gluon.Bench.Models;

/// <summary>
/// An inference network on 224×224 images written once in the builder's vocabulary, run with Nd
/// ops or written as an ONNX model from the same description and weights.
/// </summary>
internal abstract class InferenceNet
{
    /// <summary>Input image side.</summary>
    public const int Size = 224;

    /// <summary>
    /// The network in the builder's vocabulary; every intermediate is released at its last use
    /// (the input <paramref name="x"/> is the caller's and is kept).
    /// </summary>
    public abstract T Build<T>(INetBuilder<T> b, T x);

    /// <summary>Floating-point operations of one forward pass at batch 1 (convolutions and the dense layer).</summary>
    public double Flop()
    {
        var counter = new FlopCounter();
        Build(counter, Size);
        return counter.Flop;
    }

    /// <summary>Logits (N, 1000) of <paramref name="x"/> (N, 3, 224, 224) with Nd ops.</summary>
    public NDArray Forward(NDArray x) => Build(new NdNetBuilder(), x);

    /// <summary>The same network as an ONNX model with input "data" (batch, 3, 224, 224) and output logits.</summary>
    public byte[] ToOnnx(int batch, string name)
    {
        var g = new OnnxGraph();
        var y = Build(new OnnxNetBuilder(g), g.Input("data", batch, 3, Size, Size));
        g.Output(y);
        return g.ToModel(name);
    }

    /// <summary>Releases <paramref name="dead"/> and returns <paramref name="next"/> (the value computed from it).</summary>
    protected static T Then<T>(INetBuilder<T> b, T dead, T next)
    {
        b.Release(dead);
        return next;
    }

    /// <summary>
    /// The end of a residual block: relu(body + shortcut), releasing the block input
    /// <paramref name="x"/>, the body and, when <paramref name="ownShortcut"/> (a projection, not
    /// x itself), the shortcut.
    /// </summary>
    protected static T Residual<T>(INetBuilder<T> b, T x, T body, T shortcut, bool ownShortcut)
    {
        var sum = b.Add(body, shortcut);
        b.Release(body);
        if (ownShortcut) b.Release(shortcut);
        b.Release(x);
        return Then(b, sum, b.Relu(sum));
    }

    /// <summary>Global average pool, then the dense classifier, releasing <paramref name="x"/> and the pooled features.</summary>
    protected static T Head<T>(INetBuilder<T> b, T x, DenseLayer fc)
    {
        var pooled = Then(b, x, b.GlobalAvgPool(x));
        return Then(b, pooled, b.Dense(pooled, fc));
    }

    /// <summary>Counts the multiply-adds (×2) of one image; the values are the feature maps' sides.</summary>
    private sealed class FlopCounter : INetBuilder<int>
    {
        public double Flop { get; private set; }

        public int Conv(int h, ConvLayer c)
        {
            Flop += c.Flop(1, h);
            return c.OutSize(h);
        }

        public int BatchNorm(int h, BatchNormLayer bn) => h;
        public int Relu(int h) => h;
        public int BatchNormRelu(int h, BatchNormLayer bn) => h;
        public int MaxPool(int h, int kernel, int stride, int pad) => (h + 2 * pad - kernel) / stride + 1;
        public int Add(int a, int b) => a;
        public int GlobalAvgPool(int h) => 1;

        public int Dense(int h, DenseLayer d)
        {
            Flop += 2.0 * d.In * d.Out;
            return 1;
        }

        public void Release(int h) { }
    }
}
