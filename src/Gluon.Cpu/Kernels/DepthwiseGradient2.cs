using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The data gradient of a float depthwise 3×3 stride-2 convolution (depth multiplier 1), the
/// adjoint of <see cref="DepthwiseConv3x3"/>'s stride-2 forward: the padded dx split by (row,
/// column) parity is, per parity plane, a small correlation of dy (one zero row above, one zero
/// column to the left):
/// EE[i,j] = w00·dy[i,j] + w02·dy[i,j−1] + w20·dy[i−1,j] + w22·dy[i−1,j−1], EO[i,j] = w01·dy[i,j] + w21·dy[i−1,j],
/// OE[i,j] = w10·dy[i,j] + w12·dy[i,j−1], OO[i,j] = w11·dy[i,j];
/// all four come from 4 loads of the flattened padded dy per vector, then the planes are
/// interleaved back into the rows of dx (pads dropped).
/// </summary>
internal static unsafe class DepthwiseGradient2
{
    /// <summary>True for the stride-2 shapes of <see cref="DepthwiseConv3x3.Applies"/> with one output channel per input channel.</summary>
    public static bool Applies(in ConvGeometry g) => DepthwiseConv3x3.Applies(g) && g.SH == 2 && g.CoG == 1;

    /// <summary>dx (N, C, IH, IW) = the adjoint of the stride-2 depthwise forward applied to dy (overwrites dx).</summary>
    public static void DataGradient(float* dy, float* w, float* dx, in ConvGeometry g)
    {
        if (Vector512.IsHardwareAccelerated) Run<Winograd512, Vector512<float>>(dy, w, dx, g);
        else if (Vector256.IsHardwareAccelerated) Run<Winograd256, Vector256<float>>(dy, w, dx, g);
        else if (Vector128.IsHardwareAccelerated) Run<Winograd128, Vector128<float>>(dy, w, dx, g);
        else Run<WinogradScalar, float>(dy, w, dx, g);
    }

    private static void Run<TO, TV>(float* dy, float* w, float* dx, ConvGeometry g) where TO : struct, IWinogradVec<TV> where TV : struct
    {
        // Parity planes cover padded rows/columns up to the image's last; dy's pitch leaves a zero
        // column on the left and at least one on the right, so no read wraps into a wrong row.
        int rq = ((g.IH - 1 + g.PH) >> 1) + 1, cq = ((g.IW - 1 + g.PW) >> 1) + 1;
        int pd = Math.Max(g.OW, cq) + 1;
        int count = (rq * pd + TO.Count - 1) / TO.Count * TO.Count;
        int dLength = (Math.Max(g.OH, rq) + 2) * pd + TO.Count + 8;
        nint pdy = (nint)dy, pw = (nint)w, pdx = (nint)dx;
        CpuParallel.For(g.N * g.Ci, DepthwiseConv3x3.MinPlanes(g), (p0, p1) =>
        {
            float* d = Workspace<float>.Get(0, dLength);
            float* planes = Workspace<float>.Get(1, 4L * count);
            new Span<float>(d, dLength).Clear();
            for (int p = p0; p < p1; p++)
            {
                int c = p % g.Ci;
                DepthwisePlanes.CopyRows(d + pd + 1, pd, (float*)pdy + (long)p * g.ColSpatial, g.OW, g.OH, g.OW);
                Planes<TO, TV>(d, pd, count, (float*)pw + (long)c * 9, planes);
                Merge((float*)pdx + (long)p * g.ImageSpatial, planes, count, pd, g);
            }
        });
    }

    /// <summary>The four parity planes (EE, EO, OE, OO, each <paramref name="count"/> floats) from the padded dy <paramref name="d"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Planes<TO, TV>(float* d, int pd, int count, float* w, float* planes) where TO : struct, IWinogradVec<TV> where TV : struct
    {
        TV w00 = TO.Splat(w[0]), w01 = TO.Splat(w[1]), w02 = TO.Splat(w[2]);
        TV w10 = TO.Splat(w[3]), w11 = TO.Splat(w[4]), w12 = TO.Splat(w[5]);
        TV w20 = TO.Splat(w[6]), w21 = TO.Splat(w[7]), w22 = TO.Splat(w[8]);
        float* ee = planes, eo = planes + count, oe = planes + 2L * count, oo = planes + 3L * count;
        for (int i = 0; i < count; i += TO.Count)
        {
            TV d11 = TO.Load(d + pd + 1 + i), d10 = TO.Load(d + pd + i), d01 = TO.Load(d + 1 + i), d00 = TO.Load(d + i);
            TO.Store(ee + i, TO.MulAdd(w00, d11, TO.MulAdd(w02, d10, TO.MulAdd(w20, d01, TO.Mul(w22, d00)))));
            TO.Store(eo + i, TO.MulAdd(w01, d11, TO.Mul(w21, d01)));
            TO.Store(oe + i, TO.MulAdd(w10, d11, TO.Mul(w12, d10)));
            TO.Store(oo + i, TO.Mul(w11, d11));
        }
    }

    /// <summary>dx[ih, iw] = the parity plane of padded cell (ih + PH, iw + PW).</summary>
    private static void Merge(float* dx, float* planes, int count, int pd, in ConvGeometry g)
    {
        int pw = g.PW, pairs = g.IW / 2;
        for (int ih = 0; ih < g.IH; ih++)
        {
            int r = ih + g.PH;
            float* e = planes + (r & 1) * 2L * count + (long)(r >> 1) * pd;
            DepthwisePlanes.ImageColumns(e, e + count, pw, out float* evens, out float* odds);
            float* row = dx + (long)ih * g.IW;
            Interleave(evens, odds, row, pairs);
            if ((g.IW & 1) != 0) row[g.IW - 1] = evens[pairs];
        }
    }

    /// <summary>dst[2j] = even[j], dst[2j + 1] = odd[j] for j in [0, pairs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Interleave(float* even, float* odd, float* dst, int pairs)
    {
        int j = 0;
        if (Avx512F.IsSupported)
        {
            var lo = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            var hi = lo + Vector512.Create(8);
            for (; j <= pairs - 16; j += 16)
            {
                var a = Vector512.Load(even + j);
                var b = Vector512.Load(odd + j);
                Avx512F.PermuteVar16x32x2(a, lo, b).Store(dst + 2 * j);
                Avx512F.PermuteVar16x32x2(a, hi, b).Store(dst + 2 * j + 16);
            }
        }
        if (Avx2.IsSupported)
            for (; j <= pairs - 8; j += 8)
            {
                var a = Vector256.Load(even + j);
                var b = Vector256.Load(odd + j);
                // Interleaved within each 128-bit lane, then the lanes put in order.
                var l = Avx.UnpackLow(a, b);
                var h = Avx.UnpackHigh(a, b);
                Avx.Permute2x128(l, h, 0x20).Store(dst + 2 * j);
                Avx.Permute2x128(l, h, 0x31).Store(dst + 2 * j + 8);
            }
        if (Sse.IsSupported)
            for (; j <= pairs - 4; j += 4)
            {
                var a = Vector128.Load(even + j);
                var b = Vector128.Load(odd + j);
                Sse.UnpackLow(a, b).Store(dst + 2 * j);
                Sse.UnpackHigh(a, b).Store(dst + 2 * j + 4);
            }
        for (; j < pairs; j++)
        {
            dst[2 * j] = even[j];
            dst[2 * j + 1] = odd[j];
        }
    }
}
