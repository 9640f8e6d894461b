namespace Gluon.Nn;

/// <summary>
/// Applies an activation function (MXNet's <c>gluon.nn.Activation</c>): relu, sigmoid, tanh,
/// softrelu or softsign. Its naming hint is the act_type, so <c>Activation("relu")</c> is named
/// <c>relu0</c>.
/// </summary>
public class Activation : HybridBlock
{
    /// <summary>An activation of type <paramref name="activation"/>.</summary>
    public Activation(string activation, string? prefix = null, ParameterDict? @params = null)
        : base(prefix, @params, activation ?? throw new ArgumentNullException(nameof(activation)))
    {
        ActType = activation;
    }

    /// <summary>The activation type.</summary>
    public string ActType { get; }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => Nd.Activation(x, ActType);

    /// <inheritdoc/>
    public override string ToString() => $"Activation({ActType})";
}
