namespace Gluon.Nn;

/// <summary>
/// Wraps an op or a function of ops as a HybridBlock (MXNet's <c>gluon.nn.HybridLambda</c>):
/// the forward pass returns <c>function(inputs)</c>. The function must only use ops so that the
/// block can be hybridized.
/// </summary>
public class HybridLambda : HybridBlock
{
    private readonly LambdaFunction _function;

    /// <summary>A block applying op <paramref name="function"/> (e.g. <c>"tanh"</c>) to its inputs.</summary>
    /// <exception cref="ArgumentException">No op has that name.</exception>
    public HybridLambda(string function, string? prefix = null) : base(prefix, null) =>
        _function = LambdaFunction.FromOp(function, "HybridLambda");

    /// <summary>A block applying <paramref name="function"/> to its one input.</summary>
    public HybridLambda(Func<NDArray, NDArray> function, string? prefix = null) : base(prefix, null) =>
        _function = LambdaFunction.From(function, "HybridLambda");

    /// <summary>A block applying <paramref name="function"/> to all its inputs, returning all its outputs.</summary>
    public HybridLambda(Func<NDArray[], NDArray[]> function, string? prefix = null) : base(prefix, null) =>
        _function = LambdaFunction.From(function);

    /// <inheritdoc/>
    public override NDArray[] ForwardMulti(NDArray?[] inputs) => _function.Invoke(inputs, $"HybridLambda '{Name}'");

    /// <summary>MXNet's repr: <c>HybridLambda(name)</c>, the op or function name.</summary>
    public override string ToString() => $"HybridLambda({_function.Name})";
}
