using Gluon;
using Gluon.Nn;

namespace Gluon.Samples.FashionMnist;

/// <summary>LeNet-5 with ReLU and max pooling, as in the Gluon tutorials.</summary>
internal static class LeNet
{
    /// <summary>conv 6@5x5 pad 2, pool 2, conv 16@5x5, pool 2, dense 120-84-10.</summary>
    public static HybridSequential Create()
    {
        var net = new HybridSequential(prefix: "lenet_");
        using (net.NameScope())
        {
            net.Add(
                new Conv2D(6, kernelSize: 5, padding: 2, activation: "relu"),
                new MaxPool2D(poolSize: 2, strides: 2),
                new Conv2D(16, kernelSize: 5, activation: "relu"),
                new MaxPool2D(poolSize: 2, strides: 2),
                new Dense(120, activation: "relu"),
                new Dense(84, activation: "relu"),
                new Dense(10));
        }
        return net;
    }
}
