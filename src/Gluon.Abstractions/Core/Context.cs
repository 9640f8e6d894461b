namespace Gluon;

/// <summary>
/// A device on which arrays live and kernels run: a <see cref="DeviceType"/> and an id, as MXNet's
/// <c>mx.cpu(0)</c> / <c>mx.gpu(1)</c>. Several CPU contexts may coexist (data-parallel tests);
/// they share the host backend but are distinct for placement and equality.
/// </summary>
public readonly record struct Context(DeviceType DeviceType, int DeviceId)
{
    [ThreadStatic] private static Stack<Context>? s_stack;

    /// <summary>The CPU context with the given id (<c>mx.cpu(id)</c>).</summary>
    public static Context Cpu(int id = 0) => new(DeviceType.Cpu, id);

    /// <summary>The GPU context with the given id (<c>mx.gpu(id)</c>).</summary>
    public static Context Gpu(int id = 0) => new(DeviceType.Gpu, id);

    /// <summary>The context of the innermost <see cref="Use"/> scope on this thread, else <c>Cpu(0)</c>.</summary>
    public static Context Current => s_stack is { Count: > 0 } s ? s.Peek() : Cpu(0);

    /// <summary>True for every host-memory device type.</summary>
    public bool IsCpu => DeviceType is DeviceType.Cpu or DeviceType.CpuPinned or DeviceType.CpuShared;

    /// <summary>Makes this context <see cref="Current"/> until the returned scope is disposed.</summary>
    public IDisposable Use()
    {
        (s_stack ??= new Stack<Context>()).Push(this);
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        private bool _done;
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            s_stack?.Pop();
        }
    }

    /// <summary>MXNet's spelling: <c>cpu(0)</c>, <c>gpu(1)</c>.</summary>
    public override string ToString() => DeviceType switch
    {
        DeviceType.Cpu => $"cpu({DeviceId})",
        DeviceType.Gpu => $"gpu({DeviceId})",
        DeviceType.CpuPinned => $"cpu_pinned({DeviceId})",
        _ => $"cpu_shared({DeviceId})",
    };
}
