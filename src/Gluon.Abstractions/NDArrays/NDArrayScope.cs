namespace Gluon;

/// <summary>
/// Frees every array created on this thread while the scope is open, when it closes, except
/// those passed to <see cref="Keep"/>. For loops that want deterministic memory without
/// disposing each temporary by hand; scopes nest.
/// </summary>
public sealed class NDArrayScope : IDisposable
{
    [ThreadStatic] private static NDArrayScope? s_current;

    private readonly NDArrayScope? _parent;
    private readonly List<NDArray> _owned = new();
    private HashSet<NDArray>? _kept;
    private bool _disposed;

    private NDArrayScope()
    {
        _parent = s_current;
        s_current = this;
    }

    /// <summary>Opens a scope on this thread.</summary>
    public static NDArrayScope Begin() => new();

    internal static void Track(NDArray a) => s_current?._owned.Add(a);

    /// <summary>Keeps <paramref name="a"/> alive after the scope closes (it moves to the enclosing scope, if any).</summary>
    public NDArray Keep(NDArray a)
    {
        (_kept ??= new HashSet<NDArray>(ReferenceEqualityComparer.Instance)).Add(a);
        return a;
    }

    /// <summary>Disposes every array created in the scope and not kept.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        s_current = _parent;
        foreach (var a in _owned)
        {
            if (_kept is not null && _kept.Contains(a)) { _parent?._owned.Add(a); continue; }
            // A kept array's autograd history may reference scope temporaries; keep-marked
            // arrays' gradient buffers are owned by the variable, never by the scope.
            a.Dispose();
        }
        _owned.Clear();
    }
}
