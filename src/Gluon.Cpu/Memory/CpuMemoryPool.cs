using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Gluon.Cpu;

/// <summary>
/// Pooled, 64-byte aligned host memory in power-of-two size classes (MXNet's pooled storage
/// manager). Freed blocks are kept for reuse up to <see cref="MaxCachedBytes"/>; beyond that
/// they go back to the OS. Thread-safe: finalizers return blocks from the GC thread.
/// </summary>
public sealed class CpuMemoryPool
{
    private const int Alignment = 64;
    private const int MinClassLog2 = 6;
    private readonly ConcurrentBag<IntPtr>[] _free = new ConcurrentBag<IntPtr>[48];
    private long _cachedBytes, _liveBytes;

    /// <summary>Upper bound on memory kept for reuse (default 1 GiB).</summary>
    public long MaxCachedBytes { get; set; } = 1L << 30;

    /// <summary>Bytes currently handed out (by size class).</summary>
    public long LiveBytes => Interlocked.Read(ref _liveBytes);

    /// <summary>Bytes held for reuse.</summary>
    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    internal CpuMemoryPool()
    {
        for (int i = 0; i < _free.Length; i++) _free[i] = new ConcurrentBag<IntPtr>();
    }

    internal unsafe CpuStorage Rent(Context ctx, long bytes)
    {
        int cls = Math.Max(MinClassLog2, 64 - BitOperations.LeadingZeroCount((ulong)Math.Max(bytes - 1, 1)));
        long capacity = 1L << cls;
        if (!_free[cls].TryTake(out IntPtr p))
        {
            p = (IntPtr)NativeMemory.AlignedAlloc((nuint)capacity, Alignment);
            if (p == IntPtr.Zero) throw new OutOfMemoryException($"cpu: cannot allocate {capacity} bytes");
            GC.AddMemoryPressure(capacity);
        }
        else Interlocked.Add(ref _cachedBytes, -capacity);
        Interlocked.Add(ref _liveBytes, capacity);
        return new CpuStorage(this, ctx, bytes, p, capacity);
    }

    internal unsafe void Return(IntPtr p, long capacity)
    {
        Interlocked.Add(ref _liveBytes, -capacity);
        if (Interlocked.Read(ref _cachedBytes) + capacity <= MaxCachedBytes)
        {
            int cls = BitOperations.Log2((ulong)capacity);
            Interlocked.Add(ref _cachedBytes, capacity);
            _free[cls].Add(p);
            return;
        }
        NativeMemory.AlignedFree((void*)p);
        GC.RemoveMemoryPressure(capacity);
    }

    /// <summary>Frees every cached block.</summary>
    public unsafe void Trim()
    {
        for (int cls = 0; cls < _free.Length; cls++)
        {
            long cap = 1L << cls;
            while (_free[cls].TryTake(out IntPtr p))
            {
                Interlocked.Add(ref _cachedBytes, -cap);
                NativeMemory.AlignedFree((void*)p);
                GC.RemoveMemoryPressure(cap);
            }
        }
    }
}
