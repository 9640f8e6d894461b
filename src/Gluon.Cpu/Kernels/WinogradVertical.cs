using System.Runtime.CompilerServices;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The vertical passes of <see cref="WinogradTransforms{TV, TIsa}"/> (down the 6 rows of a strip,
/// contiguous along x) at one vector width, whole vectors only: a row that is not a multiple of the
/// width ends with one vector overlapping the previous one (the columns it recomputes get the same
/// values), so a 56-wide row is 4 vectors of 16 instead of 3 and 8 scalar columns, and a 14-wide
/// one 4 vectors of 4 instead of 14 scalar columns.
/// </summary>
internal static unsafe class WinogradVertical<TW, TWI> where TW : struct where TWI : struct, IWinogradVec<TW>
{
    /// <summary>
    /// o[i·sw + x] = (Bᵀ [r0 … r5][x])[i] for x &lt; <paramref name="width"/>; false (nothing written)
    /// when the row is narrower than one vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Input(float* r0, float* r1, float* r2, float* r3, float* r4, float* r5, float* o, int sw, int width)
    {
        int n = TWI.Count;
        if (width < n) return false;
        for (int x = 0; ; x += n)
        {
            if (x > width - n) x = width - n;
            WinogradTransforms1D.Input<TW, TWI>(TWI.Load(r0 + x), TWI.Load(r1 + x), TWI.Load(r2 + x), TWI.Load(r3 + x), TWI.Load(r4 + x), TWI.Load(r5 + x),
                out var v0, out var v1, out var v2, out var v3, out var v4, out var v5);
            TWI.Store(o + x, v0); TWI.Store(o + sw + x, v1); TWI.Store(o + 2 * sw + x, v2);
            TWI.Store(o + 3 * sw + x, v3); TWI.Store(o + 4 * sw + x, v4); TWI.Store(o + 5 * sw + x, v5);
            if (x == width - n) return true;
        }
    }

    /// <summary>
    /// Output rows d[r·ow + x] = (Aᵀ [s rows 0 … 5][x])[r] + bias for r &lt; <paramref name="rows"/>, x &lt; <paramref name="ow"/>;
    /// false (nothing written) when the row is narrower than one vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Output(float* s, int sw, float* d, int ow, int rows, float bias)
    {
        int n = TWI.Count;
        if (ow < n) return false;
        var vb = TWI.Splat(bias);
        for (int x = 0; ; x += n)
        {
            if (x > ow - n) x = ow - n;
            WinogradTransforms1D.Output<TW, TWI>(TWI.Load(s + x), TWI.Load(s + sw + x), TWI.Load(s + 2 * sw + x), TWI.Load(s + 3 * sw + x),
                TWI.Load(s + 4 * sw + x), TWI.Load(s + 5 * sw + x), out var y0, out var y1, out var y2, out var y3);
            TWI.Store(d + x, TWI.Add(y0, vb));
            if (rows > 1) TWI.Store(d + ow + x, TWI.Add(y1, vb));
            if (rows > 2) TWI.Store(d + 2 * ow + x, TWI.Add(y2, vb));
            if (rows > 3) TWI.Store(d + 3 * ow + x, TWI.Add(y3, vb));
            if (x == ow - n) return true;
        }
    }
}
