using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// y = x·scale[c] + shift[c] (optionally followed by relu) over the rows of an (O, C, I) array,
/// one read and one write per element: the inference form of BatchNorm, with
/// scale = γ/√(var + eps) and shift = β − mean·scale computed once per channel.
/// </summary>
/// <remarks>
/// One call per chunk of rows rather than per row: with the small planes of a CNN's last stages
/// (7×7 = 49 elements) the per-row call and its scalar tail cost as much as the row itself, so
/// the tail steps down through the narrower vectors and the channel index is carried, not divided.
/// </remarks>
internal static unsafe class ChannelScaleShift
{
    /// <summary>Elements one thread should own before splitting pays for the hand-off.</summary>
    private const int ParallelGrain = 32768;

    /// <summary>
    /// y[r, i] = x[r, i]·scale[r mod C] + shift[r mod C] for the O·C rows of <paramref name="inner"/>
    /// elements, then max(·, 0) when <paramref name="relu"/> (NaN gives 0, as MXNet's <c>x &gt; 0 ? x : 0</c>).
    /// x and y may be the same array.
    /// </summary>
    public static void Run<T>(T* x, T* y, int o, int ch, int inner, T* scale, T* shift, bool relu) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = o * ch;
        if (rows == 0 || inner == 0) return;
        nint xa = (nint)x, ya = (nint)y, sa = (nint)scale, ha = (nint)shift;
        int grain = Math.Max(1, ParallelGrain / inner);
        if (rows <= grain)
        {
            Rows(x, y, 0, rows, ch, inner, scale, shift, relu);
            return;
        }
        CpuParallel.For(rows, grain, (s, e) => Rows((T*)xa, (T*)ya, s, e, ch, inner, (T*)sa, (T*)ha, relu));
    }

    private static void Rows<T>(T* x, T* y, int r0, int r1, int ch, int inner, T* scale, T* shift, bool relu) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (relu) Rows<T, ReluAct>(x, y, r0, r1, ch, inner, scale, shift);
        else Rows<T, Identity>(x, y, r0, r1, ch, inner, scale, shift);
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
