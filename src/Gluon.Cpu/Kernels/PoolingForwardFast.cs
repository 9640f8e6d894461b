using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The forward pooling shapes a CNN spends its time in, each in one pass over the data: 2-D max
/// pooling (any window, stride and pad) and global pooling (max, avg, sum over the whole plane).
/// The general separable loops of <see cref="PoolingKernels"/> serve everything else.
/// </summary>
/// <remarks>
/// Max pooling follows MXNet's scan <c>if (x &gt; max) max = x</c> from the lowest finite value:
/// NaN never wins, a window that holds only NaN or −∞ (or only padding) gives the lowest finite
/// value. Padding is therefore the same as a border of lowest values, which lets the horizontal
/// pass run on a padded row without bounds checks.
/// </remarks>
internal static unsafe class PoolingForwardFast
{
    /// <summary>Output elements one thread should own before splitting pays for the hand-off.</summary>
    private const int Grain = 8192;

    /// <summary>
    /// y[p, oh, ow] = max over the clipped window of x[p, h, w], for <paramref name="planes"/>
    /// planes of (h, w) → (oh, ow); windows start at o·s − pad.
    /// </summary>
    public static void Max2D<T>(T* x, T* y, int planes, int h, int w, int oh, int ow, int kh, int kw, int sh, int sw, int ph, int pw)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        if (typeof(T) == typeof(float) && Avx2.IsSupported && kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0
            && 2 * oh <= h && 2 * ow <= w && ow >= 8)
        {
            Max2x2((float*)x, (float*)y, planes, h, w, oh, ow);
            return;
        }
        // The padded row: pw lows, w values, then lows up to the last window's end (ceil convention)
        // plus 128 elements of slack, so the deinterleave may read whole vectors past the end.
        int perPhase = ow + (kw - 1) / sw + 1;
        // The odd half starts a whole number of 16-float blocks after the even one: the
        // deinterleave writes whole vectors past perPhase.
        int phaseStride = (perPhase + 15) & ~15;
        int rowLen = Math.Max(pw + w, perPhase * sw) + 2 * 64;
        int outPlane = oh * ow;
        nint xa = (nint)x, ya = (nint)y;
        CpuParallel.For(planes, Math.Max(1, Grain / Math.Max(1, outPlane * kh * kw / 4)), (p0, p1) =>
        {
            T* row = Workspace<T>.Get(0, rowLen);
            T* phase = Workspace<T>.Get(1, 2L * phaseStride + 16);
            T low = T.MinValue;
            new Span<T>(row, rowLen).Fill(low);
            for (int p = p0; p < p1; p++)
            {
                T* xp = (T*)xa + (long)p * h * w;
                T* yp = (T*)ya + (long)p * outPlane;
                for (int o = 0; o < oh; o++)
                {
                    int h0 = Math.Max(o * sh - ph, 0), h1 = Math.Min(Math.Min(o * sh - ph + kh, h + ph), h);
                    // Rows outside the data are skipped; an empty window leaves the lows.
                    VerticalMax(xp + (long)h0 * w, Math.Max(0, h1 - h0), w, row + pw);
                    HorizontalMax(row, yp + (long)o * ow, ow, kw, sw, phase, perPhase, phaseStride);
                }
            }
        });
    }

    /// <summary>
    /// <see cref="Max2D{T}"/> for 2×2 windows at stride 2 without padding, every window whole (LeNet,
    /// VGG): both rows, the vertical and the horizontal max in registers, 8 outputs per step, one
    /// loop per plane (the general path's per-row calls cost more than the work on 28-wide rows:
    /// LeNet's two pools took 0.9 ms of a 5 ms training step).
    /// </summary>
    private static void Max2x2(float* x, float* y, int planes, int h, int w, int oh, int ow)
    {
        nint xa = (nint)x, ya = (nint)y;
        CpuParallel.For(planes, Math.Max(1, Grain / Math.Max(1, oh * ow)), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                Max2x2Plane((float*)xa + (long)p * h * w, (float*)ya + (long)p * oh * ow, w, oh, ow);
        });
    }

    /// <summary>
    /// One plane of <see cref="Max2x2"/>, each max taken as "v &gt; acc ? v : acc" from the lowest
    /// float up (maxps with the new value first), so NaN is skipped exactly as in the general path.
    /// The last step of a row overlaps the previous one (ow ≥ 8), recomputing the same values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Max2x2Plane(float* x, float* y, int w, int oh, int ow)
    {
        var low = Vector256.Create(float.MinValue);
        for (int o = 0; o < oh; o++)
        {
            float* r0 = x + (long)2 * o * w, r1 = r0 + w, yo = y + (long)o * ow;
            for (int j = 0; ; j += 8)
            {
                if (j > ow - 8) j = ow - 8;
                var a = Avx.Max(Vector256.Load(r1 + 2 * j), Avx.Max(Vector256.Load(r0 + 2 * j), low));
                var b = Avx.Max(Vector256.Load(r1 + 2 * j + 8), Avx.Max(Vector256.Load(r0 + 2 * j + 8), low));
                // shufps picks within 128-bit lanes: [a0 a2 b0 b2 | a4 a6 b4 b6]; the 64-bit permute puts the halves in order.
                var even = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();
                var odd = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();
                Avx.Max(odd, even).Store(yo + j);
                if (j == ow - 8) break;
            }
        }
    }

    /// <summary>dst[i] = max(lowest, rows[r][i] for r &lt; count), rows <paramref name="n"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void VerticalMax<T>(T* first, int count, int n, T* dst) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = VerticalMaxV<V512<T>, T>(first, count, n, dst, i);
        if (Vector256.IsHardwareAccelerated) i = VerticalMaxV<V256<T>, T>(first, count, n, dst, i);
        if (Vector128.IsHardwareAccelerated) i = VerticalMaxV<V128<T>, T>(first, count, n, dst, i);
        VerticalMaxV<VScalar<T>, T>(first, count, n, dst, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VerticalMaxV<V, T>(T* first, int count, int n, T* dst, int i)
        where V : struct, ISimd<V, T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var low = V.Splat(T.MinValue);
        for (; i <= n - V.Count; i += V.Count)
        {
            var acc = low;
            T* src = first + i;
            for (int r = 0; r < count; r++, src += n)
            {
                var v = V.Load(src);
                acc = V.SelectGreater(v, acc, v, acc);
            }
            acc.Store(dst + i);
        }
        return i;
    }

    /// <summary>
    /// y[o] = max(row[s·o + j], j &lt; k) on a padded row without NaN. Stride 1 reads shifted
    /// vectors; stride 2 (float) splits the row into its even and odd elements first, so that
    /// every window becomes shifted vectors of the two halves; other strides run scalar.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void HorizontalMax<T>(T* row, T* y, int ow, int k, int s, T* phase, int perPhase, int phaseStride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (s == 1)
        {
            ShiftedMax(row, row, y, ow, k, 1);
            return;
        }
        if (s == 2 && typeof(T) == typeof(float) && Deinterleave((float*)row, (float*)phase, (float*)phase + phaseStride, perPhase))
        {
            // Window element j of output o is even[o + j/2] (j even) or odd[o + j/2] (j odd).
            ShiftedMax(phase, phase + phaseStride, y, ow, k, 2);
            return;
        }
        for (int o = 0; o < ow; o++)
        {
            T* win = row + (long)o * s;
            T acc = win[0];
            for (int j = 1; j < k; j++) if (win[j] > acc) acc = win[j];
            y[o] = acc;
        }
    }

    /// <summary>
    /// y[o] = max over j &lt; k of src[j mod 2][o + j / 2] (<paramref name="phases"/> 2) or
    /// src0[o + j] (<paramref name="phases"/> 1), vectorized along o.
    /// </summary>
    private static void ShiftedMax<T>(T* src0, T* src1, T* y, int n, int k, int phases) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = ShiftedMaxV<V512<T>, T>(src0, src1, y, n, k, phases, i);
        if (Vector256.IsHardwareAccelerated) i = ShiftedMaxV<V256<T>, T>(src0, src1, y, n, k, phases, i);
        if (Vector128.IsHardwareAccelerated) i = ShiftedMaxV<V128<T>, T>(src0, src1, y, n, k, phases, i);
        ShiftedMaxV<VScalar<T>, T>(src0, src1, y, n, k, phases, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ShiftedMaxV<V, T>(T* src0, T* src1, T* y, int n, int k, int phases, int i)
        where V : struct, ISimd<V, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (; i <= n - V.Count; i += V.Count)
        {
            var acc = V.Load(src0 + i);
            for (int j = 1; j < k; j++)
            {
                var v = V.Load((phases == 2 && (j & 1) == 1 ? src1 : src0) + i + j / phases);
                acc = V.SelectGreater(v, acc, v, acc);
            }
            acc.Store(y + i);
        }
        return i;
    }

    /// <summary>
    /// even[i] = row[2i], odd[i] = row[2i + 1] for i &lt; n, written in whole blocks of 16 (row
    /// readable to 2n rounded up to 32 floats); false when no x86 shuffle is available (the caller then runs scalar).
    /// </summary>
    private static bool Deinterleave(float* row, float* even, float* odd, int n)
    {
        int i = 0;
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            var ie = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            var io = ie + Vector512<int>.One;
            for (; i < n; i += 16)
            {
                var a = Vector512.Load(row + 2 * i);
                var b = Vector512.Load(row + 2 * i + 16);
                Avx512F.PermuteVar16x32x2(a, ie, b).Store(even + i);
                Avx512F.PermuteVar16x32x2(a, io, b).Store(odd + i);
            }
            return true;
        }
        if (Avx2.IsSupported)
        {
            for (; i < n; i += 8)
            {
                var a = Vector256.Load(row + 2 * i);
                var b = Vector256.Load(row + 2 * i + 8);
                // shufps picks within 128-bit lanes: [a0 a2 b0 b2 | a4 a6 b4 b6]; the 64-bit permute puts the halves in order.
                Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle().Store(even + i);
                Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle().Store(odd + i);
            }
            return true;
        }
        if (Sse.IsSupported)
        {
            for (; i < n; i += 4)
            {
                var a = Vector128.Load(row + 2 * i);
                var b = Vector128.Load(row + 2 * i + 4);
                Sse.Shuffle(a, b, 0b10_00_10_00).Store(even + i);
                Sse.Shuffle(a, b, 0b11_01_11_01).Store(odd + i);
            }
            return true;
        }
        return false;
    }

    /// <summary>
    /// Global pooling of <paramref name="planes"/> planes of <paramref name="size"/> elements:
    /// y[p] = max (NaN skipped, as the windowed scan), sum, or sum / size (avg).
    /// </summary>
    public static void Global<T>(T* x, T* y, int planes, int size, bool max, bool avg)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        nint xa = (nint)x, ya = (nint)y;
        T count = T.CreateTruncating(size);
        CpuParallel.For(planes, Math.Max(1, Grain * 4 / Math.Max(1, size)), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                T* xp = (T*)xa + (long)p * size;
                T r;
                if (max) r = PlaneMax(xp, size);
                else
                {
                    r = PlaneSum(xp, size);
                    if (avg) r /= count;
                }
                ((T*)ya)[p] = r;
            }
        });
    }

    /// <summary>max(lowest, x[i]) over a run, NaN skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static T PlaneMax<T>(T* x, int n) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        T acc = T.MinValue;
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = PlaneMaxV<V512<T>, T>(x, n, ref acc);
        else if (Vector256.IsHardwareAccelerated) i = PlaneMaxV<V256<T>, T>(x, n, ref acc);
        else if (Vector128.IsHardwareAccelerated) i = PlaneMaxV<V128<T>, T>(x, n, ref acc);
        for (; i < n; i++) if (x[i] > acc) acc = x[i];
        return acc;
    }

    /// <summary>Σ x[i] over a run (lanes summed at the end; a per-call library sum costs more than a 7×7 plane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static T PlaneSum<T>(T* x, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T acc = T.Zero;
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = PlaneSumV<V512<T>, T>(x, n, ref acc);
        else if (Vector256.IsHardwareAccelerated) i = PlaneSumV<V256<T>, T>(x, n, ref acc);
        else if (Vector128.IsHardwareAccelerated) i = PlaneSumV<V128<T>, T>(x, n, ref acc);
        for (; i < n; i++) acc += x[i];
        return acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PlaneSumV<V, T>(T* x, int n, ref T acc) where V : struct, ISimd<V, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n < V.Count) return 0;
        var a = V.Splat(T.Zero);
        int i = 0;
        for (; i <= n - V.Count; i += V.Count) a += V.Load(x + i);
        T* lanes = stackalloc T[V.Count];
        a.Store(lanes);
        for (int j = 0; j < V.Count; j++) acc += lanes[j];
        return i;
    }

    /// <summary>Folds the whole vectors of x into one, then its lanes into acc; returns the elements done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PlaneMaxV<V, T>(T* x, int n, ref T acc) where V : struct, ISimd<V, T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        if (n < V.Count) return 0;
        var a = V.Splat(T.MinValue);
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
        {
            var v = V.Load(x + i);
            a = V.SelectGreater(v, a, v, a);
        }
        T* lanes = stackalloc T[V.Count];
        a.Store(lanes);
        for (int j = 0; j < V.Count; j++) if (lanes[j] > acc) acc = lanes[j];
        return i;
    }
}
