namespace Gluon;

/// <summary>
/// A block of device memory shared by an array and its views. Freed deterministically when the
/// last holder releases it (<see cref="NDArray.Dispose"/>), or by the finalizer when every holder
/// became unreachable, so a loop that never disposes keeps a flat memory profile.
/// </summary>
public abstract class Storage
{
    private int _refs = 1;

    /// <summary>Creates storage owned by one holder.</summary>
    protected Storage(Context context, long bytes)
    {
        Context = context;
        Bytes = bytes;
    }

    /// <summary>The device holding the memory.</summary>
    public Context Context { get; }

    /// <summary>Size in bytes.</summary>
    public long Bytes { get; }

    /// <summary>Address of the first byte (host address for CPU; device pointer for GPU).</summary>
    public abstract IntPtr Pointer { get; }

    /// <summary>True once the memory went back to its pool.</summary>
    public bool IsReleased => Volatile.Read(ref _refs) <= 0;

    internal void AddRef()
    {
        if (Interlocked.Increment(ref _refs) <= 1)
            throw new ObjectDisposedException(nameof(Storage), "storage was already released");
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _refs) == 0)
        {
            Free();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Returns the memory to its pool; runs once.</summary>
    protected abstract void Free();

    /// <summary>Returns the memory when every holder was collected without Dispose.</summary>
    ~Storage()
    {
        if (Volatile.Read(ref _refs) > 0) Free();
    }
}
