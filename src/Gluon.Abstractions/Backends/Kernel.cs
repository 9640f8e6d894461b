namespace Gluon.Backends;

/// <summary>
/// A backend kernel: computes the outputs of one op call from its inputs. Called once per op
/// invocation (never per element), so a delegate here costs nothing measurable.
/// </summary>
public delegate void Kernel(KernelContext context);

/// <summary>Everything a kernel needs for one call.</summary>
public sealed class KernelContext
{
    internal KernelContext(Ops.OpDef op, object param, NDArray[] inputs, NDArray[] outputs, bool isTraining, Context context)
    {
        Op = op;
        Param = param;
        Inputs = inputs;
        Outputs = outputs;
        IsTraining = isTraining;
        Context = context;
    }

    /// <summary>The op being run.</summary>
    public Ops.OpDef Op { get; }

    /// <summary>The op's parsed attributes (the object <see cref="Ops.OpDef.Parse"/> returned).</summary>
    public object Param { get; }

    /// <summary>The parsed attributes, cast to the op's parameter type.</summary>
    public T P<T>() => (T)Param;

    /// <summary>Inputs, in the op's input order (aux states included).</summary>
    public NDArray[] Inputs { get; }

    /// <summary>Outputs, already allocated with the inferred shapes and dtypes (hidden outputs included).</summary>
    public NDArray[] Outputs { get; }

    /// <summary><see cref="Autograd.IsTraining"/> at the time of the call (Dropout, BatchNorm).</summary>
    public bool IsTraining { get; }

    /// <summary>The device the call runs on.</summary>
    public Context Context { get; }
}
