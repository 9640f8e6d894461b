namespace Gluon.Ops;

/// <summary>
/// One op, defined once for imperative, autograd and (later) symbolic use: MXNet name and
/// aliases, attribute parsing, input/output arity and names, aux (mutated) inputs, shape and
/// dtype inference, in-place hints, and the gradient written with other ops (so backward runs
/// on every backend and <c>create_graph</c> gives higher-order gradients). Kernels are attached
/// per backend by <see cref="Name"/>.
/// </summary>
public abstract class OpDef
{
    private static readonly string[] s_data = ["data"];
    private static readonly string[] s_output = ["output"];

    /// <summary>Canonical MXNet op name (<c>FullyConnected</c>, <c>broadcast_add</c>...).</summary>
    public abstract string Name { get; }

    /// <summary>Other names MXNet accepts for this op (<c>flatten</c> for <c>Flatten</c>).</summary>
    public virtual IReadOnlyList<string> Aliases => Array.Empty<string>();

    /// <summary>Parses the attributes once per call site; the result is passed to every other member.</summary>
    /// <exception cref="ArgumentException">An attribute is missing or malformed (the message names the op).</exception>
    public virtual object Parse(OpAttrs attrs) => attrs;

    /// <summary>Input slot names in order (aux states included); their count is the arity.</summary>
    public virtual IReadOnlyList<string> InputNames(object param) => s_data;

    /// <summary>Output names (hidden outputs included).</summary>
    public virtual IReadOnlyList<string> OutputNames(object param) => s_output;

    /// <summary>How many leading outputs the caller sees (MXNet's visible outputs).</summary>
    public virtual int NumVisibleOutputs(object param) => OutputNames(param).Count;

    /// <summary>Indices of inputs the op mutates (aux states such as BatchNorm's moving stats).</summary>
    public virtual IReadOnlyList<int> AuxInputs(object param) => Array.Empty<int>();

    /// <summary>Infers output shapes from input shapes; throws with the op name and shapes on mismatch.</summary>
    public abstract Shape[] InferShape(object param, Shape[] inputs);

    /// <summary>
    /// Fills unknown input shapes (null) from known ones where the op determines them (weights from
    /// data and attributes); used by deferred initialization and symbol shape inference.
    /// </summary>
    public virtual Shape?[] InferInputShapes(object param, Shape?[] inputs) => inputs;

    /// <summary>Infers output dtypes; by default every output takes the first input's dtype.</summary>
    public virtual DType[] InferType(object param, DType[] inputs)
    {
        int n = OutputNames(param).Count;
        var r = new DType[n];
        Array.Fill(r, inputs.Length > 0 ? inputs[0] : DType.Float32);
        return r;
    }

    /// <summary>
    /// When the single output is a contiguous window of input 0 (reshape, first-axis slice), its
    /// element offset into that input; imperative calls then return a view instead of running a
    /// kernel. Null (the default) means the op computes a new array.
    /// </summary>
    public virtual int? ViewOffset(object param, Shape[] inputs) => null;

    /// <summary>Pairs (input, output) that may share storage (the memory planner reads these).</summary>
    public virtual IReadOnlyList<(int Input, int Output)> InPlace(object param) => Array.Empty<(int, int)>();

    /// <summary>
    /// Gradients of the inputs given the output gradients, built from ops. Entries may be null for
    /// inputs that get no gradient (indices, labels, aux states).
    /// </summary>
    /// <exception cref="NotSupportedException">The op is not differentiable.</exception>
    public virtual NDArray?[] Gradient(GradientContext g) =>
        throw new NotSupportedException($"operator {Name} has no gradient");

    /// <summary>Number of inputs for the parsed attributes.</summary>
    public int NumInputs(object param) => InputNames(param).Count;

    /// <summary>Number of outputs for the parsed attributes.</summary>
    public int NumOutputs(object param) => OutputNames(param).Count;

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>An <see cref="ArgumentException"/> whose message starts with the op name.</summary>
    protected ArgumentException Error(string message) => new($"{Name}: {message}");
}

/// <summary>An <see cref="OpDef"/> whose attributes parse into a typed parameter object.</summary>
public abstract class OpDef<TParam> : OpDef where TParam : class
{
    /// <inheritdoc/>
    public sealed override object Parse(OpAttrs attrs) => ParseParam(attrs);

    /// <summary>Parses the attributes into <typeparamref name="TParam"/>.</summary>
    protected abstract TParam ParseParam(OpAttrs attrs);

    /// <inheritdoc/>
    public sealed override Shape[] InferShape(object param, Shape[] inputs) => InferShape((TParam)param, inputs);

    /// <summary>Typed shape inference.</summary>
    protected abstract Shape[] InferShape(TParam p, Shape[] inputs);
}
