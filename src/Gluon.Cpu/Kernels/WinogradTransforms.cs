using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The three transforms of Winograd's F(4×4, 3×3) (Lavin and Gray 2015; interpolation points
/// 0, ±1, ±1/2, ∞, see <see cref="WinogradTransforms1D"/>): weights U = G g Gᵀ, input tiles V = Bᵀ d B and outputs Y = Aᵀ M A, each a 1-D
/// transform applied along rows and then along columns.
/// <para>
/// Vertical passes (down a column of a 6-row strip) run along image rows, where a vector is
/// simply contiguous x. Horizontal passes need "element j of every tile" for tiles 4 apart: four
/// contiguous loads are transposed inside each 128-bit lane and permuted into tile order
/// (<see cref="IWinogradLanes{TV}"/>), so a vector then holds one transform coefficient of
/// <c>Count</c> consecutive tiles, the layout the GEMMs read and write.
/// </para>
/// </summary>
internal static unsafe class WinogradTransforms<TV, TIsa> where TV : struct where TIsa : struct, IWinogradLanes<TV>
{
    /// <summary>
    /// Input tiles of one channel plane and one row of tiles: rows 4·ty − ph … 4·ty − ph + 5
    /// (zero outside the image) go through Bᵀ vertically into <paramref name="stage"/> (6 rows of
    /// <paramref name="sw"/>, column x at image column x − pw, zero outside), then horizontally;
    /// coefficient ξ of tile tx goes to v[ξ·<paramref name="xiStride"/> + tx]. Whole vectors are
    /// stored, so up to Count − 1 slots after the last tile are overwritten. Only the stage columns
    /// pw … pw + min(iw, sw − pw) − 1 are written: the caller zeroes the others once, not every row
    /// (two small clears per row and channel cost 10-20% of the transform).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InputRow(float* plane, int ih, int iw, int ph, int pw, int ty, int tilesX,
        float* stage, int sw, float* zeroRow, float* v, long xiStride)
    {
        int y0 = 4 * ty - ph;
        float* r0 = Row(plane, y0, ih, iw, zeroRow), r1 = Row(plane, y0 + 1, ih, iw, zeroRow), r2 = Row(plane, y0 + 2, ih, iw, zeroRow);
        float* r3 = Row(plane, y0 + 3, ih, iw, zeroRow), r4 = Row(plane, y0 + 4, ih, iw, zeroRow), r5 = Row(plane, y0 + 5, ih, iw, zeroRow);
        int width = Math.Min(iw, sw - pw);
        float* o = stage + pw;
        if (!WinogradVertical<TV, TIsa>.Input(r0, r1, r2, r3, r4, r5, o, sw, width)
            && !WinogradVertical<Vector128<float>, Winograd128>.Input(r0, r1, r2, r3, r4, r5, o, sw, width))
        {
            for (int x = 0; x < width; x++)
            {
                WinogradTransforms1D.Input<float, WinogradScalar>(r0[x], r1[x], r2[x], r3[x], r4[x], r5[x],
                    out var v0, out var v1, out var v2, out var v3, out var v4, out var v5);
                o[x] = v0; o[sw + x] = v1; o[2 * sw + x] = v2; o[3 * sw + x] = v3; o[4 * sw + x] = v4; o[5 * sw + x] = v5;
            }
        }
        int n = TIsa.Count;
        for (int t0 = 0; t0 < tilesX; t0 += n)
        {
            float* dst = v + t0;
            for (int i = 0; i < 6; i++)
            {
                float* s = stage + i * sw + 4 * t0;
                TV a = TIsa.Load(s), b = TIsa.Load(s + n), c = TIsa.Load(s + 2 * n), d = TIsa.Load(s + 3 * n);
                TIsa.Transpose(ref a, ref b, ref c, ref d);
                TIsa.TransposeFirstTwo(TIsa.Load(s + 4), TIsa.Load(s + 4 + n), TIsa.Load(s + 4 + 2 * n), TIsa.Load(s + 4 + 3 * n), out var e, out var f);
                Input(a, b, c, d, e, f, out var w0, out var w1, out var w2, out var w3, out var w4, out var w5);
                float* q = dst + 6 * i * xiStride;
                TIsa.Store(q, TIsa.ToTileOrder(w0));
                TIsa.Store(q + xiStride, TIsa.ToTileOrder(w1));
                TIsa.Store(q + 2 * xiStride, TIsa.ToTileOrder(w2));
                TIsa.Store(q + 3 * xiStride, TIsa.ToTileOrder(w3));
                TIsa.Store(q + 4 * xiStride, TIsa.ToTileOrder(w4));
                TIsa.Store(q + 5 * xiStride, TIsa.ToTileOrder(w5));
            }
        }
    }

    /// <summary>
    /// Outputs of one channel plane and one row of tiles from the products m[ξ·<paramref name="xiStride"/> + tx]:
    /// Aᵀ horizontally into <paramref name="stage"/> (6 rows of <paramref name="sw"/>), then
    /// vertically with <paramref name="bias"/> added into output rows 4·ty … 4·ty + 3 (those below <paramref name="oh"/>), columns below <paramref name="ow"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputRow(float* m, long xiStride, int tilesX, float* stage, int sw, float* plane, int oh, int ow, int ty, float bias)
    {
        int n = TIsa.Count;
        for (int t0 = 0; t0 < tilesX; t0 += n)
        {
            float* src = m + t0;
            for (int i = 0; i < 6; i++)
            {
                float* q = src + 6 * i * xiStride;
                Output(TIsa.Load(q), TIsa.Load(q + xiStride), TIsa.Load(q + 2 * xiStride), TIsa.Load(q + 3 * xiStride),
                    TIsa.Load(q + 4 * xiStride), TIsa.Load(q + 5 * xiStride), out var y0, out var y1, out var y2, out var y3);
                y0 = TIsa.FromTileOrder(y0);
                y1 = TIsa.FromTileOrder(y1);
                y2 = TIsa.FromTileOrder(y2);
                y3 = TIsa.FromTileOrder(y3);
                TIsa.Transpose(ref y0, ref y1, ref y2, ref y3);
                float* s = stage + i * sw + 4 * t0;
                TIsa.Store(s, y0); TIsa.Store(s + n, y1); TIsa.Store(s + 2 * n, y2); TIsa.Store(s + 3 * n, y3);
            }
        }
        int rows = Math.Min(4, oh - 4 * ty);
        float* d0 = plane + (long)4 * ty * ow;
        if (!WinogradVertical<TV, TIsa>.Output(stage, sw, d0, ow, rows, bias)
            && !WinogradVertical<Vector128<float>, Winograd128>.Output(stage, sw, d0, ow, rows, bias))
            VerticalOutputScalar(stage, sw, d0, ow, 0, rows, bias);
    }

    private static void VerticalOutputScalar(float* s, int sw, float* d, int ow, int x, int rows, float bias)
    {
        for (; x < ow; x++)
        {
            WinogradTransforms1D.Output<float, WinogradScalar>(s[x], s[sw + x], s[2 * sw + x], s[3 * sw + x], s[4 * sw + x], s[5 * sw + x],
                out var y0, out var y1, out var y2, out var y3);
            d[x] = y0 + bias;
            if (rows > 1) d[ow + x] = y1 + bias;
            if (rows > 2) d[2 * ow + x] = y2 + bias;
            if (rows > 3) d[3 * ow + x] = y3 + bias;
        }
    }

    /// <summary>
    /// U = G g Gᵀ for the filters (o, i) of one output channel o and every input channel i &lt; <paramref name="ci"/>:
    /// tap k (row-major 3×3, or 8 − k when <paramref name="flip"/>, the 180° rotation) of filter
    /// (o, i) is w[o·<paramref name="wo"/> + i·<paramref name="wi"/> + k]; coefficient ξ goes to
    /// u[ξ·<paramref name="xiStride"/> + i], whole vectors, zeros past <paramref name="ci"/>.
    /// </summary>
    // SkipLocalsInit: the two staging blocks are fully written before they are read, and zeroing
    // them cost more than the transform of a short row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    public static void WeightRow(float* w, long wo, long wi, bool flip, int o, int ci, float* u, long xiStride)
    {
        int n = TIsa.Count;
        float* g = stackalloc float[9 * 16];
        float* c = stackalloc float[18 * 16];
        float* src = w + o * wo;
        for (int i0 = 0; i0 < ci; i0 += n)
        {
            // The 9 taps of Count filters (wi apart) as 9 vectors: hardware gathers for a whole
            // group, a scalar copy (zeros past ci) for the last partial one.
            int cnt = Math.Min(n, ci - i0);
            float* f0 = src + i0 * wi;
            if (cnt == n && wi * n <= int.MaxValue)
            {
                for (int k = 0; k < 9; k++) TIsa.Store(g + k * n, TIsa.Gather(f0 + (flip ? 8 - k : k), (int)wi));
            }
            else
            {
                for (int l = 0; l < n; l++)
                    for (int k = 0; k < 9; k++) g[k * n + l] = l < cnt ? f0[l * wi + (flip ? 8 - k : k)] : 0f;
            }
            FilterVector(g, 0, 1, c, u + i0, xiStride);
        }
    }

    /// <summary>
    /// U = G g Gᵀ for <paramref name="groups"/> vectors of filters: the 9 taps of group j are the
    /// vectors at g + (9j + k)·Count (k row-major 3×3, or 8 − k when <paramref name="flip"/>, the
    /// 180° rotation); coefficient ξ of group j goes to dst[ξ·<paramref name="xiStride"/> + j·Count].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    public static void WeightPanel(float* g, int groups, bool flip, float* dst, long xiStride)
    {
        int n = TIsa.Count;
        float* c = stackalloc float[18 * 16];
        int k0 = flip ? 8 : 0, dk = flip ? -1 : 1;
        for (int j = 0; j < groups; j++, g += 9 * n, dst += n)
            FilterVector(g, k0, dk, c, dst, xiStride);
    }

    /// <summary>
    /// U = G g Gᵀ for one vector of filters whose tap k (row-major 3×3) is the vector at
    /// g + (<paramref name="k0"/> + <paramref name="dk"/>·k)·Count (k0 8, dk −1: the 180° rotation):
    /// columns first, c[r][b] = (G · g[:, b])[r] into <paramref name="c"/> (18 vectors), then rows,
    /// U[r][j] = (G · c[r, :])[j], coefficient ξ = 6r + j to dst[ξ·<paramref name="xiStride"/>].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterVector(float* g, int k0, int dk, float* c, float* dst, long xiStride)
    {
        int n = TIsa.Count;
        for (int b = 0; b < 3; b++)
        {
            WinogradTransforms1D.Filter<TV, TIsa>(TIsa.Load(g + (k0 + dk * b) * n), TIsa.Load(g + (k0 + dk * (3 + b)) * n),
                TIsa.Load(g + (k0 + dk * (6 + b)) * n), out var c0, out var c1, out var c2, out var c3, out var c4, out var c5);
            TIsa.Store(c + b * n, c0); TIsa.Store(c + (3 + b) * n, c1); TIsa.Store(c + (6 + b) * n, c2);
            TIsa.Store(c + (9 + b) * n, c3); TIsa.Store(c + (12 + b) * n, c4); TIsa.Store(c + (15 + b) * n, c5);
        }
        for (int r = 0; r < 6; r++)
        {
            WinogradTransforms1D.Filter<TV, TIsa>(TIsa.Load(c + 3 * r * n), TIsa.Load(c + (3 * r + 1) * n), TIsa.Load(c + (3 * r + 2) * n),
                out var u0, out var u1, out var u2, out var u3, out var u4, out var u5);
            float* q = dst + 6 * r * xiStride;
            TIsa.Store(q, u0); TIsa.Store(q + xiStride, u1); TIsa.Store(q + 2 * xiStride, u2);
            TIsa.Store(q + 3 * xiStride, u3); TIsa.Store(q + 4 * xiStride, u4); TIsa.Store(q + 5 * xiStride, u5);
        }
    }

    private static float* Row(float* plane, int y, int ih, int iw, float* zeroRow) =>
        (uint)y < (uint)ih ? plane + (long)y * iw : zeroRow;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Input(TV d0, TV d1, TV d2, TV d3, TV d4, TV d5, out TV v0, out TV v1, out TV v2, out TV v3, out TV v4, out TV v5) =>
        WinogradTransforms1D.Input<TV, TIsa>(d0, d1, d2, d3, d4, d5, out v0, out v1, out v2, out v3, out v4, out v5);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Output(TV m0, TV m1, TV m2, TV m3, TV m4, TV m5, out TV y0, out TV y1, out TV y2, out TV y3) =>
        WinogradTransforms1D.Output<TV, TIsa>(m0, m1, m2, m3, m4, m5, out y0, out y1, out y2, out y3);
}
