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
    // One LIFO stack of free blocks per size class, each under its own lock: an uncontended lock
    // costs less than ConcurrentBag, whose per-thread lists make a block freed by the finalizer
    // thread a steal (slow path) for the thread that allocates next. LIFO reuses warm memory.
    private readonly FreeList[] _free = new FreeList[48];
    private long _cachedBytes, _liveBytes;

    /// <summary>Upper bound on memory kept for reuse (default 1 GiB).</summary>
    public long MaxCachedBytes { get; set; } = 1L << 30;

    /// <summary>Bytes currently handed out (by size class).</summary>
    public long LiveBytes => Interlocked.Read(ref _liveBytes);

    /// <summary>Bytes held for reuse.</summary>
    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    internal CpuMemoryPool()
    {
        for (int i = 0; i < _free.Length; i++) _free[i] = new FreeList();
    }

    internal unsafe CpuStorage Rent(Context ctx, long bytes)
    {
        int cls = Math.Max(MinClassLog2, 64 - BitOperations.LeadingZeroCount((ulong)Math.Max(bytes - 1, 1)));
        long capacity = 1L << cls;
        if (!_free[cls].TryPop(out IntPtr p))
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
            _free[cls].Push(p);
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
            while (_free[cls].TryPop(out IntPtr p))
            {
                Interlocked.Add(ref _cachedBytes, -cap);
                NativeMemory.AlignedFree((void*)p);
                GC.RemoveMemoryPressure(cap);
            }
        }
    }

    /// <summary>A growable stack of block addresses guarded by its own lock.</summary>
    private sealed class FreeList
    {
        private IntPtr[] _items = new IntPtr[4];
        private int _count;

        public void Push(IntPtr p)
        {
            lock (this)
            {
                if (_count == _items.Length) Array.Resize(ref _items, _count * 2);
                _items[_count++] = p;
            }
        }

        public bool TryPop(out IntPtr p)
        {
            lock (this)
            {
                if (_count == 0) { p = IntPtr.Zero; return false; }
                p = _items[--_count];
                return true;
            }
        }
    }
}
