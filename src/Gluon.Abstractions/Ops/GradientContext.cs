namespace Gluon.Ops;

/// <summary>What an op's gradient function sees: its attributes, the recorded inputs and outputs, and the output gradients.</summary>
public sealed class GradientContext
{
    internal GradientContext(OpDef op, object param, NDArray[] inputs, NDArray[] outputs, NDArray[] outGrads, TapeEntry?[]? inputEntries = null)
    {
        _inputEntries = inputEntries;
        Op = op;
        Param = param;
        Inputs = inputs;
        Outputs = outputs;
        OutGrads = outGrads;
    }

    private readonly TapeEntry?[]? _inputEntries;

    /// <summary>
    /// False when nothing recorded depends on input <paramref name="index"/> (an array without
    /// AttachGrad and not computed from one, such as the data of a first layer): its gradient is
    /// discarded, so the gradient function may return null for it instead of computing it.
    /// </summary>
    public bool NeedsGrad(int index) => _inputEntries is null || _inputEntries[index] is not null;

    /// <summary>
    /// Where the gradient of input <paramref name="index"/> may be written directly, or null: the
    /// gradient buffer of a variable with request write that nothing else in the graph reads, during
    /// <see cref="Autograd.Backward"/> (never for <see cref="Autograd.Grad"/> or <c>create_graph</c>).
    /// A gradient function that computes that gradient into it (out=) and returns it saves backward
    /// the copy into the buffer; returning any other array stays correct.
    /// </summary>
    public NDArray? GradTarget(int index) =>
        _inputEntries?[index] is { Node: { DirectWrite: true, Uses: 1, GradBuffer: { } buf } } &&
        buf.DType == Inputs[index].DType && buf.Shape == Inputs[index].Shape && buf.Context == Inputs[index].Context ? buf : null;

    /// <summary>The op.</summary>
    public OpDef Op { get; }

    /// <summary>Its parsed attributes.</summary>
    public object Param { get; }

    /// <summary>The parsed attributes cast to the op's parameter type.</summary>
    public T P<T>() => (T)Param;

    /// <summary>Input values as they were when the op ran.</summary>
    public NDArray[] Inputs { get; }

    /// <summary>Output values (hidden outputs included).</summary>
    public NDArray[] Outputs { get; }

    /// <summary>Gradient of the loss with respect to each output (zeros for outputs nothing depended on).</summary>
    public NDArray[] OutGrads { get; }
}
