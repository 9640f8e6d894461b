namespace Gluon.Ops.Definitions;

/// <summary>
/// An op with one input <c>data</c> and one output of the same shape and dtype, whose gradient
/// is given as a function of the gradient context (elementwise math, activations).
/// </summary>
[NotRegistered]
public sealed class UnaryOpDef : OpDef
{
    private readonly Func<GradientContext, NDArray?>? _grad;
    private readonly string[] _aliases;

    /// <summary>Defines unary op <paramref name="name"/>; a null gradient makes it non-differentiable (zero gradient).</summary>
    public UnaryOpDef(string name, Func<GradientContext, NDArray?>? grad, params string[] aliases)
    {
        Name = name;
        _grad = grad;
        _aliases = aliases;
    }

    /// <inheritdoc/>
    public override string Name { get; }
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => _aliases;
    /// <inheritdoc/>
    public override Shape[] InferShape(object param, Shape[] inputs) => [inputs[0]];
    /// <inheritdoc/>
    public override IReadOnlyList<(int Input, int Output)> InPlace(object param) => [(0, 0)];
    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [_grad?.Invoke(g)];
}
