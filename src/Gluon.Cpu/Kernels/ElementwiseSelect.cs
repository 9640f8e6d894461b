using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>Vectorized select loops of <c>where</c>, and the clamp loop of <c>clip</c>/<c>hard_sigmoid</c>.</summary>
internal static unsafe class ElementwiseSelect
{
    /// <summary>o = c != 0 ? x : y, with c of the same element type (NaN counts as non-zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Run<T>(T* c, T* x, T* y, T* o, int n) where T : unmanaged, System.Numerics.INumber<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                Vector512.ConditionalSelect(Vector512.Equals(Vector512.Load(c + i), Vector512<T>.Zero), Vector512.Load(y + i), Vector512.Load(x + i)).Store(o + i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                Vector256.ConditionalSelect(Vector256.Equals(Vector256.Load(c + i), Vector256<T>.Zero), Vector256.Load(y + i), Vector256.Load(x + i)).Store(o + i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count)
                Vector128.ConditionalSelect(Vector128.Equals(Vector128.Load(c + i), Vector128<T>.Zero), Vector128.Load(y + i), Vector128.Load(x + i)).Store(o + i);
        for (; i < n; i++) o[i] = c[i] != T.Zero ? x[i] : y[i];
    }

    /// <summary>o = mask != 0 ? x : y over raw elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void RunMask<E>(byte[] mask, E* x, E* y, E* o, int n) where E : unmanaged
    {
        for (int i = 0; i < n; i++) o[i] = mask[i] != 0 ? x[i] : y[i];
    }

    /// <summary>MXNet's clip: hi where x &gt; hi, else lo where x &lt; lo, else x (NaN passes through).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Clip<T>(T* x, T* o, int n, T lo, T hi) where T : unmanaged, System.Numerics.INumber<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vl = Vector512.Create(lo); var vh = Vector512.Create(hi);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var v = Vector512.Load(x + i);
                Vector512.ConditionalSelect(Vector512.GreaterThan(v, vh), vh, Vector512.ConditionalSelect(Vector512.LessThan(v, vl), vl, v)).Store(o + i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var vl = Vector256.Create(lo); var vh = Vector256.Create(hi);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var v = Vector256.Load(x + i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, vh), vh, Vector256.ConditionalSelect(Vector256.LessThan(v, vl), vl, v)).Store(o + i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var vl = Vector128.Create(lo); var vh = Vector128.Create(hi);
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count)
            {
                var v = Vector128.Load(x + i);
                Vector128.ConditionalSelect(Vector128.GreaterThan(v, vh), vh, Vector128.ConditionalSelect(Vector128.LessThan(v, vl), vl, v)).Store(o + i);
            }
        }
        for (; i < n; i++)
        {
            T v = x[i];
            o[i] = v > hi ? hi : v < lo ? lo : v;
        }
    }
}
