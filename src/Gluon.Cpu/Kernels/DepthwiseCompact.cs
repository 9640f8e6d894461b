using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Float depthwise 3×3 with padding 1 on small planes (MobileNet's 14×14 and 7×7 layers), where
/// <see cref="DepthwiseConv3x3"/>'s padded planes cost more than the arithmetic: the row copies
/// into a padded pitch and back out were about half of the time on 7×7. Here the planes keep the
/// output's own pitch OW, so that output q = oh·OW + ow is one flat run written straight into y:
/// <list type="bullet">
/// <item>stride 1: one contiguous copy of the plane between zero runs of OW + 1 (the rows above
/// and below); tap (ky, kx) reads q + (ky − 1)·OW + kx − 1;</item>
/// <item>stride 2 (even IH, IW): the plane's four (row, column) parity planes X_rc[i·OW + j] =
/// x[2i + r, 2j + c], each after a zero run of OW + 1; kernel row 0 reads the odd rows one row
/// up, rows 1 and 2 the even and odd rows; column 0 reads the odd columns one place left,
/// columns 1 and 2 the even and odd columns.</item>
/// </list>
/// A tap that crosses the left (or, stride 1, the right) edge reads the neighbouring row's last
/// (first) value; its column's three products are summed apart and cleared by a lane mask
/// (bitwise, so a NaN or infinity next door is not spread) where ow = 0 (ow = OW − 1). The weight
/// gradient is 9 dot products of dy (read in place) with the same tap runs, dy masked at the edges.
/// </summary>
internal static unsafe class DepthwiseCompact
{
    /// <summary>Whether small planes take this path (on by default; benchmarks switch it off to compare).</summary>
    internal static bool Enabled = true;

    /// <summary>
    /// Most output positions per plane: above it the padded-row path of <see cref="DepthwiseConv3x3"/>
    /// streams whole rows and needs no masks (and the masks stay small here).
    /// </summary>
    internal const int MaxPositions = 256;

    /// <summary>
    /// True for a <see cref="DepthwiseConv3x3.Applies"/> geometry with padding 1, stride 1 or
    /// stride 2 with an even image, and between one vector (<paramref name="lanes"/>) and
    /// <see cref="MaxPositions"/> output positions per plane.
    /// </summary>
    public static bool Applies(in ConvGeometry g, int lanes) =>
        Enabled && g.PH == 1 && g.PW == 1 && g.OH * g.OW >= lanes && g.OH * g.OW <= MaxPositions
        && (g.SH == 1 ? g.OH == g.IH && g.OW == g.IW : g.IH == 2 * g.OH && g.IW == 2 * g.OW);

    /// <summary>
    /// y (N, Co, OH, OW) = depthwise correlation of x with w (Co, 1, 3, 3), rotated by 180° when
    /// <paramref name="rotate"/> (a data gradient), + bias (null: none). Called by
    /// <see cref="DepthwiseConv3x3"/> for <see cref="Applies"/> geometries.
    /// </summary>
    internal static void Forward<TO, TV>(float* x, float* w, float* y, ConvGeometry g, float* bias, bool rotate, int minPlanes)
        where TO : struct, IWinogradVec<TV> where TV : struct
    {
        nint px = (nint)x, pw = (nint)w, py = (nint)y, pb = (nint)bias;
        int count = g.OH * g.OW, ow = g.OW;
        bool two = g.SH == 2;
        Layout(g, out int seg, out int length);
        CpuParallel.For(g.N * g.Co, minPlanes, (p0, p1) =>
        {
            // Two layout buffers: plane p + 1 is laid out before plane p's stencil runs, so that the
            // stencil's loads (which straddle the copy's stores) find the stores already in the cache.
            float* buf = Buffers(2, length, count, ow, out int* maskL, out int* maskR);
            float* rotated = stackalloc float[9];
            int n = p0 / g.Co, co = p0 - n * g.Co;
            long image = (long)g.Ci * g.ImageSpatial;
            float* planes = buf + seg - count, other = planes + length;
            Fill(two, (float*)px + n * image + (long)(co / g.CoG) * g.ImageSpatial, planes, g.IH, ow, seg);
            for (int p = p0; p < p1; p++)
            {
                float* wc = DepthwiseConv3x3.ChannelWeights((float*)pw, co, rotate, rotated);
                float b = pb == 0 ? 0f : ((float*)pb)[co];
                float* dst = (float*)py + (long)p * count;
                float* cur = planes;
                if (++co == g.Co) { co = 0; n++; }
                if (p + 1 < p1)
                {
                    Fill(two, (float*)px + n * image + (long)(co / g.CoG) * g.ImageSpatial, other, g.IH, ow, seg);
                    planes = other;
                    other = cur;
                }
                if (two)
                {
                    // Kernel row 0: odd rows one up; 1: even rows; 2: odd rows. a: even columns, b: odd.
                    float* x00 = cur, x01 = cur + seg, x10 = cur + 2 * seg, x11 = cur + 3 * seg;
                    Stencil<DepthwiseConv3x3.Stride2, TO, TV>(dst, x10 - ow, x11 - ow, x00, x01, x10, x11, count, wc, b, maskL, maskR);
                }
                else Stencil<DepthwiseConv3x3.Stride1, TO, TV>(dst, cur - ow, null, cur, null, cur + ow, null, count, wc, b, maskL, maskR);
            }
        });
    }

    /// <summary>
    /// The layout of one plane: stride 2 four (zeros, plane) segments of <paramref name="seg"/>
    /// floats, each zero run (OW + 1) after a gap of <see cref="Spill"/> floats that takes the row
    /// stores' overspill (<see cref="FillPairs"/>); stride 1 zeros, the plane, zeros. The plane
    /// (the first parity plane) starts at seg − OH·OW.
    /// </summary>
    private static void Layout(in ConvGeometry g, out int seg, out int length)
    {
        int count = g.OH * g.OW, lead = g.OW + 1;
        seg = g.SH == 2 ? Spill + lead + count : lead + count;
        length = g.SH == 2 ? 4 * seg + Spill : seg + lead;
    }

    /// <summary>
    /// This thread's <paramref name="buffers"/> zeroed layout buffers of <paramref name="length"/>
    /// floats, then the edge masks: maskL[q] all ones unless q is in column 0, maskR unless in column ow − 1.
    /// </summary>
    private static float* Buffers(int buffers, int length, int count, int ow, out int* maskL, out int* maskR)
    {
        float* buf = Workspace<float>.Get(0, (long)buffers * length + 2L * count);
        new Span<float>(buf, buffers * length).Clear();
        maskL = (int*)(buf + buffers * length);
        maskR = maskL + count;
        for (int q = 0, c = 0; q < count; q++, c = c == ow - 1 ? 0 : c + 1)
        {
            maskL[q] = c == 0 ? 0 : -1;
            maskR[q] = c == ow - 1 ? 0 : -1;
        }
        return buf;
    }

    /// <summary>
    /// dw (Co, 1, 3, 3) = Σₙ correlation of dy with x per channel (overwrites dw), for
    /// <see cref="Applies"/> geometries: per channel and image 9 dot products of dy, read in
    /// place, with the forward's tap runs, the edge columns' dy cleared by the masks.
    /// </summary>
    internal static void WeightGradient<TO, TV>(float* x, float* dy, float* dw, ConvGeometry g, int minChannels)
        where TO : struct, IWinogradVec<TV> where TV : struct
    {
        nint px = (nint)x, pdy = (nint)dy, pdw = (nint)dw;
        int count = g.OH * g.OW, ow = g.OW;
        bool two = g.SH == 2;
        Layout(g, out int seg, out int length);
        CpuParallel.For(g.Co, minChannels, (c0, c1) =>
        {
            float* planes = Buffers(1, length, count, ow, out int* maskL, out int* maskR) + seg - count;
            // The last vector overlaps the one before: its lanes already summed are cleared.
            int n = TO.Count, full = count / n * n;
            int* fresh = stackalloc int[n];
            for (int j = 0; j < n; j++) fresh[j] = count - n + j >= full ? -1 : 0;
            // Images outer, channels inner, so that the planes of one image are read in memory
            // order; each channel's 9 sums stay vectors (acc) until the last image.
            long accLength = (long)(c1 - c0) * 9 * n;
            float* acc = Workspace<float>.Get(1, accLength);
            new Span<float>(acc, (int)accLength).Clear();
            for (int b = 0; b < g.N; b++)
            {
                for (int co = c0; co < c1; co++)
                {
                    float* sums = acc + (long)(co - c0) * 9 * n;
                    Fill(two, (float*)px + ((long)b * g.Ci + co / g.CoG) * g.ImageSpatial, planes, g.IH, ow, seg);
                    float* d = (float*)pdy + ((long)b * g.Co + co) * count;
                    if (two)
                    {
                        float* x00 = planes, x01 = planes + seg, x10 = planes + 2 * seg, x11 = planes + 3 * seg;
                        Dots<DepthwiseConv3x3.Stride2, TO, TV>(d, x10 - ow, x11 - ow, x00, x01, x10, x11, count, maskL, maskR, fresh, sums);
                    }
                    else Dots<DepthwiseConv3x3.Stride1, TO, TV>(d, planes - ow, null, planes, null, planes + ow, null, count, maskL, maskR, fresh, sums);
                }
            }
            for (int co = c0; co < c1; co++)
                for (int k = 0; k < 9; k++)
                {
                    float* v = acc + ((long)(co - c0) * 9 + k) * n;
                    float sum = 0;
                    for (int l = 0; l < n; l++) sum += v[l];
                    ((float*)pdw)[(long)co * 9 + k] = sum;
                }
        });
    }

    /// <summary>
    /// The vector sums (3k + j)·n of <paramref name="sums"/> += the lanes of Σ_q dy[q]·tapₖⱼ[q] over
    /// q in [0, count), the taps (and masks) those of <see cref="Stencil{TS, TO, TV}"/>: whole
    /// vectors, the last one overlapping the one before with its repeated lanes cleared by
    /// <paramref name="fresh"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Dots<TS, TO, TV>(float* d, float* a0, float* b0, float* a1, float* b1, float* a2, float* b2, int count,
        int* maskL, int* maskR, int* fresh, float* sums)
        where TS : struct, DepthwiseConv3x3.IStride where TO : struct, IWinogradVec<TV> where TV : struct
    {
        int n = TO.Count, last = count - n;
        TV tail = TO.Load((float*)fresh);
        TV s00 = TO.Load(sums), s01 = TO.Load(sums + n), s02 = TO.Load(sums + 2 * n);
        TV s10 = TO.Load(sums + 3 * n), s11 = TO.Load(sums + 4 * n), s12 = TO.Load(sums + 5 * n);
        TV s20 = TO.Load(sums + 6 * n), s21 = TO.Load(sums + 7 * n), s22 = TO.Load(sums + 8 * n);
        float* l0 = TS.Two ? b0 - 1 : a0 - 1, l1 = TS.Two ? b1 - 1 : a1 - 1, l2 = TS.Two ? b2 - 1 : a2 - 1;
        float* r0 = TS.Two ? b0 : a0 + 1, r1 = TS.Two ? b1 : a1 + 1, r2 = TS.Two ? b2 : a2 + 1;
        for (int i = 0; i < count; i += n)
        {
            TV v;
            if (i > last)
            {
                i = last;
                v = TO.And(TO.Load(d + i), tail);
            }
            else v = TO.Load(d + i);
            TV vl = TO.And(v, TO.Load((float*)maskL + i));
            TV vr = TS.Two ? v : TO.And(v, TO.Load((float*)maskR + i));
            s00 = TO.MulAdd(vl, TO.Load(l0 + i), s00);
            s01 = TO.MulAdd(v, TO.Load(a0 + i), s01);
            s02 = TO.MulAdd(vr, TO.Load(r0 + i), s02);
            s10 = TO.MulAdd(vl, TO.Load(l1 + i), s10);
            s11 = TO.MulAdd(v, TO.Load(a1 + i), s11);
            s12 = TO.MulAdd(vr, TO.Load(r1 + i), s12);
            s20 = TO.MulAdd(vl, TO.Load(l2 + i), s20);
            s21 = TO.MulAdd(v, TO.Load(a2 + i), s21);
            s22 = TO.MulAdd(vr, TO.Load(r2 + i), s22);
        }
        TO.Store(sums, s00); TO.Store(sums + n, s01); TO.Store(sums + 2 * n, s02);
        TO.Store(sums + 3 * n, s10); TO.Store(sums + 4 * n, s11); TO.Store(sums + 5 * n, s12);
        TO.Store(sums + 6 * n, s20); TO.Store(sums + 7 * n, s21); TO.Store(sums + 8 * n, s22);
    }

    /// <summary>Floats after each stride-2 plane that <see cref="FillPairs"/> may overwrite (its 8-wide row stores).</summary>
    private const int Spill = 8;

    /// <summary>Lays out one input plane: a contiguous copy (stride 1) or its parity planes (stride 2).</summary>
    private static void Fill(bool two, float* x, float* planes, int ih, int ow, int seg)
    {
        if (!two) DepthwisePlanes.CopyRow(planes, x, ih * ow);
        else if (Avx512F.IsSupported && ow >= 4 && ow <= 8) FillPairs(x, planes, ih, ow, seg);
        else FillParity(x, planes, ih, ow, seg);
    }

    /// <summary>
    /// <see cref="FillParity"/> for 4 ≤ ow ≤ 8 with AVX-512: each pair of rows (2·iw ≤ 32 floats)
    /// is two loads, the first 16 floats and the last 16, and two two-source permutes giving
    /// (even columns | odd columns) of each row, stored as 8-wide halves. A half's lanes past ow
    /// land on the next row's start, written after it, or past the plane's end in the
    /// <see cref="Spill"/> gap, which nothing reads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void FillPairs(float* x, float* planes, int ih, int ow, int seg)
    {
        int iw = 2 * ow, tail = 2 * iw - 16;
        // Row-pair offset t reads a[t] below 16, else b[t − tail] (b holds the pair's last 16).
        int* lo = stackalloc int[16], hi = stackalloc int[16];
        for (int l = 0; l < 8; l++)
        {
            int c = Math.Min(l, ow - 1);
            lo[l] = Pick(2 * c, tail); lo[8 + l] = Pick(2 * c + 1, tail);
            hi[l] = Pick(iw + 2 * c, tail); hi[8 + l] = Pick(iw + 2 * c + 1, tail);
        }
        var ilo = Vector512.Load(lo);
        var ihi = Vector512.Load(hi);
        float* x00 = planes, x01 = planes + seg, x10 = planes + 2 * seg, x11 = planes + 3 * seg;
        for (int i = 0; i < ih / 2; i++, x += 2 * iw)
        {
            var a = Vector512.Load(x);
            var b = Vector512.Load(x + tail);
            var even = Avx512F.PermuteVar16x32x2(a, ilo, b);
            var odd = Avx512F.PermuteVar16x32x2(a, ihi, b);
            long r = (long)i * ow;
            even.GetLower().Store(x00 + r);
            even.GetUpper().Store(x01 + r);
            odd.GetLower().Store(x10 + r);
            odd.GetUpper().Store(x11 + r);
        }
    }

    /// <summary>The two-source permute index of row-pair offset t when the second vector starts at tail.</summary>
    private static int Pick(int t, int tail) => t < 16 ? t : 16 + t - tail;

    /// <summary>The four parity planes of x (ih × 2·ow) at planes + (2r + c)·seg, row i of each at i·ow.</summary>
    private static void FillParity(float* x, float* planes, int ih, int ow, int seg)
    {
        for (int r = 0; r < ih; r++)
        {
            float* e = planes + (r & 1) * 2L * seg + (long)(r >> 1) * ow;
            DepthwisePlanes.Deinterleave(x + (long)r * 2 * ow, e, e + seg, ow);
        }
    }

    /// <summary>
    /// dst[q] = bias + Σₖ w[k,1]·aₖ[q] + maskR[q]·Σₖ w[k,2]·Rₖ[q] + maskL[q]·Σₖ w[k,0]·Lₖ[q − 1] for q in
    /// [0, count), count ≥ one vector; stride 1: Lₖ = aₖ, Rₖ[q] = aₖ[q + 1]; stride 2: Lₖ = Rₖ = bₖ and
    /// no right mask. Whole vectors, the last one overlapping the one before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Stencil<TS, TO, TV>(float* dst, float* a0, float* b0, float* a1, float* b1, float* a2, float* b2, int count, float* w, float bias, int* maskL, int* maskR)
        where TS : struct, DepthwiseConv3x3.IStride where TO : struct, IWinogradVec<TV> where TV : struct
    {
        int n = TO.Count, last = count - n;
        TV w00 = TO.Splat(w[0]), w01 = TO.Splat(w[1]), w02 = TO.Splat(w[2]);
        TV w10 = TO.Splat(w[3]), w11 = TO.Splat(w[4]), w12 = TO.Splat(w[5]);
        TV w20 = TO.Splat(w[6]), w21 = TO.Splat(w[7]), w22 = TO.Splat(w[8]);
        TV vb = TO.Splat(bias);
        float* l0 = TS.Two ? b0 - 1 : a0 - 1, l1 = TS.Two ? b1 - 1 : a1 - 1, l2 = TS.Two ? b2 - 1 : a2 - 1;
        float* r0 = TS.Two ? b0 : a0 + 1, r1 = TS.Two ? b1 : a1 + 1, r2 = TS.Two ? b2 : a2 + 1;
        for (int i = 0; ; i += n)
        {
            if (i > last)
            {
                if (typeof(TV) == typeof(Vector512<float>) && count - i <= 8)
                {
                    // A remainder of at most 8 (49 = 3·16 + 1 on 7×7 outputs) as one 256-bit step:
                    // half the work of a 512-bit one where those run as two halves (Zen 4).
                    Tail8<TS>(dst, a0, a1, a2, l0, l1, l2, r0, r1, r2, count - 8, maskL, maskR,
                        Low(w00), Low(w01), Low(w02), Low(w10), Low(w11), Low(w12), Low(w20), Low(w21), Low(w22), Low(vb));
                    break;
                }
                i = last;
            }
            TV c = TO.MulAdd(w01, TO.Load(a0 + i), vb);
            TV sl = TO.Mul(w00, TO.Load(l0 + i));
            TV sr = TO.Mul(w02, TO.Load(r0 + i));
            c = TO.MulAdd(w11, TO.Load(a1 + i), c);
            sl = TO.MulAdd(w10, TO.Load(l1 + i), sl);
            sr = TO.MulAdd(w12, TO.Load(r1 + i), sr);
            c = TO.MulAdd(w21, TO.Load(a2 + i), c);
            sl = TO.MulAdd(w20, TO.Load(l2 + i), sl);
            sr = TO.MulAdd(w22, TO.Load(r2 + i), sr);
            sl = TO.And(sl, TO.Load((float*)maskL + i));
            if (!TS.Two) sr = TO.And(sr, TO.Load((float*)maskR + i));
            TO.Store(dst + i, TO.Add(TO.Add(c, sl), sr));
            if (i == last) break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Low<TV>(TV v) where TV : struct => Unsafe.As<TV, Vector512<float>>(ref v).GetLower();

    /// <summary>The step of <see cref="Stencil{TS, TO, TV}"/> for the 8 outputs from i, with 256-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tail8<TS>(float* dst, float* a0, float* a1, float* a2, float* l0, float* l1, float* l2, float* r0, float* r1, float* r2,
        int i, int* maskL, int* maskR, Vector256<float> w00, Vector256<float> w01, Vector256<float> w02, Vector256<float> w10,
        Vector256<float> w11, Vector256<float> w12, Vector256<float> w20, Vector256<float> w21, Vector256<float> w22, Vector256<float> vb)
        where TS : struct, DepthwiseConv3x3.IStride
    {
        var c = Vector256.FusedMultiplyAdd(w01, Vector256.Load(a0 + i), vb);
        var sl = w00 * Vector256.Load(l0 + i);
        var sr = w02 * Vector256.Load(r0 + i);
        c = Vector256.FusedMultiplyAdd(w11, Vector256.Load(a1 + i), c);
        sl = Vector256.FusedMultiplyAdd(w10, Vector256.Load(l1 + i), sl);
        sr = Vector256.FusedMultiplyAdd(w12, Vector256.Load(r1 + i), sr);
        c = Vector256.FusedMultiplyAdd(w21, Vector256.Load(a2 + i), c);
        sl = Vector256.FusedMultiplyAdd(w20, Vector256.Load(l2 + i), sl);
        sr = Vector256.FusedMultiplyAdd(w22, Vector256.Load(r2 + i), sr);
        sl &= Vector256.Load((float*)maskL + i);
        if (!TS.Two) sr &= Vector256.Load((float*)maskR + i);
        (c + sl + sr).Store(dst + i);
    }
}
