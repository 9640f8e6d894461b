using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>Runs an <see cref="IUnaryOp{T}"/> over a contiguous array (Vector512 → 256 → 128 → scalar), split over the cores when large.</summary>
public static unsafe class UnaryDriver
{
    private const int ParallelThreshold = 1 << 15;

    /// <summary>o = op(x) elementwise; x and o have the same size (may be the same storage).</summary>
    public static void Run<T, TOp>(NDArray x, NDArray o) where T : unmanaged where TOp : struct, IUnaryOp<T>
    {
        int n = o.Size;
        if (n == 0) return;
        IntPtr px = (IntPtr)x.DataPointer, po = (IntPtr)o.DataPointer;
        if (n < ParallelThreshold) { Loop<T, TOp>((T*)px, (T*)po, n); return; }
        CpuParallel.For(n, ParallelThreshold / 2, (s, e) => Loop<T, TOp>((T*)px + s, (T*)po + s, e - s));
    }

    /// <summary>The vectorized loop, in its own method so the JIT keeps vectors in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Loop<T, TOp>(T* x, T* o, int n) where T : unmanaged where TOp : struct, IUnaryOp<T>
    {
        int i = 0;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated)
                for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Invoke(Vector512.Load(x + i)).Store(o + i);
            if (Vector256.IsHardwareAccelerated)
                for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Invoke(Vector256.Load(x + i)).Store(o + i);
            if (Vector128.IsHardwareAccelerated)
                for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Invoke(Vector128.Load(x + i)).Store(o + i);
        }
        for (; i < n; i++) o[i] = TOp.Invoke(x[i]);
    }

    /// <summary>
    /// Applies a span-to-span primitive (a TensorPrimitives method) over a contiguous array,
    /// split into per-core chunks when large. The delegate is called once per chunk.
    /// </summary>
    public static void RunSpans<T>(NDArray x, NDArray o, SpanAction<T> f) where T : unmanaged
    {
        int n = o.Size;
        if (n == 0) return;
        IntPtr px = (IntPtr)x.DataPointer, po = (IntPtr)o.DataPointer;
        if (n < ParallelThreshold) { f(new ReadOnlySpan<T>((T*)px, n), new Span<T>((T*)po, n)); return; }
        CpuParallel.For(n, ParallelThreshold / 2, (s, e) =>
            f(new ReadOnlySpan<T>((T*)px + s, e - s), new Span<T>((T*)po + s, e - s)));
    }

    /// <summary>A span-to-span elementwise primitive.</summary>
    public delegate void SpanAction<T>(ReadOnlySpan<T> x, Span<T> destination);
}
