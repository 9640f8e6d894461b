using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The layout <see cref="DepthwiseConv3x3"/> reads one input plane from, so that each 3×3 tap is
/// a contiguous run at a fixed offset from the output index:
/// <list type="bullet">
/// <item>stride 1: the plane zero-padded to (OH + 2) rows of <see cref="Pitch"/> = OW + 2;</item>
/// <item>stride 2: the padded plane split by (row, column) parity into four planes of (OH + 1)
/// rows of <see cref="Pitch"/> = OW + 1 (even/even, even/odd, odd/even, odd/odd), so that output
/// column o reads columns o and o + 1 of the even planes and o of the odd ones.</item>
/// </list>
/// In the flattened form output (oh, ow) sits at oh·Pitch + ow of a buffer of
/// <see cref="FlatCount"/> (a whole number of vectors); the pad columns are computed and dropped.
/// Slack after the planes (zeroed) keeps the last vector's reads inside the buffer.
/// </summary>
internal readonly unsafe struct DepthwisePlanes
{
    public readonly bool Stride2, Flattened;
    public readonly int IH, IW, OH, OW, PH, PW;
    /// <summary>Floats per row of a laid-out plane.</summary>
    public readonly int Pitch;
    /// <summary>Floats of one parity plane (stride 2).</summary>
    public readonly int PhaseLength;
    /// <summary>Outputs computed in the flattened form: OH·Pitch rounded up to whole vectors.</summary>
    public readonly int FlatCount;
    /// <summary>Floats of the laid-out planes with their slack.</summary>
    public readonly int PlanesLength;
    /// <summary>Floats of the flattened output buffer.</summary>
    public int FlatLength => FlatCount;

    private readonly int _rows, _used;

    /// <param name="g">A geometry <see cref="DepthwiseConv3x3.Applies"/> accepts.</param>
    /// <param name="lanes">Floats per vector of the kernels.</param>
    /// <param name="flattened">Force the flattened form (else only for rows narrower than a vector).</param>
    public DepthwisePlanes(in ConvGeometry g, int lanes, bool flattened = false)
    {
        Stride2 = g.SH == 2;
        IH = g.IH; IW = g.IW; OH = g.OH; OW = g.OW; PH = g.PH; PW = g.PW;
        Flattened = flattened || OW < lanes;
        Pitch = Stride2 ? OW + 1 : OW + 2;
        _rows = Stride2 ? 2 * (OH + 1) : OH + 2;
        PhaseLength = (OH + 1) * Pitch;
        _used = Stride2 ? 4 * PhaseLength : _rows * Pitch;
        PlanesLength = _used + lanes + 8;
        FlatCount = (OH * Pitch + lanes - 1) / lanes * lanes;
    }

    /// <summary>Lays out the input plane <paramref name="x"/> (IH × IW) into <paramref name="planes"/> (<see cref="PlanesLength"/> floats).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public void Fill<TO, TV>(float* x, float* planes) where TO : struct, IWinogradVec<TV> where TV : struct
    {
        for (int r = 0; r < _rows; r++)
        {
            int ih = r - PH;
            float* src = (uint)ih < (uint)IH ? x + (long)ih * IW : null;
            if (Stride2)
            {
                float* e = planes + (r & 1) * 2L * PhaseLength + (long)(r >> 1) * Pitch;
                SplitRow(src, e, e + PhaseLength);
            }
            else PadRow<TO, TV>(src, planes + (long)r * Pitch);
        }
        new Span<float>(planes + _used, PlanesLength - _used).Clear();
    }

    /// <summary>dst[c] = x[c − PW] inside the image, else 0, for c in [0, Pitch).</summary>
    private void PadRow<TO, TV>(float* x, float* dst) where TO : struct, IWinogradVec<TV> where TV : struct
    {
        int m = x is null ? 0 : Math.Max(0, Math.Min(IW, Pitch - PW));
        int lo = m == 0 ? Pitch : PW;
        for (int c = 0; c < lo; c++) dst[c] = 0;
        if (m == 0) return;
        float* d = dst + PW;
        int j = 0;
        for (; j <= m - TO.Count; j += TO.Count) TO.Store(d + j, TO.Load(x + j));
        for (; j < m; j++) d[j] = x[j];
        for (int c = PW + m; c < Pitch; c++) dst[c] = 0;
    }

    /// <summary>e[j] = P[2j], o[j] = P[2j + 1] for j in [0, Pitch), P[c] = x[c − PW] inside the image, else 0.</summary>
    private void SplitRow(float* x, float* e, float* o)
    {
        int m = x is null ? 0 : Math.Max(0, Math.Min(IW, 2 * Pitch - PW));
        // Image element t sits at padded column t + PW: the even t go to e or o by PW's parity.
        float* evens = (PW & 1) == 0 ? e + PW / 2 : o + (PW - 1) / 2;
        float* odds = (PW & 1) == 0 ? o + PW / 2 : e + (PW + 1) / 2;
        if (m > 0)
        {
            Deinterleave(x, evens, odds, m / 2);
            if ((m & 1) != 0) evens[m / 2] = x[m - 1];
        }
        int eLo = m == 0 ? Pitch : (PW + 1) >> 1, eHi = m == 0 ? Pitch : (PW + m + 1) >> 1;
        int oLo = m == 0 ? Pitch : PW >> 1, oHi = m == 0 ? Pitch : (PW + m) >> 1;
        for (int j = 0; j < eLo; j++) e[j] = 0;
        for (int j = eHi; j < Pitch; j++) e[j] = 0;
        for (int j = 0; j < oLo; j++) o[j] = 0;
        for (int j = oHi; j < Pitch; j++) o[j] = 0;
    }

    /// <summary>even[j] = src[2j], odd[j] = src[2j + 1] for j in [0, pairs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Deinterleave(float* src, float* even, float* odd, int pairs)
    {
        int j = 0;
        if (Avx512F.IsSupported && pairs >= 16)
        {
            var ie = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            var io = ie + Vector512<int>.One;
            for (; j <= pairs - 16; j += 16)
            {
                var a = Vector512.Load(src + 2 * j);
                var b = Vector512.Load(src + 2 * j + 16);
                Avx512F.PermuteVar16x32x2(a, ie, b).Store(even + j);
                Avx512F.PermuteVar16x32x2(a, io, b).Store(odd + j);
            }
        }
        if (Avx2.IsSupported)
            for (; j <= pairs - 8; j += 8)
            {
                var a = Vector256.Load(src + 2 * j);
                var b = Vector256.Load(src + 2 * j + 8);
                // Within each 128-bit lane (a0 a2 b0 b2), then the lanes' 64-bit halves reordered.
                Avx2.Permute4x64(Avx.Shuffle(a, b, 0x88).AsDouble(), 0xD8).AsSingle().Store(even + j);
                Avx2.Permute4x64(Avx.Shuffle(a, b, 0xDD).AsDouble(), 0xD8).AsSingle().Store(odd + j);
            }
        if (Sse.IsSupported)
            for (; j <= pairs - 4; j += 4)
            {
                var a = Vector128.Load(src + 2 * j);
                var b = Vector128.Load(src + 2 * j + 4);
                Sse.Shuffle(a, b, 0x88).Store(even + j);
                Sse.Shuffle(a, b, 0xDD).Store(odd + j);
            }
        for (; j < pairs; j++)
        {
            even[j] = src[2 * j];
            odd[j] = src[2 * j + 1];
        }
    }

    /// <summary>
    /// The flattened form of an output-side plane d (OH × OW): flat[oh·Pitch + ow] = d[oh, ow],
    /// zeros in the pad columns and up to <see cref="FlatCount"/>.
    /// </summary>
    public void FillFlat(float* d, float* flat)
    {
        CopyRows(flat, Pitch, d, OW, OH, OW);
        for (int oh = 0; oh < OH; oh++)
            for (int c = OW; c < Pitch; c++) flat[(long)oh * Pitch + c] = 0;
        for (long q = (long)OH * Pitch; q < FlatCount; q++) flat[q] = 0;
    }

    /// <summary>dst[r·dstPitch + c] = src[r·srcPitch + c] for r &lt; rows, c &lt; cols.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void CopyRows(float* dst, int dstPitch, float* src, int srcPitch, int rows, int cols)
    {
        for (int r = 0; r < rows; r++, dst += dstPitch, src += srcPitch)
        {
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; j <= cols - 8; j += 8) Vector256.Load(src + j).Store(dst + j);
            else if (Vector128.IsHardwareAccelerated)
                for (; j <= cols - 4; j += 4) Vector128.Load(src + j).Store(dst + j);
            for (; j < cols; j++) dst[j] = src[j];
        }
    }
}
