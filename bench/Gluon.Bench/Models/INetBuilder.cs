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
    T MaxPool(T x, int kernel, int stride, int pad);
    T Add(T a, T b);
    T GlobalAvgPool(T x);
    /// <summary>Flatten to (N, features), then x·Wᵀ + b.</summary>
    T Dense(T x, DenseLayer d);
}
