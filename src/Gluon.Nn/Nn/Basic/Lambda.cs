namespace Gluon.Nn;

/// <summary>
/// Wraps an op or a function as a Block (MXNet's <c>gluon.nn.Lambda</c>): the forward pass
/// returns <c>function(inputs)</c>.
/// </summary>
public class Lambda : Block
{
    private readonly LambdaFunction _function;

    /// <summary>A block applying op <paramref name="function"/> (e.g. <c>"tanh"</c>) to its inputs.</summary>
    /// <exception cref="ArgumentException">No op has that name.</exception>
    public Lambda(string function, string? prefix = null) : base(prefix, null) =>
        _function = LambdaFunction.FromOp(function, "Lambda");

    /// <summary>A block applying <paramref name="function"/> to its one input.</summary>
    public Lambda(Func<NDArray, NDArray> function, string? prefix = null) : base(prefix, null) =>
        _function = LambdaFunction.From(function, "Lambda");

    /// <summary>A block applying <paramref name="function"/> to all its inputs, returning all its outputs.</summary>
    public Lambda(Func<NDArray[], NDArray[]> function, string? prefix = null) : base(prefix, null) =>
        _function = LambdaFunction.From(function);

    /// <inheritdoc/>
    public override NDArray[] ForwardMulti(NDArray?[] inputs) => _function.Invoke(inputs, $"Lambda '{Name}'");

    /// <summary>MXNet's repr: <c>Lambda(name)</c>, the op or function name.</summary>
    public override string ToString() => $"Lambda({_function.Name})";
}
