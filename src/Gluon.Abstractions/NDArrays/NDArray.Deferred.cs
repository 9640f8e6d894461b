namespace Gluon;

public sealed partial class NDArray
{
    /// <summary>
    /// Set on a placeholder that stands for a parameter whose shape is not known yet (Gluon's
    /// deferred initialization). The first op that receives the placeholder infers the full
    /// shape from its other inputs (<see cref="Ops.OpDef.InferInputShapes"/>) and calls this
    /// resolver, which initializes the parameter and returns its real data; the op then runs on
    /// that. This replaces MXNet's "catch DeferredInitializationError, run symbolic
    /// infer_shape, retry" with one step at the point of use, so it works for any imperative
    /// forward, not only traced ones.
    /// </summary>
    internal DeferredData? Deferred { get; private init; }

    /// <summary>True for a placeholder of a parameter whose initialization waits for its shape.</summary>
    public bool IsDeferred => Deferred is not null;

    /// <summary>
    /// Creates a placeholder for a deferred parameter named <paramref name="name"/> whose known
    /// dims are those of <paramref name="partialShape"/> (0 = unknown). Passing it to an op
    /// calls <paramref name="resolve"/> with the inferred full shape and uses the array it returns.
    /// Reading the placeholder's data directly raises.
    /// </summary>
    public static NDArray CreateDeferred(string name, Shape partialShape, DType dtype, Context ctx, Func<Shape, NDArray> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var empty = Allocate(new Shape(0), dtype, ctx);
        return new NDArray(empty._storage, 0, partialShape, dtype, addRef: true) { Deferred = new DeferredData(name, resolve) };
    }

    internal sealed record DeferredData(string Name, Func<Shape, NDArray> Resolve);
}
