using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// One SIMD width as a type: a fused kernel body written once against this interface runs as
/// Vector512, Vector256, Vector128 or scalar code depending on the type argument, and the JIT
/// specialises and inlines each instantiation (the wrapper structs hold a single vector, so they
/// live in registers). Semantics follow mshadow's scalar ops: <see cref="Simd.Clip{V, T}"/> and the
/// comparisons let NaN through, <see cref="Simd.Sign{V, T}"/> maps NaN to 0.
/// </summary>
internal unsafe interface ISimd<TSelf, T> where TSelf : struct, ISimd<TSelf, T> where T : unmanaged
{
    /// <summary>Lanes per value.</summary>
    static abstract int Count { get; }
    /// <summary>Loads <see cref="Count"/> elements.</summary>
    static abstract TSelf Load(T* p);
    /// <summary>Stores <see cref="Count"/> elements.</summary>
    void Store(T* p);
    /// <summary>Every lane set to <paramref name="v"/>.</summary>
    static abstract TSelf Splat(T v);
    /// <summary>Lanewise sum.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);
    /// <summary>Lanewise difference.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);
    /// <summary>Lanewise product.</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);
    /// <summary>Lanewise quotient.</summary>
    static abstract TSelf operator /(TSelf a, TSelf b);
    /// <summary>Lanewise square root.</summary>
    static abstract TSelf Sqrt(TSelf a);
    /// <summary>Lanewise |a|.</summary>
    static abstract TSelf Abs(TSelf a);
    /// <summary>Lanewise <c>a &gt; b ? x : y</c>.</summary>
    static abstract TSelf SelectGreater(TSelf a, TSelf b, TSelf x, TSelf y);
    /// <summary>Lanewise <c>a &lt; b ? x : y</c>.</summary>
    static abstract TSelf SelectLess(TSelf a, TSelf b, TSelf x, TSelf y);
}

/// <summary>Helpers written once over <see cref="ISimd{TSelf, T}"/>.</summary>
internal static class Simd
{
    /// <summary>mshadow's clip: <paramref name="bound"/> above it, −bound below −bound, else x (NaN passes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Clip<V, T>(V x, V bound, V negBound) where V : struct, ISimd<V, T> where T : unmanaged =>
        V.SelectGreater(x, bound, bound, V.SelectLess(x, negBound, negBound, x));

    /// <summary>−1, 0 or 1 by the sign of x (0 for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Sign<V, T>(V x, V zero, V one, V minusOne) where V : struct, ISimd<V, T> where T : unmanaged =>
        V.SelectGreater(x, zero, one, V.SelectLess(x, zero, minusOne, zero));
}

