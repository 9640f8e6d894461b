using Gluon.Data;
using Gluon.Data.Vision;
using Gluon.Data.Vision.Transforms;
using Gluon.Losses;
using Gluon.Metrics;
using Gluon.Nn;

namespace Gluon.Tests.Training;

/// <summary>
/// A short end-to-end run on real data: an MLP trained with DataLoader, Trainer, a loss and a
/// metric for one pass over 12,000 Fashion-MNIST images must beat 75 % accuracy on 2,000 test
/// images (a linear model reaches about 80 % on this data; chance is 10 %). It seeds the
/// process-wide generator (initialization and the shuffle draw from it), so it runs in the
/// collection that runs alone: a class drawing in parallel once gave it another order and 73.2 %.
/// </summary>
[Collection(Gluon.Tests.Initialization.GlobalRandomCollection.Name)]
public class FashionMnistTrainingTests
{
    [Fact]
    public void OneShortEpochBeatsTheStatedAccuracy()
    {
        if (!File.Exists(Path.Combine(FashionMNIST.SystemDirectory, "train-images-idx3-ubyte.gz")))
        {
            Console.WriteLine($"SKIPPED OneShortEpochBeatsTheStatedAccuracy: {FashionMNIST.SystemDirectory} is absent (run scripts/setup.sh)");
            return;
        }
        Nd.Random.Seed(3);
        var train = new FashionMNIST(FashionMNIST.SystemDirectory, train: true).Take(12000);
        var test = new FashionMNIST(FashionMNIST.SystemDirectory, train: false).Take(2000);
        var toTensor = new ToTensor();
        var net = new HybridSequential();
        using (net.NameScope()) net.Add(new Dense(128, activation: "relu"), new Dense(10));
        net.Initialize(new Gluon.Initializers.Xavier());
        var loss = new SoftmaxCrossEntropyLoss();
        var trainer = new Trainer(net.CollectParams(), "sgd", new Dictionary<string, object?> { ["learning_rate"] = 0.1, ["momentum"] = 0.9 });
        foreach (var (images, labels) in new DataLoader<(NDArray Data, int Label)>(train, batchSize: 100, shuffle: true))
        {
            var x = toTensor.Call(images);
            NDArray l;
            using (Autograd.Record()) l = loss.Call(net.Call(x), labels);
            l.Backward();
            trainer.Step(x.Shape[0]);
        }
        var acc = new Accuracy();
        foreach (var (images, labels) in new DataLoader<(NDArray Data, int Label)>(test, batchSize: 500))
            acc.Update(labels, net.Call(toTensor.Call(images)));
        Assert.True(acc.Get().Value > 0.75, $"test accuracy {acc.Get().Value:P2} after one short epoch, expected > 75 %");
    }
}
