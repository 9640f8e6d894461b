using System.Runtime.InteropServices;
using Gluon.Backends;

namespace Gluon;

/// <summary>
/// A dense, row-major n-dimensional array on a <see cref="Context"/> (MXNet's <c>mx.nd.NDArray</c>).
/// Data lives in a pooled <see cref="Storage"/> at an element offset; reshapes and first-axis
/// slices are views sharing that storage. Arrays need no Dispose (the storage returns to its
/// pool when unreachable); <see cref="Dispose"/> frees it at once.
/// </summary>
public sealed partial class NDArray : IDisposable
{
    private Storage _storage;
    private bool _disposed;

    internal NDArray(Storage storage, int offset, Shape shape, DType dtype, bool addRef)
    {
        if (addRef) storage.AddRef();
        _storage = storage;
        Offset = offset;
        Shape = shape;
        DType = dtype;
        NDArrayScope.Track(this);
    }

    /// <summary>Allocates an uninitialized array (contents undefined; use <see cref="Nd.Empty"/>).</summary>
    internal static NDArray Allocate(Shape shape, DType dtype, Context ctx)
    {
        var backend = BackendRegistry.Get(ctx);
        var storage = backend.Allocate(ctx, (long)shape.Size * dtype.SizeOf());
        return new NDArray(storage, 0, shape, dtype, addRef: false);
    }

    /// <summary>The array's shape.</summary>
    public Shape Shape { get; private set; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>Where the data lives.</summary>
    public Context Context => _storage.Context;

    /// <summary>Number of elements.</summary>
    public int Size => Shape.Size;

    /// <summary>Number of dimensions (MXNet's <c>ndim</c>).</summary>
    public int NDim => Shape.Rank;

    /// <summary>Offset of the first element in the storage, in elements.</summary>
    public int Offset { get; }

    /// <summary>Offset of the first element in the storage, in bytes.</summary>
    public long ByteOffset => (long)Offset * DType.SizeOf();

    /// <summary>The backing storage (shared with views).</summary>
    public Storage Storage
    {
        get
        {
            ThrowIfDisposed();
            return _storage;
        }
    }

    /// <summary>True when this array and <paramref name="other"/> use the same storage.</summary>
    public bool SharesStorageWith(NDArray other) => ReferenceEquals(_storage, other._storage);

    /// <summary>Host pointer of the first element (CPU contexts only).</summary>
    public unsafe void* DataPointer
    {
        get
        {
            ThrowIfDisposed();
            return (byte*)_storage.Pointer + ByteOffset;
        }
    }

    /// <summary>
    /// <see cref="DataPointer"/> for a kernel that only reads this array and caches a form derived
    /// from it: does not advance the storage's <see cref="Storage.Version"/>.
    /// </summary>
    internal unsafe void* ReadPointer
    {
        get
        {
            ThrowIfDisposed();
            return (byte*)_storage.ReadAddress + ByteOffset;
        }
    }

    /// <summary>The elements as a span over host memory (CPU contexts only; T must match the dtype's size).</summary>
    public unsafe Span<T> Span<T>() where T : unmanaged
    {
        ThrowIfDisposed();
        if (!Context.IsCpu) throw new InvalidOperationException($"Span<{typeof(T).Name}>() needs a CPU array, this one is on {Context}");
        if (sizeof(T) != DType.SizeOf())
            throw new InvalidOperationException($"Span<{typeof(T).Name}>() does not match dtype {DType.Name()}");
        return new Span<T>((byte*)_storage.Pointer + ByteOffset, Size);
    }

    /// <summary>A new array of the same shape, dtype and context sharing this storage, with no autograd history.</summary>
    public NDArray Detach()
    {
        ThrowIfDisposed();
        return new NDArray(_storage, Offset, Shape, DType, addRef: true);
    }

    /// <summary>A view with another shape of the same size (no copy, no autograd record).</summary>
    internal NDArray View(Shape shape, int extraOffset = 0)
    {
        ThrowIfDisposed();
        return new NDArray(_storage, Offset + extraOffset, shape, DType, addRef: true);
    }

    /// <summary>Copies the elements to a new host array of <typeparamref name="T"/>, converting the dtype if needed.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        ThrowIfDisposed();
        var want = DTypeInfo.Of<T>();
        if (want != DType) return AsType(want).ToArray<T>();
        var result = new T[Size];
        CopyToHost(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    /// <summary>The single element of a size-1 array.</summary>
    /// <exception cref="InvalidOperationException">The array does not hold exactly one element.</exception>
    public T AsScalar<T>() where T : unmanaged
    {
        if (Size != 1) throw new InvalidOperationException($"AsScalar: the array has shape {Shape}, not exactly one element");
        return ToArray<T>()[0];
    }

    internal void CopyToHost(Span<byte> dst)
    {
        ThrowIfDisposed();
        BackendRegistry.Get(Context).CopyToHost(_storage, ByteOffset, dst);
    }

    internal void CopyFromHost(ReadOnlySpan<byte> src)
    {
        ThrowIfDisposed();
        BackendRegistry.Get(Context).CopyFromHost(src, _storage, ByteOffset);
    }

    /// <summary>Blocks until pending writes to this array are done (CPU kernels are synchronous).</summary>
    public void WaitToRead()
    {
        ThrowIfDisposed();
        BackendRegistry.Get(Context).WaitAll(Context);
    }

    /// <summary>Frees the storage once no view uses it; the array is unusable afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _storage.Release();
    }

    /// <summary>True after <see cref="Dispose"/>.</summary>
    public bool IsDisposed => _disposed;

    internal void ThrowIfDisposed()
    {
        if (_disposed) throw new ObjectDisposedException(nameof(NDArray), $"the NDArray of shape {Shape} was disposed");
        if (Deferred is { } d)
            throw new InvalidOperationException($"parameter '{d.Name}' has deferred initialization and its shape {Shape} is not known yet; pass it to an op (run one forward pass) first");
    }

    /// <summary>MXNet's repr: the values, then <c>&lt;NDArray 2x3 @cpu(0)&gt;</c>.</summary>
    public override string ToString() => NDArrayFormatter.Format(this);
}
