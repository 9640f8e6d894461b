namespace Gluon.Cpu;

/// <summary>Host memory from <see cref="CpuMemoryPool"/>, 64-byte aligned for AVX-512 loads.</summary>
internal sealed class CpuStorage : Storage
{
    private readonly CpuMemoryPool _pool;
    private readonly IntPtr _ptr;
    private readonly long _capacity;

    public CpuStorage(CpuMemoryPool pool, Context ctx, long bytes, IntPtr ptr, long capacity) : base(ctx, bytes)
    {
        _pool = pool;
        _ptr = ptr;
        _capacity = capacity;
    }

    protected override IntPtr Address => _ptr;

    protected override void Free() => _pool.Return(_ptr, _capacity);
}
