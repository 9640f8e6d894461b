namespace Gluon;

/// <summary>
/// Raised when a parameter's data is read while its initialization is deferred until the first
/// forward pass infers its shape (MXNet's <c>gluon.parameter.DeferredInitializationError</c>).
/// </summary>
public sealed class DeferredInitializationError : InvalidOperationException
{
    /// <summary>An error with <paramref name="message"/>.</summary>
    public DeferredInitializationError(string message) : base(message) { }
}
