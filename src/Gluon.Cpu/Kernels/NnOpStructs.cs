using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

#pragma warning disable CS1591 // the structs are named after what they compute

/// <summary>
/// An elementwise operation with two run-time scalar parameters (a slope, a scale) as static
/// members of a struct, run by <see cref="ParamUnaryDriver"/> without per-element calls.
/// </summary>
public interface IParamUnaryOp<T> where T : unmanaged
{
    /// <summary>The scalar operation.</summary>
    static abstract T Invoke(T x, T a, T b);
    /// <summary>The operation on 128-bit vectors.</summary>
    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> a, Vector128<T> b);
    /// <summary>The operation on 256-bit vectors.</summary>
    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> a, Vector256<T> b);
    /// <summary>The operation on 512-bit vectors.</summary>
    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> a, Vector512<T> b);
}

/// <summary>Runs an <see cref="IParamUnaryOp{T}"/> over contiguous memory (Vector512 → 256 → 128 → scalar), split over cores when large.</summary>
public static unsafe class ParamUnaryDriver
{
    private const int ParallelThreshold = 1 << 15;

    /// <summary>o[i] = op(x[i], a, b) for n elements.</summary>
    public static void Run<T, TOp>(T* x, T* o, int n, T a, T b) where T : unmanaged where TOp : struct, IParamUnaryOp<T>
    {
        if (n <= 0) return;
        if (n < ParallelThreshold) { Loop<T, TOp>(x, o, n, a, b); return; }
        IntPtr px = (IntPtr)x, po = (IntPtr)o;
        CpuParallel.For(n, ParallelThreshold / 2, (s, e) => Loop<T, TOp>((T*)px + s, (T*)po + s, e - s, a, b));
    }

    /// <summary>The vectorized loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Loop<T, TOp>(T* x, T* o, int n, T a, T b) where T : unmanaged where TOp : struct, IParamUnaryOp<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<T> va = Vector512.Create(a), vb = Vector512.Create(b);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Invoke(Vector512.Load(x + i), va, vb).Store(o + i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<T> va = Vector256.Create(a), vb = Vector256.Create(b);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Invoke(Vector256.Load(x + i), va, vb).Store(o + i);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<T> va = Vector128.Create(a), vb = Vector128.Create(b);
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Invoke(Vector128.Load(x + i), va, vb).Store(o + i);
        }
        for (; i < n; i++) o[i] = TOp.Invoke(x[i], a, b);
    }
}

/// <summary>log(1 + eˣ), x itself above 20 (MXNet's softrelu); computed as max(x,0) + log1p(e^−|x|) so it neither overflows nor loses small values.</summary>
public readonly struct SoftReluOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T s_threshold = T.CreateTruncating(20);
    public static bool Vectorizable => true;
    public static T Invoke(T x) => x > s_threshold ? x : T.Max(x, T.Zero) + T.LogP1(T.Exp(-T.Abs(x)));
    public static Vector128<T> Invoke(Vector128<T> x) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(s_threshold)), x,
            Vector128.Max(x, Vector128<T>.Zero) + VMath.Log1p(VMath.Exp(-Vector128.Abs(x))));
    public static Vector256<T> Invoke(Vector256<T> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(s_threshold)), x,
            Vector256.Max(x, Vector256<T>.Zero) + VMath.Log1p(VMath.Exp(-Vector256.Abs(x))));
    public static Vector512<T> Invoke(Vector512<T> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(s_threshold)), x,
            Vector512.Max(x, Vector512<T>.Zero) + VMath.Log1p(VMath.Exp(-Vector512.Abs(x))));
}

/// <summary>x for x &gt; 0, a·x otherwise (leaky ReLU with slope a; b unused).</summary>
public readonly struct LeakyOp<T> : IParamUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Invoke(T x, T a, T b) => x > T.Zero ? x : a * x;
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> a, Vector128<T> b) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), x, a * x);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> a, Vector256<T> b) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x, a * x);
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> a, Vector512<T> b) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x, a * x);
}

/// <summary>b·x for x &gt; 0, b·a·(eˣ − 1) otherwise: ELU with α = a (b = 1), SELU with α, λ = b.</summary>
public readonly struct EluOp<T> : IParamUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Invoke(T x, T a, T b) => x > T.Zero ? b * x : b * a * (T.Exp(x) - T.One);
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> a, Vector128<T> b) =>
        b * Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), x,
            a * (VMath.Exp(Vector128.Min(x, Vector128<T>.Zero)) - Vector128<T>.One));
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> a, Vector256<T> b) =>
        b * Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x,
            a * (VMath.Exp(Vector256.Min(x, Vector256<T>.Zero)) - Vector256<T>.One));
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> a, Vector512<T> b) =>
        b * Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x,
            a * (VMath.Exp(Vector512.Min(x, Vector512<T>.Zero)) - Vector512<T>.One));
}

/// <summary>a for a &gt; 0, b·a otherwise: PReLU (b = gamma broadcast) and RReLU (b = the drawn slopes).</summary>
public readonly struct LeakyBinaryOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public static T Invoke(T a, T b) => a > T.Zero ? a : b * a;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => Vector128.ConditionalSelect(Vector128.GreaterThan(a, Vector128<T>.Zero), a, b * a);
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256<T>.Zero), a, b * a);
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512<T>.Zero), a, b * a);
}

/// <summary>0.5·x·(1 + erf(x/√2)) (MXNet's erf-form GELU; scalar because the BCL has no vector erf).</summary>
public readonly struct GeluOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;
    public static T Invoke(T x)
    {
        double d = double.CreateTruncating(x);
        return T.CreateTruncating(0.5 * d * (1.0 + ErfOp<double>.Erf(d * 0.70710678118654752440)));
    }
    public static Vector128<T> Invoke(Vector128<T> x) => throw new NotSupportedException();
    public static Vector256<T> Invoke(Vector256<T> x) => throw new NotSupportedException();
    public static Vector512<T> Invoke(Vector512<T> x) => throw new NotSupportedException();
}
