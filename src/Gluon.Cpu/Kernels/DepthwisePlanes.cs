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

    private readonly int _rows;

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
        PlanesLength = (Stride2 ? 4 * PhaseLength : _rows * Pitch) + lanes + 8;
        FlatCount = (OH * Pitch + lanes - 1) / lanes * lanes;
    }

    /// <summary>
    /// Zeroes <paramref name="planes"/> (<see cref="PlanesLength"/> floats): the pads and slack,
    /// which <see cref="Fill"/> never writes, so once per buffer serves every plane of that shape.
    /// </summary>
    public void Clear(float* planes) => new Span<float>(planes, PlanesLength).Clear();

    /// <summary>
    /// Lays out the input plane <paramref name="x"/> (IH × IW) into <paramref name="planes"/>,
    /// cleared by <see cref="Clear"/> for this shape: only the image's cells are written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public void Fill(float* x, float* planes)
    {
        int r0 = Math.Max(0, PH), r1 = Math.Min(_rows, IH + PH);
        for (int r = r0; r < r1; r++)
        {
            float* src = x + (long)(r - PH) * IW;
            if (Stride2)
            {
                float* e = planes + (r & 1) * 2L * PhaseLength + (long)(r >> 1) * Pitch;
                SplitRow(src, e, e + PhaseLength);
            }
            else CopyRow(planes + (long)r * Pitch + PW, src, Math.Min(IW, Pitch - PW));
        }
    }

    /// <summary>e[j] = P[2j], o[j] = P[2j + 1] for the image's cells of padded row P (P[c] = x[c − PW]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SplitRow(float* x, float* e, float* o)
    {
        int m = Math.Min(IW, 2 * Pitch - PW);
        ImageColumns(e, o, PW, out float* evens, out float* odds);
        Deinterleave(x, evens, odds, m / 2);
        if ((m & 1) != 0) evens[m / 2] = x[m - 1];
    }

    /// <summary>
    /// Where the image's even and odd columns lie in a padded row split into its even (<paramref name="e"/>)
    /// and odd (<paramref name="o"/>) columns: image column t sits at padded column t + <paramref name="pw"/>,
    /// so the even t go to e or o by pw's parity. evens[j] is image column 2j, odds[j] column 2j + 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ImageColumns(float* e, float* o, int pw, out float* evens, out float* odds)
    {
        evens = (pw & 1) == 0 ? e + pw / 2 : o + (pw - 1) / 2;
        odds = (pw & 1) == 0 ? o + pw / 2 : e + (pw + 1) / 2;
    }

    /// <summary>even[j] = src[2j], odd[j] = src[2j + 1] for j in [0, pairs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Deinterleave(float* src, float* even, float* odd, int pairs)
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
        if (Sse.IsSupported && j < pairs && pairs >= 4)
        {
            // The last 4 pairs again, overlapping the ones done: plain writes of the same values.
            j = pairs - 4;
            var a = Vector128.Load(src + 2 * j);
            var b = Vector128.Load(src + 2 * j + 4);
            Sse.Shuffle(a, b, 0x88).Store(even + j);
            Sse.Shuffle(a, b, 0xDD).Store(odd + j);
            return;
        }
        for (; j < pairs; j++)
        {
            even[j] = src[2 * j];
            odd[j] = src[2 * j + 1];
        }
    }

    /// <summary>
    /// The flattened form of an output-side plane d (OH × OW) into <paramref name="flat"/>
    /// (<see cref="FlatLength"/> floats, zeroed once for this shape): flat[oh·Pitch + ow] = d[oh, ow],
    /// the pad columns and the rounding up to <see cref="FlatCount"/> left zero.
    /// </summary>
    public void FillFlat(float* d, float* flat) => CopyRows(flat, Pitch, d, OW, OH, OW);

    /// <summary>dst[r·dstPitch + c] = src[r·srcPitch + c] for r &lt; rows, c &lt; cols.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void CopyRows(float* dst, int dstPitch, float* src, int srcPitch, int rows, int cols)
    {
        for (int r = 0; r < rows; r++, dst += dstPitch, src += srcPitch) CopyRow(dst, src, cols);
    }

    /// <summary>
    /// dst[j] = src[j] for j in [0, n), touching nothing outside: whole vectors of the widest width
    /// that fits, the last one overlapping the one before (a 7-wide row is two 4-wide copies).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CopyRow(float* dst, float* src, int n)
    {
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            int j = 0;
            for (; j <= n - 16; j += 16) Vector512.Load(src + j).Store(dst + j);
            if (j < n) Vector512.Load(src + n - 16).Store(dst + n - 16);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            int j = 0;
            for (; j <= n - 8; j += 8) Vector256.Load(src + j).Store(dst + j);
            if (j < n) Vector256.Load(src + n - 8).Store(dst + n - 8);
        }
        else if (Vector128.IsHardwareAccelerated && n >= 4)
        {
            int j = 0;
            for (; j <= n - 4; j += 4) Vector128.Load(src + j).Store(dst + j);
            if (j < n) Vector128.Load(src + n - 4).Store(dst + n - 4);
        }
        else
            for (int j = 0; j < n; j++) dst[j] = src[j];
    }
}
