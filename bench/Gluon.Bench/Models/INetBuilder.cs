namespace Gluon.Bench.Models;

/// <summary>
/// The layer vocabulary an inference network is written in once, so that the Nd run and the
/// ONNX graph of a comparison are built from the same description (T is an NDArray on one side,
/// a value name on the other).
/// </summary>
internal interface INetBuilder<T>
{
    T Conv(T x, ConvLayer c);
    T BatchNorm(T x, BatchNormLayer bn);
    T Relu(T x);
    /// <summary>relu(BatchNorm(x)) as one call: fused where the side has the op, two nodes where its runtime fuses them.</summary>
    T BatchNormRelu(T x, BatchNormLayer bn);
    T MaxPool(T x, int kernel, int stride, int pad);
    T Add(T a, T b);
    T GlobalAvgPool(T x);
    /// <summary>Flatten to (N, features), then x·Wᵀ + b.</summary>
    T Dense(T x, DenseLayer d);
    /// <summary>
    /// <paramref name="x"/> is dead (used by no later layer): the Nd side frees it now, as Python's
    /// reference counting frees an MXNet NDArray, so the memory pool hands its warm block to the
    /// next output; a graph builder ignores it.
    /// </summary>
    void Release(T x);
}
