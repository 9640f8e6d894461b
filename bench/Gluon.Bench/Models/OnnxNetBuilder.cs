using Gluon.Bench.Onnx;
using A = Gluon.Bench.Onnx.OnnxGraph.Attr;

namespace Gluon.Bench.Models;

/// <summary>Writes a network description as ONNX nodes (opset 13); values are named by the graph.</summary>
internal sealed class OnnxNetBuilder(OnnxGraph g) : INetBuilder<string>
{
    private int _n;

    public string Conv(string x, ConvLayer c)
    {
        int id = _n++;
        var inputs = new List<string> { x, g.Initializer($"conv{id}_w", c.W, c.OutC, c.InC / c.Groups, c.Kernel, c.Kernel) };
        if (c.B is not null) inputs.Add(g.Initializer($"conv{id}_b", c.B, c.OutC));
        return g.Node("Conv", [.. inputs], new A("kernel_shape", Ints: [c.Kernel, c.Kernel]),
            new A("strides", Ints: [c.Stride, c.Stride]), new A("pads", Ints: [c.Pad, c.Pad, c.Pad, c.Pad]), new A("group", I: c.Groups));
    }

    public string BatchNorm(string x, BatchNormLayer bn)
    {
        int id = _n++;
        int c = bn.Gamma.Length;
        return g.Node("BatchNormalization",
            [x, g.Initializer($"bn{id}_gamma", bn.Gamma, c), g.Initializer($"bn{id}_beta", bn.Beta, c),
             g.Initializer($"bn{id}_mean", bn.Mean, c), g.Initializer($"bn{id}_var", bn.Var, c)],
            new A("epsilon", F: BatchNormLayer.Eps));
    }

    public string Relu(string x) => g.Node("Relu", [x]);

    // ONNX has no fused node; ONNX Runtime fuses the pair (and folds BatchNorm into the conv) itself.
    public string BatchNormRelu(string x, BatchNormLayer bn) => Relu(BatchNorm(x, bn));

    public string MaxPool(string x, int kernel, int stride, int pad) =>
        g.Node("MaxPool", [x], new A("kernel_shape", Ints: [kernel, kernel]), new A("strides", Ints: [stride, stride]),
            new A("pads", Ints: [pad, pad, pad, pad]));

    public string Add(string a, string b) => g.Node("Add", [a, b]);

    public string GlobalAvgPool(string x) => g.Node("GlobalAveragePool", [x]);

    public string Dense(string x, DenseLayer d)
    {
        int id = _n++;
        var flat = g.Node("Flatten", [x], new A("axis", I: 1));
        return g.Node("Gemm", [flat, g.Initializer($"fc{id}_w", d.W, d.Out, d.In), g.Initializer($"fc{id}_b", d.B, d.Out)],
            new A("transB", I: 1));
    }

    public void Release(string x)
    {
    }
}
