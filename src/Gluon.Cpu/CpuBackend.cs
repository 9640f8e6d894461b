using System.Reflection;
using Gluon.Backends;

[assembly: GluonBackend(typeof(Gluon.Cpu.CpuBackend))]

namespace Gluon.Cpu;

/// <summary>
/// The CPU backend: pooled aligned host memory and synchronous SIMD kernels (Vector512, then
/// Vector256, Vector128, scalar, chosen by the JIT at run time). Kernels come from every
/// <see cref="IKernelProvider"/> in this assembly.
/// </summary>
public sealed class CpuBackend : Backend
{
    /// <summary>The memory pool shared by all CPU contexts.</summary>
    public CpuMemoryPool Pool { get; } = new();

    /// <summary>Builds the backend and registers all kernels.</summary>
    public CpuBackend()
    {
        foreach (var t in typeof(CpuBackend).Assembly.GetTypes())
        {
            if (t.IsAbstract || !typeof(IKernelProvider).IsAssignableFrom(t)) continue;
            var p = (IKernelProvider)Activator.CreateInstance(t, nonPublic: true)!;
            p.Register(this);
        }
    }

    /// <inheritdoc/>
    public override DeviceType DeviceType => DeviceType.Cpu;

    /// <inheritdoc/>
    protected override Storage AllocateCore(Context context, long bytes) => Pool.Rent(context, bytes);

    /// <inheritdoc/>
    protected override unsafe void CopyToHostCore(Storage src, long byteOffset, Span<byte> dst) =>
        new ReadOnlySpan<byte>((byte*)src.Pointer + byteOffset, dst.Length).CopyTo(dst);

    /// <inheritdoc/>
    protected override unsafe void CopyFromHostCore(ReadOnlySpan<byte> src, Storage dst, long byteOffset) =>
        src.CopyTo(new Span<byte>((byte*)dst.Pointer + byteOffset, src.Length));

    /// <inheritdoc/>
    public override void WaitAll(Context context) { }

    /// <summary>
    /// Registers a kernel that handles only float32 and float64 data; calls with other dtypes
    /// run it on converted copies (int32/int64 through float64, the rest through float32) and
    /// convert the results back.
    /// </summary>
    public void RegisterFloatKernel(string opName, Kernel kernel) =>
        RegisterKernel(opName, DTypeFallback.Wrap(kernel));
}

/// <summary>A class that registers CPU kernels; found by reflection, needs a parameterless constructor.</summary>
public interface IKernelProvider
{
    /// <summary>Registers this family's kernels on <paramref name="backend"/>.</summary>
    void Register(CpuBackend backend);
}
