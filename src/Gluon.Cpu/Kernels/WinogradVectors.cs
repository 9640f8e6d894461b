using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Lane-wise float arithmetic of one vector width (or a scalar), a type argument of the generic
/// Winograd transforms so that one transform body serves every width and inlines.
/// </summary>
internal unsafe interface IWinogradVec<TV> where TV : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }
    static abstract TV Load(float* p);
    static abstract void Store(float* p, TV v);
    static abstract TV Splat(float s);
    static abstract TV Add(TV a, TV b);
    static abstract TV Sub(TV a, TV b);
    static abstract TV Mul(TV a, TV b);
    /// <summary>a·b + c (fused where the hardware has FMA).</summary>
    static abstract TV MulAdd(TV a, TV b, TV c);
    /// <summary>The bitwise AND of a and b (a lane mask of all ones or zeros keeps or clears a lane, NaNs included).</summary>
    static abstract TV And(TV a, TV b);
}

/// <summary>
/// The lane shuffles of the horizontal transforms: a vector holds one value of <see cref="IWinogradVec{TV}.Count"/>
/// consecutive 4-wide tiles; four contiguous loads are turned into "column j of every tile" by a
/// 4×4 transpose inside each 128-bit lane plus one permute that puts the tiles in order.
/// </summary>
internal unsafe interface IWinogradLanes<TV> : IWinogradVec<TV> where TV : struct
{
    /// <summary>4×4 transpose inside every 128-bit lane of (a, b, c, d).</summary>
    static abstract void Transpose(ref TV a, ref TV b, ref TV c, ref TV d);
    /// <summary>The first two outputs of <see cref="Transpose"/> (columns 0 and 1).</summary>
    static abstract void TransposeFirstTwo(TV a, TV b, TV c, TV d, out TV c0, out TV c1);
    /// <summary>Lane-transposed order (element 4L + r is tile r·Count/4 + L) to tile order.</summary>
    static abstract TV ToTileOrder(TV v);
    /// <summary>The inverse of <see cref="ToTileOrder"/>.</summary>
    static abstract TV FromTileOrder(TV v);
    /// <summary>Element l = p[l·<paramref name="stride"/>] (a hardware gather where there is one).</summary>
    static abstract TV Gather(float* p, int stride);
}

/// <summary>One float: the scalar tails of the row passes.</summary>
internal readonly unsafe struct WinogradScalar : IWinogradVec<float>
{
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(float* p) => *p;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, float v) => *p = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Splat(float s) => s;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sub(float a, float b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Mul(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MulAdd(float a, float b, float c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float And(float a, float b) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));
}

