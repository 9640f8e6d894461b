using Gluon.Ops;

namespace Gluon.Bench.Models;

/// <summary>
/// One training step written with raw Nd ops and autograd: forward, softmax cross-entropy
/// (log_softmax + pick, mean over the batch, as Gluon's SoftmaxCrossEntropyLoss computes it),
/// backward, and a plain SGD update w ← w − lr·∇w written in place (the fused sgd_update op). The MLP 784-256-256-10 and
/// LeNet of issue 3, batch 128, random data and seeded random weights.
/// </summary>
internal sealed class TrainStep
{
    private readonly NDArray[] _params;
    private readonly Func<NDArray, NDArray> _forward;
    private readonly NDArray _x, _label;
    private readonly OpDef _sgd = OpRegistry.Get("sgd_update");
    private readonly OpAttrs _sgdAttrs = new() { { "lr", Lr } };
    private const double Lr = 0.01;

    private TrainStep(NDArray[] parameters, Func<NDArray, NDArray> forward, NDArray x, NDArray label)
    {
        _params = parameters;
        _forward = forward;
        _x = x;
        _label = label;
        foreach (var p in _params) p.AttachGrad();
    }

    /// <summary>Batch size of both models.</summary>
    public const int Batch = 128;

    /// <summary>MLP 784-256-256-10 with relu.</summary>
    public static TrainStep Mlp(int seed = 1)
    {
        var r = new Random(seed);
        var l1 = new DenseLayer(r, 784, 256);
        var l2 = new DenseLayer(r, 256, 256);
        var l3 = new DenseLayer(r, 256, 10);
        NDArray Forward(NDArray x)
        {
            var h = Nd.Activation(Nd.FullyConnected(x, l1.WNd, l1.BNd, 256), "relu");
            h = Nd.Activation(Nd.FullyConnected(h, l2.WNd, l2.BNd, 256), "relu");
            return Nd.FullyConnected(h, l3.WNd, l3.BNd, 10);
        }
        return new TrainStep([l1.WNd, l1.BNd, l2.WNd, l2.BNd, l3.WNd, l3.BNd], Forward,
            Init.Nd(Init.Uniform(r, Batch * 784, 0, 1), Batch, 784), Labels(r));
    }

    /// <summary>LeNet: conv 6@5×5 pad 2, relu, max pool 2, conv 16@5×5, relu, max pool 2, dense 120-84-10 (relu between).</summary>
    public static TrainStep LeNet(int seed = 2)
    {
        var r = new Random(seed);
        var c1 = new ConvLayer(r, 1, 6, 5, 1, 2, bias: true);
        var c2 = new ConvLayer(r, 6, 16, 5, 1, 0, bias: true);
        var f1 = new DenseLayer(r, 16 * 5 * 5, 120);
        var f2 = new DenseLayer(r, 120, 84);
        var f3 = new DenseLayer(r, 84, 10);
        NDArray Forward(NDArray x)
        {
            var h = Nd.Pooling(Nd.Activation(c1.Forward(x), "relu"), [2, 2], "max", stride: [2, 2]);
            h = Nd.Pooling(Nd.Activation(c2.Forward(h), "relu"), [2, 2], "max", stride: [2, 2]);
            h = Nd.Activation(Nd.FullyConnected(h, f1.WNd, f1.BNd, 120), "relu");
            h = Nd.Activation(Nd.FullyConnected(h, f2.WNd, f2.BNd, 84), "relu");
            return Nd.FullyConnected(h, f3.WNd, f3.BNd, 10);
        }
        return new TrainStep([c1.WNd, c1.BNd!, c2.WNd, c2.BNd!, f1.WNd, f1.BNd, f2.WNd, f2.BNd, f3.WNd, f3.BNd], Forward,
            Init.Nd(Init.Uniform(r, Batch * 28 * 28, 0, 1), Batch, 1, 28, 28), Labels(r));
    }

    private static NDArray Labels(Random r)
    {
        var l = new float[Batch];
        for (int i = 0; i < Batch; i++) l[i] = r.Next(10);
        return Init.Nd(l, Batch);
    }

    /// <summary>Runs one step and returns the loss before the update.</summary>
    public float Step()
    {
        using var scope = NDArrayScope.Begin();
        NDArray loss;
        using (Autograd.Record())
            loss = -Nd.Mean(Nd.Pick(Nd.LogSoftmax(_forward(_x)), _label));
        loss.Backward();
        // MXNet's fused sgd_update (w ← w − lr·∇w with wd = 0): one pass per parameter, as
        // Gluon's SGD optimizer and libtorch's optimizer step run it.
        UpdateOnly();
        return loss.AsScalar<float>();
    }

    /// <summary>The SGD update alone (no forward or backward), for the per-part timing of <c>--train-profile</c>.</summary>
    public void UpdateOnly()
    {
        for (int i = 0; i < _params.Length; i++)
            Imperative.Invoke(_sgd, _sgdAttrs, [_params[i], _params[i].Grad!], outputs: [_params[i]]);
    }

    /// <summary>Forward only (inference mode), for the forward-only figures.</summary>
    public void Forward()
    {
        using var scope = NDArrayScope.Begin();
        _forward(_x).WaitToRead();
    }
}
