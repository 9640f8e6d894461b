namespace Gluon.Bench.Models;

/// <summary>Runs a network description with Nd ops (inference: BatchNorm with its running statistics).</summary>
internal sealed class NdNetBuilder : INetBuilder<NDArray>
{
    public NDArray Conv(NDArray x, ConvLayer c) => c.Forward(x);

    public NDArray BatchNorm(NDArray x, BatchNormLayer bn) =>
        Nd.BatchNorm(x, bn.GammaNd, bn.BetaNd, bn.MeanNd, bn.VarNd, eps: BatchNormLayer.Eps, fixGamma: false, useGlobalStats: true)[0];

    public NDArray Relu(NDArray x) => Nd.Activation(x, "relu");

    public NDArray BatchNormRelu(NDArray x, BatchNormLayer bn) =>
        Nd.Contrib.BatchNormWithReLU(x, bn.GammaNd, bn.BetaNd, bn.MeanNd, bn.VarNd, eps: BatchNormLayer.Eps, fixGamma: false, useGlobalStats: true)[0];

    public NDArray MaxPool(NDArray x, int kernel, int stride, int pad) =>
        Nd.Pooling(x, [kernel, kernel], "max", stride: [stride, stride], pad: [pad, pad]);

    public NDArray Add(NDArray a, NDArray b) => Gluon.Ops.Imperative.Invoke1("elemwise_add", null, a, b);

    public NDArray GlobalAvgPool(NDArray x) => Nd.Pooling(x, [1, 1], "avg", globalPool: true);

    public NDArray Dense(NDArray x, DenseLayer d) => Nd.FullyConnected(x, d.WNd, d.BNd, d.Out);

    public void Release(NDArray x) => x.Dispose();
}
