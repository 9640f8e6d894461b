namespace Gluon.Backends;

/// <summary>
/// What a device backend supplies: storage, copies, synchronisation and kernels registered by op
/// name. Public methods validate, then call the protected <c>...Core</c> methods.
/// </summary>
public abstract class Backend
{
    private readonly Dictionary<string, Kernel> _kernels = new(StringComparer.Ordinal);

    /// <summary>The device type this backend serves.</summary>
    public abstract DeviceType DeviceType { get; }

    /// <summary>Allocates <paramref name="bytes"/> bytes on <paramref name="context"/> (contents undefined).</summary>
    public Storage Allocate(Context context, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return AllocateCore(context, bytes);
    }

    /// <summary>Allocates device memory.</summary>
    protected abstract Storage AllocateCore(Context context, long bytes);

    /// <summary>Copies device bytes [offset, offset+dst.Length) of <paramref name="src"/> to host memory.</summary>
    public void CopyToHost(Storage src, long byteOffset, Span<byte> dst)
    {
        if (byteOffset < 0 || byteOffset + dst.Length > src.Bytes)
            throw new ArgumentOutOfRangeException(nameof(byteOffset), $"copy of {dst.Length} bytes at {byteOffset} exceeds storage of {src.Bytes} bytes");
        CopyToHostCore(src, byteOffset, dst);
    }

    /// <summary>Copies host bytes into device memory at <paramref name="byteOffset"/>.</summary>
    public void CopyFromHost(ReadOnlySpan<byte> src, Storage dst, long byteOffset)
    {
        if (byteOffset < 0 || byteOffset + src.Length > dst.Bytes)
            throw new ArgumentOutOfRangeException(nameof(byteOffset), $"copy of {src.Length} bytes at {byteOffset} exceeds storage of {dst.Bytes} bytes");
        CopyFromHostCore(src, dst, byteOffset);
    }

    /// <summary>Device-to-host copy.</summary>
    protected abstract void CopyToHostCore(Storage src, long byteOffset, Span<byte> dst);

    /// <summary>Host-to-device copy.</summary>
    protected abstract void CopyFromHostCore(ReadOnlySpan<byte> src, Storage dst, long byteOffset);

    /// <summary>Blocks until all work queued on the context is finished.</summary>
    public abstract void WaitAll(Context context);

    /// <summary>Registers (or replaces) the kernel run for op <paramref name="opName"/>.</summary>
    public void RegisterKernel(string opName, Kernel kernel) => _kernels[opName] = kernel;

    /// <summary>The kernel for an op, or null when this backend has none.</summary>
    public Kernel? FindKernel(string opName) => _kernels.TryGetValue(opName, out var k) ? k : null;

    /// <summary>Names of all ops with a kernel on this backend.</summary>
    public IEnumerable<string> KernelNames => _kernels.Keys;
}
