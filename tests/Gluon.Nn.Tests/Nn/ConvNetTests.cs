using Gluon.Nn;

namespace Gluon.Tests.Nn;

/// <summary>LeNet built from the conv layers: repr, summary table (MXNet 1.x format), forward, save/load.</summary>
public class ConvNetTests
{
    public ConvNetTests() => NameManager.ResetGlobal();

    private static HybridSequential LeNet()
    {
        var net = new HybridSequential();
        using (net.NameScope())
            net.Add(
                new Conv2D(6, 5, padding: 2, activation: "relu"),
                new MaxPool2D(2),
                new Conv2D(16, 5, activation: "relu"),
                new MaxPool2D(2),
                new Dense(120, activation: "relu"),
                new Dense(84, activation: "relu"),
                new Dense(10));
        return net;
    }

    [Fact]
    public void LeNetNamesShapesAndRepr()
    {
        var net = LeNet();
        net.Initialize();
        var y = net.Call(Nd.Ones(new Shape(2, 1, 28, 28)));
        Assert.Equal(new Shape(2, 10), y.Shape);
        var shapes = net.CollectParams().Select(kv => $"{kv.Key}{kv.Value.Shape}").ToArray();
        Assert.Equal([
            "hybridsequential0_conv0_weight(6, 1, 5, 5)", "hybridsequential0_conv0_bias(6,)",
            "hybridsequential0_conv1_weight(16, 6, 5, 5)", "hybridsequential0_conv1_bias(16,)",
            "hybridsequential0_dense0_weight(120, 400)", "hybridsequential0_dense0_bias(120,)",
            "hybridsequential0_dense1_weight(84, 120)", "hybridsequential0_dense1_bias(84,)",
            "hybridsequential0_dense2_weight(10, 84)", "hybridsequential0_dense2_bias(10,)"], shapes);
        Assert.Equal("hybridsequential0_pool1_", ((Block)net[3]).Prefix);
        Assert.Equal(
            "HybridSequential(\n" +
            "  (0): Conv2D(1 -> 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2), Activation(relu))\n" +
            "  (1): MaxPool2D(size=(2, 2), stride=(2, 2), padding=(0, 0), ceil_mode=False, global_pool=False, pool_type=max, layout=NCHW)\n" +
            "  (2): Conv2D(6 -> 16, kernel_size=(5, 5), stride=(1, 1), Activation(relu))\n" +
            "  (3): MaxPool2D(size=(2, 2), stride=(2, 2), padding=(0, 0), ceil_mode=False, global_pool=False, pool_type=max, layout=NCHW)\n" +
            "  (4): Dense(400 -> 120, Activation(relu))\n" +
            "  (5): Dense(120 -> 84, Activation(relu))\n" +
            "  (6): Dense(84 -> 10, linear)\n" +
            ")", net.ToString());
    }

    [Fact]
    public void LeNetSummaryMatchesMxnetFormat()
    {
        var net = LeNet();
        net.Initialize();
        net[5].CollectParams().Values.First().GradReq = GradReq.Null;
        var text = net.Summary(Nd.Ones(new Shape(1, 1, 28, 28)));
        // Rows are formatted '{:>20}  {:>42} {:>15}' in the order the forward hooks fire (an
        // activation child before its layer); containers get no row.
        static string Row(string a, string b, long c) => a.PadLeft(20) + "  " + b.PadLeft(42) + " " + c.ToString().PadLeft(15);
        var expected = string.Join("\n",
            new string('-', 80),
            Row("Layer (type)", "Output Shape", 0).Replace("              0", "        Param #"),
            new string('=', 80),
            Row("Input", "(1, 1, 28, 28)", 0),
            Row("Activation-1", "(1, 6, 28, 28)", 0),
            Row("Conv2D-2", "(1, 6, 28, 28)", 156),
            Row("MaxPool2D-3", "(1, 6, 14, 14)", 0),
            Row("Activation-4", "(1, 16, 10, 10)", 0),
            Row("Conv2D-5", "(1, 16, 10, 10)", 2416),
            Row("MaxPool2D-6", "(1, 16, 5, 5)", 0),
            Row("Activation-7", "(1, 120)", 0),
            Row("Dense-8", "(1, 120)", 48120),
            Row("Activation-9", "(1, 84)", 0),
            Row("Dense-10", "(1, 84)", 10164),
            Row("Dense-11", "(1, 10)", 850),
            new string('=', 80),
            "Parameters in forward computation graph, duplicate included",
            "   Total params: 61706",
            "   Trainable params: 51626",
            "   Non-trainable params: 10080",
            "Shared params in forward computation graph: 0",
            "Unique parameters in model: 61706",
            new string('-', 80)) + "\n";
        Assert.Equal(expected, text.Replace("\r\n", "\n"));
        Assert.Equal("        Layer (type)                                Output Shape         Param #", text.Split('\n')[1]);
    }

    [Fact]
    public void SummaryRefusesHybridizedBlocks()
    {
        var net = LeNet();
        net.Initialize();
        net[1].Hybridize();
        Check.Throws<InvalidOperationException>(() => net.Summary(Nd.Ones(new Shape(1, 1, 28, 28))), "\"MaxPool2D\" must not be hybridized");
    }

    [Fact]
    public void SaveLoadRoundTrip()
    {
        var net = LeNet();
        net.Initialize(new Gluon.Initializers.Normal(0.1));
        var x = Check.RandArray(new Shape(2, 1, 28, 28), 20, 0, 1).AsType(DType.Float32);
        var y = net.Call(x);
        var file = Path.Combine(Path.GetTempPath(), $"lenet-{Guid.NewGuid():N}.params");
        try
        {
            net.SaveParameters(file);
            var names = Nd.Load(file).Select(e => e.Name).ToArray();
            Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "5.weight", "5.bias", "6.weight", "6.bias"], names);
            var net2 = LeNet();
            net2.LoadParameters(file);
            Assert.Equal(new Shape(16, 6, 5, 5), ((Conv2D)net2[2]).Weight.Shape);
            Check.Close(y, net2.Call(x), 0, 0);

            var wrong = new HybridSequential();
            using (wrong.NameScope()) wrong.Add(new Conv2D(6, 3, padding: 2, activation: "relu"), new MaxPool2D(2));
            Check.Throws<InvalidDataException>(() => wrong.LoadParameters(file, ignoreExtra: true), "shape", "(6, 0, 3, 3)", "(6, 1, 5, 5)");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
