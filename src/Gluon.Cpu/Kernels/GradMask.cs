using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// What a backward kernel does to the incoming gradient dy as it loads it, given the forward
/// output at the same position: nothing (<see cref="NoMask"/>), or a fused activation's gradient
/// (<see cref="ReluMask"/>: dy where output &gt; 0, else 0). A type argument of the kernel's hot
/// loops, so the masked variant costs one extra load and AND in the same pass, and the unmasked
/// one compiles to the loop without it (its output pointer is never read and may be null).
/// </summary>
internal unsafe interface IGradMask
{
    /// <summary>True when the mask is the identity (the output is never read).</summary>
    static abstract bool IsIdentity { get; }

    /// <summary>dy masked by the output at <paramref name="output"/> (16 float or 8 double lanes).</summary>
    static abstract Vector512<T> Apply<T>(Vector512<T> dy, T* output) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>dy masked by the output at <paramref name="output"/> (8 float or 4 double lanes).</summary>
    static abstract Vector256<T> Apply<T>(Vector256<T> dy, T* output) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>dy masked by the output at <paramref name="output"/> (4 float or 2 double lanes).</summary>
    static abstract Vector128<T> Apply<T>(Vector128<T> dy, T* output) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>dy masked by the output at <paramref name="output"/> (one element).</summary>
    static abstract T Apply<T>(T dy, T* output) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>The gradient passes unchanged.</summary>
internal readonly unsafe struct NoMask : IGradMask
{
    public static bool IsIdentity => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Apply<T>(Vector512<T> dy, T* output) where T : unmanaged, IFloatingPointIeee754<T> => dy;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Apply<T>(Vector256<T> dy, T* output) where T : unmanaged, IFloatingPointIeee754<T> => dy;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Apply<T>(Vector128<T> dy, T* output) where T : unmanaged, IFloatingPointIeee754<T> => dy;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Apply<T>(T dy, T* output) where T : unmanaged, IFloatingPointIeee754<T> => dy;
}

/// <summary>
/// relu's gradient from its output: dy where output &gt; 0, else 0 (a select, as oneDNN's relu
/// backward, so a NaN or infinite dy under a zero output gives 0, and a NaN output masks).
/// </summary>
internal readonly unsafe struct ReluMask : IGradMask
{
    public static bool IsIdentity => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Apply<T>(Vector512<T> dy, T* output) where T : unmanaged, IFloatingPointIeee754<T> =>
        dy & Vector512.GreaterThan(Vector512.Load(output), Vector512<T>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Apply<T>(Vector256<T> dy, T* output) where T : unmanaged, IFloatingPointIeee754<T> =>
        dy & Vector256.GreaterThan(Vector256.Load(output), Vector256<T>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Apply<T>(Vector128<T> dy, T* output) where T : unmanaged, IFloatingPointIeee754<T> =>
        dy & Vector128.GreaterThan(Vector128.Load(output), Vector128<T>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Apply<T>(T dy, T* output) where T : unmanaged, IFloatingPointIeee754<T> => *output > T.Zero ? dy : T.Zero;
}

/// <summary>Whole-run helpers over <see cref="IGradMask"/>.</summary>
internal static unsafe class GradMask
{
    /// <summary>
    /// dy itself for the identity mask; otherwise dst[i] = mask(dy[i], output[i]) over
    /// <paramref name="n"/> elements, and dst (a short scratch run the caller uses at once).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T* Masked<T, TMask>(T* dy, T* output, T* dst, int n) where T : unmanaged, IFloatingPointIeee754<T> where TMask : struct, IGradMask
    {
        if (TMask.IsIdentity) return dy;
        MaskInto<T, TMask>(dy, output, dst, n);
        return dst;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void MaskInto<T, TMask>(T* dy, T* output, T* dst, int n) where T : unmanaged, IFloatingPointIeee754<T> where TMask : struct, IGradMask
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count) TMask.Apply(Vector512.Load(dy + i), output + i).Store(dst + i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TMask.Apply(Vector256.Load(dy + i), output + i).Store(dst + i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count) TMask.Apply(Vector128.Load(dy + i), output + i).Store(dst + i);
        for (; i < n; i++) dst[i] = TMask.Apply(dy[i], output + i);
    }
}
