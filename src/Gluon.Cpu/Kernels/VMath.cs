using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Generic-typed wrappers over the BCL's float/double-only vector exp and log, plus an accurate
/// vector log(1+t) (Goldberg's correction), for use inside generic operator structs. The type
/// test is a JIT-time constant, so each instantiation keeps one branch.
/// </summary>
internal static class VMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp<T>(Vector128<T> x) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector128.Exp(x.AsSingle()).As<float, T>() : Vector128.Exp(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> x) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector256.Exp(x.AsSingle()).As<float, T>() : Vector256.Exp(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp<T>(Vector512<T> x) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector512.Exp(x.AsSingle()).As<float, T>() : Vector512.Exp(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Log<T>(Vector128<T> x) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector128.Log(x.AsSingle()).As<float, T>() : Vector128.Log(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log<T>(Vector256<T> x) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector256.Log(x.AsSingle()).As<float, T>() : Vector256.Log(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log<T>(Vector512<T> x) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector512.Log(x.AsSingle()).As<float, T>() : Vector512.Log(x.AsDouble()).As<double, T>();

    // log1p(t) = log(u)·t/(u−1) with u = 1+t (exact correction of u's rounding); t itself when u == 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Log1p<T>(Vector128<T> t) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var u = Vector128<T>.One + t;
        var d = u - Vector128<T>.One;
        var r = Log(u) * t / Vector128.ConditionalSelect(Vector128.Equals(d, Vector128<T>.Zero), Vector128<T>.One, d);
        return Vector128.ConditionalSelect(Vector128.Equals(d, Vector128<T>.Zero), t, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log1p<T>(Vector256<T> t) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var u = Vector256<T>.One + t;
        var d = u - Vector256<T>.One;
        var r = Log(u) * t / Vector256.ConditionalSelect(Vector256.Equals(d, Vector256<T>.Zero), Vector256<T>.One, d);
        return Vector256.ConditionalSelect(Vector256.Equals(d, Vector256<T>.Zero), t, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log1p<T>(Vector512<T> t) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var u = Vector512<T>.One + t;
        var d = u - Vector512<T>.One;
        var r = Log(u) * t / Vector512.ConditionalSelect(Vector512.Equals(d, Vector512<T>.Zero), Vector512<T>.One, d);
        return Vector512.ConditionalSelect(Vector512.Equals(d, Vector512<T>.Zero), t, r);
    }
}
