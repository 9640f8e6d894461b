namespace Gluon.Cpu.Kernels;

/// <summary>
/// Per-thread scratch of the kernels (convolution column tiles, gathered gradients, weight
/// gradient partials; pooling rows), kept between calls so they allocate nothing after warm-up.
/// Each slot grows to the largest request seen on its thread and is pinned, so its address
/// stays valid while the thread holds it.
/// </summary>
internal static unsafe class Workspace<T> where T : unmanaged
{
    /// <summary>Number of independent buffers one thread can hold at once.</summary>
    public const int Slots = 3;

    [ThreadStatic] private static T[]?[]? t_slots;

    /// <summary>A 64-byte aligned buffer of at least <paramref name="length"/> elements in slot <paramref name="slot"/> of this thread (contents undefined).</summary>
    public static T* Get(int slot, long length)
    {
        var slots = t_slots ??= new T[]?[Slots];
        int pad = 64 / sizeof(T);
        ref var buf = ref slots[slot];
        if (buf is null || buf.Length < length + pad)
        {
            buf = null;
            buf = GC.AllocateUninitializedArray<T>(checked((int)(length + pad)), pinned: true);
        }
        fixed (T* p = buf) return (T*)(((nint)p + 63) & ~(nint)63);
    }
}
