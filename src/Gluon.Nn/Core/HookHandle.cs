namespace Gluon;

/// <summary>
/// Returned by <see cref="Block.RegisterForwardHook"/> and
/// <see cref="Block.RegisterForwardPreHook"/>: <see cref="Detach"/> (or disposing it) removes
/// the hook (MXNet's <c>gluon.utils.HookHandle</c>).
/// </summary>
public sealed class HookHandle : IDisposable
{
    private Action? _remove;

    internal HookHandle(Action remove) => _remove = remove;

    /// <summary>Removes the hook; later calls do nothing.</summary>
    public void Detach()
    {
        _remove?.Invoke();
        _remove = null;
    }

    /// <summary>Same as <see cref="Detach"/>, so a hook can live for a <c>using</c> block.</summary>
    public void Dispose() => Detach();
}
