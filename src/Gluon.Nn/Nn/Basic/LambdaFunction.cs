using Gluon.Ops;

namespace Gluon.Nn;

/// <summary>
/// The function of a <see cref="Lambda"/> or <see cref="HybridLambda"/>: an op looked up by
/// name, or a delegate, with the name MXNet prints in the repr.
/// </summary>
internal sealed class LambdaFunction
{
    private readonly Func<NDArray[], NDArray[]> _impl;

    private LambdaFunction(Func<NDArray[], NDArray[]> impl, string name)
    {
        _impl = impl;
        Name = name;
    }

    /// <summary>The op name, the delegate's method name, or <c>&lt;lambda&gt;</c> for an anonymous function.</summary>
    public string Name { get; }

    /// <summary>The op registered as <paramref name="opName"/>, called with no attributes; its visible outputs are returned.</summary>
    /// <exception cref="ArgumentException">No op has that name.</exception>
    public static LambdaFunction FromOp(string opName, string block)
    {
        ArgumentNullException.ThrowIfNull(opName);
        if (OpRegistry.Find(opName) is null)
            throw new ArgumentException($"{block}: Function name {opName} is not found in ndarray.", "function");
        return new LambdaFunction(xs => Nd.Ops(opName, null, xs), opName);
    }

    /// <summary>A one-input, one-output delegate.</summary>
    public static LambdaFunction From(Func<NDArray, NDArray> f, string block)
    {
        ArgumentNullException.ThrowIfNull(f, "function");
        return new LambdaFunction(xs => xs.Length == 1
            ? [f(xs[0])]
            : throw new ArgumentException($"{block}: the function takes 1 input, got {xs.Length}"), NameOf(f));
    }

    /// <summary>A delegate over any number of inputs and outputs.</summary>
    public static LambdaFunction From(Func<NDArray[], NDArray[]> f)
    {
        ArgumentNullException.ThrowIfNull(f, "function");
        return new LambdaFunction(f, NameOf(f));
    }

    /// <summary>Calls the function on <paramref name="inputs"/>.</summary>
    /// <exception cref="ArgumentNullException">An input is null.</exception>
    public NDArray[] Invoke(NDArray?[] inputs, string block)
    {
        var xs = new NDArray[inputs.Length];
        for (int i = 0; i < xs.Length; i++)
            xs[i] = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"{block}: input {i} is null");
        return _impl(xs);
    }

    // Python prints a lambda's __name__ as <lambda>; C# anonymous functions get compiler names in angle brackets.
    private static string NameOf(Delegate f) => f.Method.Name.Contains('<') ? "<lambda>" : f.Method.Name;
}
