namespace Gluon;

public sealed partial class NDArray
{
    /// <summary>Dot product with <paramref name="other"/> (<see cref="Nd.Dot"/>).</summary>
    public NDArray Dot(NDArray other, bool transposeA = false, bool transposeB = false) => Nd.Dot(this, other, transposeA, transposeB);

    /// <summary>Softmax along <paramref name="axis"/> (<see cref="Nd.Softmax(NDArray, int, double?, DType?)"/>).</summary>
    public NDArray Softmax(int axis = -1, double? temperature = null) => Nd.Softmax(this, axis, temperature);

    /// <summary>Log-softmax along <paramref name="axis"/> (<see cref="Nd.LogSoftmax(NDArray, int, double?, DType?)"/>).</summary>
    public NDArray LogSoftmax(int axis = -1, double? temperature = null) => Nd.LogSoftmax(this, axis, temperature);

    /// <summary>Elementwise max(x, 0) (<see cref="Nd.Relu"/>).</summary>
    public NDArray Relu() => Nd.Relu(this);

    /// <summary>Elementwise 1/(1 + e⁻ˣ) (<see cref="Nd.Sigmoid"/>).</summary>
    public NDArray Sigmoid() => Nd.Sigmoid(this);

    /// <summary>Elementwise tanh x (<see cref="Nd.Tanh"/>).</summary>
    public NDArray Tanh() => Nd.Tanh(this);

    /// <summary>Elementwise x/(1 + |x|) (<see cref="Nd.Softsign"/>).</summary>
    public NDArray Softsign() => Nd.Softsign(this);

    /// <summary>Elementwise log(1 + eˣ) (<c>Activation(act_type='softrelu')</c>).</summary>
    public NDArray SoftRelu() => Nd.Activation(this, "softrelu");
}
