namespace Gluon;

/// <summary>
/// A block of device memory shared by an array and its views. Freed deterministically when the
/// last holder releases it (<see cref="NDArray.Dispose"/>), or by the finalizer when every holder
/// became unreachable, so a loop that never disposes keeps a flat memory profile.
/// </summary>
public abstract class Storage
{
    private int _refs = 1;
    private long _version;

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

    /// <summary>
    /// Address of the first byte (host address for CPU; device pointer for GPU). Every read of it
    /// counts as a possible write and advances <see cref="Version"/>, so a cache of a form derived
    /// from the contents (a kernel's packed weights) is rebuilt after anyone took the address.
    /// A write through an address taken before the cache was built, and kept, is not seen: take
    /// the address again for each write (as every kernel does per call).
    /// </summary>
    public IntPtr Pointer
    {
        get
        {
            // A plain increment suffices: readers only compare for change, and a lost increment
            // between two writers still changes the value each of them started from.
            _version++;
            return Address;
        }
    }

    /// <summary>The address without advancing <see cref="Version"/>, for readers that promise not to write.</summary>
    internal IntPtr ReadAddress => Address;

    /// <summary>The address of the first byte, for the backend that owns the memory.</summary>
    protected abstract IntPtr Address { get; }

    /// <summary>
    /// Advances whenever <see cref="Pointer"/> is read (by any kernel writing an op's output, an
    /// optimizer update, a copy or a span): unchanged between two reads means unchanged contents.
    /// </summary>
    internal long Version => Volatile.Read(ref _version);

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