/// <summary>A scalar lane (the tail loop).</summary>
internal unsafe readonly struct VScalar<T>(T v) : ISimd<VScalar<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _v = v;
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VScalar<T> Load(T* p) => new(*p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(T* p) => *p = _v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VScalar<T> Splat(T v) => new(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VScalar<T> operator +(VScalar<T> a, VScalar<T> b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VScalar<T> operator -(VScalar<T> a, VScalar<T> b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VScalar<T> operator *(VScalar<T> a, VScalar<T> b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VScalar<T> operator /(VScalar<T> a, VScalar<T> b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VScalar<T> Sqrt(VScalar<T> a) => new(T.Sqrt(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VScalar<T> Abs(VScalar<T> a) => new(T.Abs(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VScalar<T> SelectGreater(VScalar<T> a, VScalar<T> b, VScalar<T> x, VScalar<T> y) => a._v > b._v ? x : y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VScalar<T> SelectLess(VScalar<T> a, VScalar<T> b, VScalar<T> x, VScalar<T> y) => a._v < b._v ? x : y;
}

/// <summary>4 float or 2 double lanes.</summary>
internal unsafe readonly struct V128<T>(Vector128<T> v) : ISimd<V128<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector128<T> _v = v;
    public static int Count => Vector128<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128<T> Load(T* p) => new(Vector128.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(T* p) => _v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128<T> Splat(T v) => new(Vector128.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128<T> operator +(V128<T> a, V128<T> b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128<T> operator -(V128<T> a, V128<T> b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128<T> operator *(V128<T> a, V128<T> b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128<T> operator /(V128<T> a, V128<T> b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128<T> Sqrt(V128<T> a) => new(Vector128.Sqrt(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128<T> Abs(V128<T> a) => new(Vector128.Abs(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128<T> SelectGreater(V128<T> a, V128<T> b, V128<T> x, V128<T> y) => new(Vector128.ConditionalSelect(Vector128.GreaterThan(a._v, b._v), x._v, y._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128<T> SelectLess(V128<T> a, V128<T> b, V128<T> x, V128<T> y) => new(Vector128.ConditionalSelect(Vector128.LessThan(a._v, b._v), x._v, y._v));
}

/// <summary>8 float or 4 double lanes.</summary>
internal unsafe readonly struct V256<T>(Vector256<T> v) : ISimd<V256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector256<T> _v = v;
    public static int Count => Vector256<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256<T> Load(T* p) => new(Vector256.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(T* p) => _v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256<T> Splat(T v) => new(Vector256.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256<T> operator +(V256<T> a, V256<T> b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256<T> operator -(V256<T> a, V256<T> b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256<T> operator *(V256<T> a, V256<T> b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256<T> operator /(V256<T> a, V256<T> b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256<T> Sqrt(V256<T> a) => new(Vector256.Sqrt(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256<T> Abs(V256<T> a) => new(Vector256.Abs(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256<T> SelectGreater(V256<T> a, V256<T> b, V256<T> x, V256<T> y) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(a._v, b._v), x._v, y._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256<T> SelectLess(V256<T> a, V256<T> b, V256<T> x, V256<T> y) => new(Vector256.ConditionalSelect(Vector256.LessThan(a._v, b._v), x._v, y._v));
}

/// <summary>16 float or 8 double lanes.</summary>
internal unsafe readonly struct V512<T>(Vector512<T> v) : ISimd<V512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _v = v;
    public static int Count => Vector512<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512<T> Load(T* p) => new(Vector512.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(T* p) => _v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512<T> Splat(T v) => new(Vector512.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512<T> operator +(V512<T> a, V512<T> b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512<T> operator -(V512<T> a, V512<T> b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512<T> operator *(V512<T> a, V512<T> b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512<T> operator /(V512<T> a, V512<T> b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512<T> Sqrt(V512<T> a) => new(Vector512.Sqrt(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512<T> Abs(V512<T> a) => new(Vector512.Abs(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512<T> SelectGreater(V512<T> a, V512<T> b, V512<T> x, V512<T> y) => new(Vector512.ConditionalSelect(Vector512.GreaterThan(a._v, b._v), x._v, y._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512<T> SelectLess(V512<T> a, V512<T> b, V512<T> x, V512<T> y) => new(Vector512.ConditionalSelect(Vector512.LessThan(a._v, b._v), x._v, y._v));
}

/// <summary>A fused elementwise kernel: <see cref="Apply{V}"/> processes V.Count elements starting at i.</summary>
internal interface IFusedKernel<T> where T : unmanaged
{
    /// <summary>Runs the body on elements [i, i + V.Count).</summary>
    void Apply<V>(int i) where V : struct, ISimd<V, T>;
}

/// <summary>Runs an <see cref="IFusedKernel{T}"/> over n elements: Vector512 → 256 → 128 → scalar, split over the cores when large.</summary>
internal static class FusedDriver
{
    private const int ParallelThreshold = 1 << 15;

    /// <summary>Runs <paramref name="kernel"/> on [0, n).</summary>
    public static void Run<T, TK>(TK kernel, int n) where T : unmanaged, IFloatingPointIeee754<T> where TK : struct, IFusedKernel<T>
    {
        if (n == 0) return;
        if (n < ParallelThreshold) { Loop<T, TK>(ref kernel, 0, n); return; }
        CpuParallel.For(n, ParallelThreshold / 2, (s, e) => { var k = kernel; Loop<T, TK>(ref k, s, e); });
    }

    /// <summary>The vector loop over [start, end), in its own method so vectors stay in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Loop<T, TK>(ref TK k, int start, int end) where T : unmanaged, IFloatingPointIeee754<T> where TK : struct, IFusedKernel<T>
    {
        int i = start;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= end - Vector512<T>.Count; i += Vector512<T>.Count) k.Apply<V512<T>>(i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= end - Vector256<T>.Count; i += Vector256<T>.Count) k.Apply<V256<T>>(i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= end - Vector128<T>.Count; i += Vector128<T>.Count) k.Apply<V128<T>>(i);
        for (; i < end; i++) k.Apply<VScalar<T>>(i);
    }
}