/// <summary>SSE: one lane, 4 tiles per vector, already in order.</summary>
internal readonly unsafe struct Winograd128 : IWinogradLanes<Vector128<float>>
{
    public static int Count => 4;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(float* p) => Vector128.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector128<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Splat(float s) => Vector128.Create(s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sub(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Mul(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> And(Vector128<float> a, Vector128<float> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose(ref Vector128<float> a, ref Vector128<float> b, ref Vector128<float> c, ref Vector128<float> d)
    {
        var t0 = Sse.UnpackLow(a, b);
        var t1 = Sse.UnpackHigh(a, b);
        var t2 = Sse.UnpackLow(c, d);
        var t3 = Sse.UnpackHigh(c, d);
        a = Sse.Shuffle(t0, t2, 0x44);
        b = Sse.Shuffle(t0, t2, 0xEE);
        c = Sse.Shuffle(t1, t3, 0x44);
        d = Sse.Shuffle(t1, t3, 0xEE);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeFirstTwo(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d, out Vector128<float> c0, out Vector128<float> c1)
    {
        var t0 = Sse.UnpackLow(a, b);
        var t2 = Sse.UnpackLow(c, d);
        c0 = Sse.Shuffle(t0, t2, 0x44);
        c1 = Sse.Shuffle(t0, t2, 0xEE);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> ToTileOrder(Vector128<float> v) => v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> FromTileOrder(Vector128<float> v) => v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Gather(float* p, int stride) => Vector128.Create(p[0], p[stride], p[2 * stride], p[3 * stride]);
}

/// <summary>AVX2: two lanes, 8 tiles per vector.</summary>
internal readonly unsafe struct Winograd256 : IWinogradLanes<Vector256<float>>
{
    public static int Count => 8;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* p) => Vector256.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector256<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float s) => Vector256.Create(s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sub(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Mul(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> And(Vector256<float> a, Vector256<float> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose(ref Vector256<float> a, ref Vector256<float> b, ref Vector256<float> c, ref Vector256<float> d)
    {
        var t0 = Avx.UnpackLow(a, b);
        var t1 = Avx.UnpackHigh(a, b);
        var t2 = Avx.UnpackLow(c, d);
        var t3 = Avx.UnpackHigh(c, d);
        a = Avx.Shuffle(t0, t2, 0x44);
        b = Avx.Shuffle(t0, t2, 0xEE);
        c = Avx.Shuffle(t1, t3, 0x44);
        d = Avx.Shuffle(t1, t3, 0xEE);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeFirstTwo(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d, out Vector256<float> c0, out Vector256<float> c1)
    {
        var t0 = Avx.UnpackLow(a, b);
        var t2 = Avx.UnpackLow(c, d);
        c0 = Avx.Shuffle(t0, t2, 0x44);
        c1 = Avx.Shuffle(t0, t2, 0xEE);
    }

    // Element 4L + r of a lane-transposed vector is tile 2r + L.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ToTileOrder(Vector256<float> v) => Avx2.PermuteVar8x32(v, Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FromTileOrder(Vector256<float> v) => Avx2.PermuteVar8x32(v, Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Gather(float* p, int stride) => Avx2.GatherVector256(p, Vector256<int>.Indices * stride, 4);
}

/// <summary>AVX-512: four lanes, 16 tiles per vector.</summary>
internal readonly unsafe struct Winograd512 : IWinogradLanes<Vector512<float>>
{
    public static int Count => 16;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* p) => Vector512.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector512<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float s) => Vector512.Create(s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sub(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Mul(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> And(Vector512<float> a, Vector512<float> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose(ref Vector512<float> a, ref Vector512<float> b, ref Vector512<float> c, ref Vector512<float> d)
    {
        var t0 = Avx512F.UnpackLow(a, b);
        var t1 = Avx512F.UnpackHigh(a, b);
        var t2 = Avx512F.UnpackLow(c, d);
        var t3 = Avx512F.UnpackHigh(c, d);
        a = Avx512F.Shuffle(t0, t2, 0x44);
        b = Avx512F.Shuffle(t0, t2, 0xEE);
        c = Avx512F.Shuffle(t1, t3, 0x44);
        d = Avx512F.Shuffle(t1, t3, 0xEE);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeFirstTwo(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, out Vector512<float> c0, out Vector512<float> c1)
    {
        var t0 = Avx512F.UnpackLow(a, b);
        var t2 = Avx512F.UnpackLow(c, d);
        c0 = Avx512F.Shuffle(t0, t2, 0x44);
        c1 = Avx512F.Shuffle(t0, t2, 0xEE);
    }

    // Element 4L + r of a lane-transposed vector is tile 4r + L; the permutation is its own inverse.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ToTileOrder(Vector512<float> v) =>
        Avx512F.PermuteVar16x32(v, Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FromTileOrder(Vector512<float> v) => ToTileOrder(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Gather(float* p, int stride)
    {
        // .NET has no 512-bit gather: two 256-bit ones.
        var idx = Vector256<int>.Indices * stride;
        return Vector512.Create(Avx2.GatherVector256(p, idx, 4), Avx2.GatherVector256(p + 8L * stride, idx, 4));
    }
}
