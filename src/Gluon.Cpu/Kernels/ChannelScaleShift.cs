using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// y = x·scale[c] + shift[c] (optionally followed by relu) over an (O, C, I) array, one read and
/// one write per element: BatchNorm's normalize-and-write pass (and its whole inference form),
/// with scale = γ/√(var + eps) and shift = β − mean·scale computed once per channel.
/// </summary>
/// <remarks>
/// One call per chunk of rows rather than per row: with the small planes of a CNN's last stages
/// (7×7 = 49 elements) the per-row call and its scalar tail cost as much as the row itself, so
/// the tail steps down through the narrower vectors and the channel index is carried, not divided.
/// Planes shorter than <see cref="PlaneThreshold"/> (a (N, C) BatchNorm has planes of 1) are run
/// as whole (C·I) rows against the factors expanded to one value per element instead.
/// </remarks>
internal static unsafe class ChannelScaleShift
{
    /// <summary>Elements one thread should own before splitting pays for the hand-off.</summary>
    private const int ParallelGrain = 32768;

    /// <summary>Planes at least this long are run one channel plane at a time.</summary>
    public const int PlaneThreshold = 16;

    /// <summary>
    /// y[o, c, i] = x[o, c, i]·scale[c] + shift[c], then max(·, 0) when <paramref name="relu"/>
    /// (NaN gives 0, as MXNet's <c>x &gt; 0 ? x : 0</c>). x and y may be the same array.
    /// </summary>
    public static void Run<T>(T* x, T* y, int o, int ch, int inner, T* scale, T* shift, bool relu) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (relu) Run<T, ReluAct>(x, y, o, ch, inner, scale, shift);
        else Run<T, Identity>(x, y, o, ch, inner, scale, shift);
    }

    private static void Run<T, TAct>(T* x, T* y, int o, int ch, int inner, T* scale, T* shift)
        where T : unmanaged, IFloatingPointIeee754<T> where TAct : struct, IAct
    {
        if (o == 0 || ch == 0 || inner == 0) return;
        nint xa = (nint)x, ya = (nint)y;
        if (inner < PlaneThreshold)
        {
            // Expand the per-channel factors to a whole row once (caller's scratch, only read by
            // the workers), then one fused pass per row.
            int len = ch * inner;
            T* sc = Workspace<T>.Get(0, 2L * len);
            T* sh = sc + len;
            for (int k = 0; k < ch; k++)
            {
                new Span<T>(sc + k * inner, inner).Fill(scale[k]);
                new Span<T>(sh + k * inner, inner).Fill(shift[k]);
            }
            nint ea = (nint)sc, ha = (nint)sh;
            int rowGrain = Math.Max(1, ParallelGrain / len);
            if (o <= rowGrain) ExpandedRows<T, TAct>(x, y, 0, o, len, sc, sh);
            else CpuParallel.For(o, rowGrain, (s, e) => ExpandedRows<T, TAct>((T*)xa, (T*)ya, s, e, len, (T*)ea, (T*)ha));
            return;
        }
        int rows = o * ch;
        nint sa = (nint)scale, fa = (nint)shift;
        int grain = Math.Max(1, ParallelGrain / inner);
        if (rows <= grain) Rows<T, TAct>(x, y, 0, rows, ch, inner, scale, shift);
        else CpuParallel.For(rows, grain, (s, e) => Rows<T, TAct>((T*)xa, (T*)ya, s, e, ch, inner, (T*)sa, (T*)fa));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Rows<T, TAct>(T* x, T* y, int r0, int r1, int ch, int inner, T* scale, T* shift)
        where T : unmanaged, IFloatingPointIeee754<T> where TAct : struct, IAct
    {
        int k = r0 % ch;
        for (int r = r0; r < r1; r++)
        {
            long off = (long)r * inner;
            T* xr = x + off, yr = y + off;
            T a = scale[k], b = shift[k];
            int i = 0;
            if (Vector512.IsHardwareAccelerated) i = RowPart<V512<T>, T, TAct>(xr, yr, i, inner, a, b);
            if (Vector256.IsHardwareAccelerated) i = RowPart<V256<T>, T, TAct>(xr, yr, i, inner, a, b);
            if (Vector128.IsHardwareAccelerated) i = RowPart<V128<T>, T, TAct>(xr, yr, i, inner, a, b);
            RowPart<VScalar<T>, T, TAct>(xr, yr, i, inner, a, b);
            if (++k == ch) k = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RowPart<V, T, TAct>(T* x, T* y, int i, int n, T a, T b)
        where V : struct, ISimd<V, T> where T : unmanaged, IFloatingPointIeee754<T> where TAct : struct, IAct
    {
        if (n - i < V.Count) return i;
        V va = V.Splat(a), vb = V.Splat(b), zero = V.Splat(T.Zero);
        for (; i <= n - V.Count; i += V.Count)
        {
            var v = V.Load(x + i) * va + vb;
            if (TAct.ClampNegative) v = V.SelectGreater(v, zero, v, zero);
            v.Store(y + i);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void ExpandedRows<T, TAct>(T* x, T* y, int r0, int r1, int len, T* scale, T* shift)
        where T : unmanaged, IFloatingPointIeee754<T> where TAct : struct, IAct
    {
        for (int r = r0; r < r1; r++)
        {
            long off = (long)r * len;
            T* xr = x + off, yr = y + off;
            int i = 0;
            if (Vector512.IsHardwareAccelerated) i = ExpandedPart<V512<T>, T, TAct>(xr, yr, i, len, scale, shift);
            if (Vector256.IsHardwareAccelerated) i = ExpandedPart<V256<T>, T, TAct>(xr, yr, i, len, scale, shift);
            if (Vector128.IsHardwareAccelerated) i = ExpandedPart<V128<T>, T, TAct>(xr, yr, i, len, scale, shift);
            ExpandedPart<VScalar<T>, T, TAct>(xr, yr, i, len, scale, shift);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ExpandedPart<V, T, TAct>(T* x, T* y, int i, int n, T* a, T* b)
        where V : struct, ISimd<V, T> where T : unmanaged, IFloatingPointIeee754<T> where TAct : struct, IAct
    {
        if (n - i < V.Count) return i;
        V zero = V.Splat(T.Zero);
        for (; i <= n - V.Count; i += V.Count)
        {
            var v = V.Load(x + i) * V.Load(a + i) + V.Load(b + i);
            if (TAct.ClampNegative) v = V.SelectGreater(v, zero, v, zero);
            v.Store(y + i);
        }
        return i;
    }

    /// <summary>The activation after the affine transform, as a type argument so each variant compiles to its own loop.</summary>
    private interface IAct
    {
        static abstract bool ClampNegative { get; }
    }

    private readonly struct Identity : IAct
    {
        public static bool ClampNegative => false;
    }

    private readonly struct ReluAct : IAct
    {
        public static bool ClampNegative => true;
    }
}
