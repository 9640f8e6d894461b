using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Hot loops of the normalization kernels that TensorPrimitives has no single call for: the sum
/// of squared deviations from a mean (second pass of the two-pass variance) and a scalar
/// scale-and-shift. Widest accelerated vector first (512, 256, 128 bits), scalar tail.
/// </summary>
/// <remarks>
/// The per-width blocks look alike but each works on its own vector type, so they stay written
/// out: the JIT drops the untaken ones and keeps each loop's vectors in registers.
/// </remarks>
internal static unsafe class NormalizationMath
{
    /// <summary>Σ (x[i] − mean)² over <paramref name="n"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static T SumSqDev<T>(T* x, int n, T mean) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T s = T.Zero;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int w = Vector512<T>.Count;
            var m = Vector512.Create(mean);
            Vector512<T> a0 = Vector512<T>.Zero, a1 = Vector512<T>.Zero;
            // Two accumulators hide the add latency; the tail loop takes the odd vector.
            for (; i <= n - 2 * w; i += 2 * w)
            {
                var d0 = Vector512.Load(x + i) - m;
                var d1 = Vector512.Load(x + i + w) - m;
                a0 += d0 * d0;
                a1 += d1 * d1;
            }
            for (; i <= n - w; i += w)
            {
                var d = Vector512.Load(x + i) - m;
                a0 += d * d;
            }
            s = Vector512.Sum(a0 + a1);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int w = Vector256<T>.Count;
            var m = Vector256.Create(mean);
            Vector256<T> a0 = Vector256<T>.Zero, a1 = Vector256<T>.Zero;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                var d0 = Vector256.Load(x + i) - m;
                var d1 = Vector256.Load(x + i + w) - m;
                a0 += d0 * d0;
                a1 += d1 * d1;
            }
            for (; i <= n - w; i += w)
            {
                var d = Vector256.Load(x + i) - m;
                a0 += d * d;
            }
            s = Vector256.Sum(a0 + a1);
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
        {
            int w = Vector128<T>.Count;
            var m = Vector128.Create(mean);
            Vector128<T> a0 = Vector128<T>.Zero, a1 = Vector128<T>.Zero;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                var d0 = Vector128.Load(x + i) - m;
                var d1 = Vector128.Load(x + i + w) - m;
                a0 += d0 * d0;
                a1 += d1 * d1;
            }
            for (; i <= n - w; i += w)
            {
                var d = Vector128.Load(x + i) - m;
                a0 += d * d;
            }
            s = Vector128.Sum(a0 + a1);
        }
        for (; i < n; i++)
        {
            T d = x[i] - mean;
            s += d * d;
        }
        return s;
    }

    /// <summary>y[i] = x[i]·scale + shift over <paramref name="n"/> elements (x and y may be the same).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void ScaleShift<T>(T* x, T* y, int n, T scale, T shift) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int w = Vector512<T>.Count;
            var a = Vector512.Create(scale);
            var b = Vector512.Create(shift);
            for (; i <= n - w; i += w) (Vector512.Load(x + i) * a + b).Store(y + i);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int w = Vector256<T>.Count;
            var a = Vector256.Create(scale);
            var b = Vector256.Create(shift);
            for (; i <= n - w; i += w) (Vector256.Load(x + i) * a + b).Store(y + i);
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
        {
            int w = Vector128<T>.Count;
            var a = Vector128.Create(scale);
            var b = Vector128.Create(shift);
            for (; i <= n - w; i += w) (Vector128.Load(x + i) * a + b).Store(y + i);
        }
        for (; i < n; i++) y[i] = x[i] * scale + shift;
    }

    /// <summary>
    /// Σ g[i] and Σ g[i]·(x[i] − mean) over <paramref name="n"/> elements (one pass), with g = dy
    /// masked by <typeparamref name="TMask"/> against the forward output (null for <see cref="NoMask"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static (T SumDy, T SumDyDev) SumAndDotDev<T, TMask>(T* dy, T* x, T* output, int n, T mean)
        where T : unmanaged, IFloatingPointIeee754<T> where TMask : struct, IGradMask
    {
        int i = 0;
        T s0 = T.Zero, s1 = T.Zero;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int w = Vector512<T>.Count;
            var m = Vector512.Create(mean);
            Vector512<T> a = Vector512<T>.Zero, b = Vector512<T>.Zero;
            for (; i <= n - w; i += w)
            {
                var g = TMask.Apply(Vector512.Load(dy + i), output + i);
                a += g;
                b += g * (Vector512.Load(x + i) - m);
            }
            s0 = Vector512.Sum(a);
            s1 = Vector512.Sum(b);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int w = Vector256<T>.Count;
            var m = Vector256.Create(mean);
            Vector256<T> a = Vector256<T>.Zero, b = Vector256<T>.Zero;
            for (; i <= n - w; i += w)
            {
                var g = TMask.Apply(Vector256.Load(dy + i), output + i);
                a += g;
                b += g * (Vector256.Load(x + i) - m);
            }
            s0 = Vector256.Sum(a);
            s1 = Vector256.Sum(b);
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
        {
            int w = Vector128<T>.Count;
            var m = Vector128.Create(mean);
            Vector128<T> a = Vector128<T>.Zero, b = Vector128<T>.Zero;
            for (; i <= n - w; i += w)
            {
                var g = TMask.Apply(Vector128.Load(dy + i), output + i);
                a += g;
                b += g * (Vector128.Load(x + i) - m);
            }
            s0 = Vector128.Sum(a);
            s1 = Vector128.Sum(b);
        }
        for (; i < n; i++)
        {
            T g = TMask.Apply(dy[i], output + i);
            s0 += g;
            s1 += g * (x[i] - mean);
        }
        return (s0, s1);
    }

    /// <summary>dx[i] = k·g[i] + p·x[i] + q over <paramref name="n"/> elements, g = dy masked by <typeparamref name="TMask"/> against the output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Axpby<T, TMask>(T* dy, T* x, T* output, T* dx, int n, T k, T p, T q)
        where T : unmanaged, IFloatingPointIeee754<T> where TMask : struct, IGradMask
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int w = Vector512<T>.Count;
            var vk = Vector512.Create(k);
            var vp = Vector512.Create(p);
            var vq = Vector512.Create(q);
            for (; i <= n - w; i += w) (TMask.Apply(Vector512.Load(dy + i), output + i) * vk + Vector512.Load(x + i) * vp + vq).Store(dx + i);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int w = Vector256<T>.Count;
            var vk = Vector256.Create(k);
            var vp = Vector256.Create(p);
            var vq = Vector256.Create(q);
            for (; i <= n - w; i += w) (TMask.Apply(Vector256.Load(dy + i), output + i) * vk + Vector256.Load(x + i) * vp + vq).Store(dx + i);
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
        {
            int w = Vector128<T>.Count;
            var vk = Vector128.Create(k);
            var vp = Vector128.Create(p);
            var vq = Vector128.Create(q);
            for (; i <= n - w; i += w) (TMask.Apply(Vector128.Load(dy + i), output + i) * vk + Vector128.Load(x + i) * vp + vq).Store(dx + i);
        }
        for (; i < n; i++) dx[i] = TMask.Apply(dy[i], output + i) * k + x[i] * p + q;
    }
}
