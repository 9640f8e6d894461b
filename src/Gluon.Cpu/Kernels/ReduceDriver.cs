using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// A reduction as static members of a struct: an identity, and <c>Acc</c> = combine(acc,
/// map(x)) (map is the identity for sum/prod/max/min, |x| or x² for norms, NaN → identity for
/// the nan* reductions), and <c>Merge</c> to combine two partial results. Run by
/// <see cref="ReduceDriver"/>, so the JIT inlines every call.
/// </summary>
internal interface IReduceOp<T> where T : unmanaged
{
    static abstract T Identity { get; }
    static abstract T Acc(T acc, T x);
    static abstract T Merge(T a, T b);
    static abstract Vector128<T> Acc(Vector128<T> acc, Vector128<T> x);
    static abstract Vector256<T> Acc(Vector256<T> acc, Vector256<T> x);
    static abstract Vector512<T> Acc(Vector512<T> acc, Vector512<T> x);
    static abstract Vector128<T> Merge(Vector128<T> a, Vector128<T> b);
    static abstract Vector256<T> Merge(Vector256<T> a, Vector256<T> b);
    static abstract Vector512<T> Merge(Vector512<T> a, Vector512<T> b);
}

internal readonly struct SumR<T> : IReduceOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Identity => T.Zero;
    public static T Acc(T a, T x) => a + x;
    public static T Merge(T a, T b) => a + b;
    public static Vector128<T> Acc(Vector128<T> a, Vector128<T> x) => a + x;
    public static Vector256<T> Acc(Vector256<T> a, Vector256<T> x) => a + x;
    public static Vector512<T> Acc(Vector512<T> a, Vector512<T> x) => a + x;
    public static Vector128<T> Merge(Vector128<T> a, Vector128<T> b) => a + b;
    public static Vector256<T> Merge(Vector256<T> a, Vector256<T> b) => a + b;
    public static Vector512<T> Merge(Vector512<T> a, Vector512<T> b) => a + b;
}

internal readonly struct ProdR<T> : IReduceOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Identity => T.One;
    public static T Acc(T a, T x) => a * x;
    public static T Merge(T a, T b) => a * b;
    public static Vector128<T> Acc(Vector128<T> a, Vector128<T> x) => a * x;
    public static Vector256<T> Acc(Vector256<T> a, Vector256<T> x) => a * x;
    public static Vector512<T> Acc(Vector512<T> a, Vector512<T> x) => a * x;
    public static Vector128<T> Merge(Vector128<T> a, Vector128<T> b) => a * b;
    public static Vector256<T> Merge(Vector256<T> a, Vector256<T> b) => a * b;
    public static Vector512<T> Merge(Vector512<T> a, Vector512<T> b) => a * b;
}

/// <summary>Maximum; NaN propagates (Vector*.Max follow IEEE 754-2019 maximum, like Math.Max).</summary>
internal readonly struct MaxR<T> : IReduceOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Identity => T.NegativeInfinity;
    public static T Acc(T a, T x) => T.Max(a, x);
    public static T Merge(T a, T b) => T.Max(a, b);
    public static Vector128<T> Acc(Vector128<T> a, Vector128<T> x) => Vector128.Max(a, x);
    public static Vector256<T> Acc(Vector256<T> a, Vector256<T> x) => Vector256.Max(a, x);
    public static Vector512<T> Acc(Vector512<T> a, Vector512<T> x) => Vector512.Max(a, x);
    public static Vector128<T> Merge(Vector128<T> a, Vector128<T> b) => Vector128.Max(a, b);
    public static Vector256<T> Merge(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);
    public static Vector512<T> Merge(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);
}

/// <summary>Minimum; NaN propagates.</summary>
internal readonly struct MinR<T> : IReduceOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Identity => T.PositiveInfinity;
    public static T Acc(T a, T x) => T.Min(a, x);
    public static T Merge(T a, T b) => T.Min(a, b);
    public static Vector128<T> Acc(Vector128<T> a, Vector128<T> x) => Vector128.Min(a, x);
    public static Vector256<T> Acc(Vector256<T> a, Vector256<T> x) => Vector256.Min(a, x);
    public static Vector512<T> Acc(Vector512<T> a, Vector512<T> x) => Vector512.Min(a, x);
    public static Vector128<T> Merge(Vector128<T> a, Vector128<T> b) => Vector128.Min(a, b);
    public static Vector256<T> Merge(Vector256<T> a, Vector256<T> b) => Vector256.Min(a, b);
    public static Vector512<T> Merge(Vector512<T> a, Vector512<T> b) => Vector512.Min(a, b);
}

/// <summary>Sum skipping NaN (x == x is false only for NaN).</summary>
internal readonly struct NanSumR<T> : IReduceOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Identity => T.Zero;
    public static T Acc(T a, T x) => T.IsNaN(x) ? a : a + x;
    public static T Merge(T a, T b) => a + b;
    public static Vector128<T> Acc(Vector128<T> a, Vector128<T> x) => a + (x & Vector128.Equals(x, x));
    public static Vector256<T> Acc(Vector256<T> a, Vector256<T> x) => a + (x & Vector256.Equals(x, x));
    public static Vector512<T> Acc(Vector512<T> a, Vector512<T> x) => a + (x & Vector512.Equals(x, x));
    public static Vector128<T> Merge(Vector128<T> a, Vector128<T> b) => a + b;
    public static Vector256<T> Merge(Vector256<T> a, Vector256<T> b) => a + b;
    public static Vector512<T> Merge(Vector512<T> a, Vector512<T> b) => a + b;
}

/// <summary>Product skipping NaN.</summary>
internal readonly struct NanProdR<T> : IReduceOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Identity => T.One;
    public static T Acc(T a, T x) => T.IsNaN(x) ? a : a * x;
    public static T Merge(T a, T b) => a * b;
    public static Vector128<T> Acc(Vector128<T> a, Vector128<T> x) => a * Vector128.ConditionalSelect(Vector128.Equals(x, x), x, Vector128<T>.One);
    public static Vector256<T> Acc(Vector256<T> a, Vector256<T> x) => a * Vector256.ConditionalSelect(Vector256.Equals(x, x), x, Vector256<T>.One);
    public static Vector512<T> Acc(Vector512<T> a, Vector512<T> x) => a * Vector512.ConditionalSelect(Vector512.Equals(x, x), x, Vector512<T>.One);
    public static Vector128<T> Merge(Vector128<T> a, Vector128<T> b) => a * b;
    public static Vector256<T> Merge(Vector256<T> a, Vector256<T> b) => a * b;
    public static Vector512<T> Merge(Vector512<T> a, Vector512<T> b) => a * b;
}

/// <summary>Sum of |x| (L1 norm).</summary>
internal readonly struct SumAbsR<T> : IReduceOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Identity => T.Zero;
    public static T Acc(T a, T x) => a + T.Abs(x);
    public static T Merge(T a, T b) => a + b;
    public static Vector128<T> Acc(Vector128<T> a, Vector128<T> x) => a + Vector128.Abs(x);
    public static Vector256<T> Acc(Vector256<T> a, Vector256<T> x) => a + Vector256.Abs(x);
    public static Vector512<T> Acc(Vector512<T> a, Vector512<T> x) => a + Vector512.Abs(x);
    public static Vector128<T> Merge(Vector128<T> a, Vector128<T> b) => a + b;
    public static Vector256<T> Merge(Vector256<T> a, Vector256<T> b) => a + b;
    public static Vector512<T> Merge(Vector512<T> a, Vector512<T> b) => a + b;
}

/// <summary>Sum of x² (squared L2 norm).</summary>
internal readonly struct SumSqR<T> : IReduceOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Identity => T.Zero;
    public static T Acc(T a, T x) => a + x * x;
    public static T Merge(T a, T b) => a + b;
    public static Vector128<T> Acc(Vector128<T> a, Vector128<T> x) => a + x * x;
    public static Vector256<T> Acc(Vector256<T> a, Vector256<T> x) => a + x * x;
    public static Vector512<T> Acc(Vector512<T> a, Vector512<T> x) => a + x * x;
    public static Vector128<T> Merge(Vector128<T> a, Vector128<T> b) => a + b;
    public static Vector256<T> Merge(Vector256<T> a, Vector256<T> b) => a + b;
    public static Vector512<T> Merge(Vector512<T> a, Vector512<T> b) => a + b;
}

/// <summary>The two hot loops of every reduction: a contiguous run to one value, and row accumulation.</summary>
internal static unsafe class ReduceDriver
{
    /// <summary>Reduces x[0..n) to one value with four vector accumulators (widest accelerated width).</summary>
    /// <remarks>
    /// One block per vector type (they cannot share code without an abstraction the JIT would have
    /// to see through); the 128-bit block keeps two accumulators, so its summation order differs.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static T Run<T, TOp>(T* x, int n) where T : unmanaged where TOp : struct, IReduceOp<T>
    {
        int i = 0;
        T r = TOp.Identity;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int c = Vector512<T>.Count;
            var a0 = Vector512.Create(TOp.Identity);
            Vector512<T> a1 = a0, a2 = a0, a3 = a0;
            for (; i <= n - 4 * c; i += 4 * c)
            {
                a0 = TOp.Acc(a0, Vector512.Load(x + i));
                a1 = TOp.Acc(a1, Vector512.Load(x + i + c));
                a2 = TOp.Acc(a2, Vector512.Load(x + i + 2 * c));
                a3 = TOp.Acc(a3, Vector512.Load(x + i + 3 * c));
            }
            for (; i <= n - c; i += c) a0 = TOp.Acc(a0, Vector512.Load(x + i));
            a0 = TOp.Merge(TOp.Merge(a0, a1), TOp.Merge(a2, a3));
            for (int l = 0; l < c; l++) r = TOp.Merge(r, a0.GetElement(l));
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int c = Vector256<T>.Count;
            var a0 = Vector256.Create(TOp.Identity);
            Vector256<T> a1 = a0, a2 = a0, a3 = a0;
            for (; i <= n - 4 * c; i += 4 * c)
            {
                a0 = TOp.Acc(a0, Vector256.Load(x + i));
                a1 = TOp.Acc(a1, Vector256.Load(x + i + c));
                a2 = TOp.Acc(a2, Vector256.Load(x + i + 2 * c));
                a3 = TOp.Acc(a3, Vector256.Load(x + i + 3 * c));
            }
            for (; i <= n - c; i += c) a0 = TOp.Acc(a0, Vector256.Load(x + i));
            a0 = TOp.Merge(TOp.Merge(a0, a1), TOp.Merge(a2, a3));
            for (int l = 0; l < c; l++) r = TOp.Merge(r, a0.GetElement(l));
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
        {
            int c = Vector128<T>.Count;
            var a0 = Vector128.Create(TOp.Identity);
            Vector128<T> a1 = a0;
            for (; i <= n - 2 * c; i += 2 * c)
            {
                a0 = TOp.Acc(a0, Vector128.Load(x + i));
                a1 = TOp.Acc(a1, Vector128.Load(x + i + c));
            }
            for (; i <= n - c; i += c) a0 = TOp.Acc(a0, Vector128.Load(x + i));
            a0 = TOp.Merge(a0, a1);
            for (int l = 0; l < c; l++) r = TOp.Merge(r, a0.GetElement(l));
        }
        for (; i < n; i++) r = TOp.Acc(r, x[i]);
        return r;
    }

    /// <summary>acc[i] = Acc(acc[i], row[i]) for i in [0, n): one more row of a leading-axis reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void AccumulateRow<T, TOp>(T* acc, T* row, int n) where T : unmanaged where TOp : struct, IReduceOp<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                TOp.Acc(Vector512.Load(acc + i), Vector512.Load(row + i)).Store(acc + i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                TOp.Acc(Vector256.Load(acc + i), Vector256.Load(row + i)).Store(acc + i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count)
                TOp.Acc(Vector128.Load(acc + i), Vector128.Load(row + i)).Store(acc + i);
        for (; i < n; i++) acc[i] = TOp.Acc(acc[i], row[i]);
    }

    /// <summary>
    /// dst[o, j] = reduce over r of src[o, r, j] for an (outer, red, inner) row-major block
    /// (red ≥ 1). Contiguous runs (inner = 1) use TensorPrimitives where it has the reduction;
    /// otherwise rows are accumulated in L1-sized column blocks. Split over cores when large.
    /// </summary>
    public static void Reduce<T, TOp>(T* src, T* dst, int outer, int red, int inner, ReduceKind kind)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IReduceOp<T>
    {
        // One big reduction (a full sum, a leading-axis sum over few columns) has too few output
        // items to share out: split the reduced axis instead and merge the per-core partials.
        int parts = CpuParallel.Degree;
        if (outer == 1 && parts > 1 && inner <= 2048 && (long)red * inner >= 1 << 17 && red >= 4 * parts)
        {
            var partial = GC.AllocateUninitializedArray<T>((parts - 1) * inner, pinned: true);
            IntPtr pp = (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(partial));
            IntPtr ps0 = (IntPtr)src, pd0 = (IntPtr)dst;
            CpuParallel.For(parts, 1, (s, e) =>
            {
                for (int p = s; p < e; p++)
                {
                    int r0 = (int)((long)red * p / parts), r1 = (int)((long)red * (p + 1) / parts);
                    T* target = p == 0 ? (T*)pd0 : (T*)pp + (long)(p - 1) * inner;
                    ReduceBlocks<T, TOp>((T*)ps0 + (long)r0 * inner, target, 1, r1 - r0, inner, kind);
                }
            });
            for (int p = 1; p < parts; p++)
                for (int j = 0; j < inner; j++) dst[j] = TOp.Merge(dst[j], partial[(p - 1) * inner + j]);
            return;
        }
        ReduceBlocks<T, TOp>(src, dst, outer, red, inner, kind);
    }

    private static void ReduceBlocks<T, TOp>(T* src, T* dst, int outer, int red, int inner, ReduceKind kind)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IReduceOp<T>
    {
        const int Work = 1 << 15;
        IntPtr ps = (IntPtr)src, pd = (IntPtr)dst;
        if (inner == 1)
        {
            CpuParallel.For(outer, Math.Max(1, Work / Math.Max(1, red)), (s, e) =>
            {
                for (int o = s; o < e; o++)
                    ((T*)pd)[o] = Contiguous<T, TOp>((T*)ps + (long)o * red, red, kind);
            });
            return;
        }
        // Column blocks of up to 2048 elements keep the accumulator row in L1 while all rows stream past.
        const int Block = 2048;
        int blocks = (inner + Block - 1) / Block;
        long perItem = (long)red * Math.Min(inner, Block);
        CpuParallel.For(outer * blocks, (int)Math.Max(1, Work / perItem), (s, e) =>
        {
            for (int item = s; item < e; item++)
            {
                int o = item / blocks, b = item % blocks;
                int j0 = b * Block, len = Math.Min(Block, inner - j0);
                T* acc = (T*)pd + (long)o * inner + j0;
                T* blk = (T*)ps + (long)o * red * inner + j0;
                new Span<T>(acc, len).Fill(TOp.Identity);
                for (int r = 0; r < red; r++) AccumulateRow<T, TOp>(acc, blk + (long)r * inner, len);
            }
        });
    }

    private static T Contiguous<T, TOp>(T* x, int n, ReduceKind kind)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IReduceOp<T>
    {
        var s = new ReadOnlySpan<T>(x, n);
        return kind switch
        {
            ReduceKind.Sum => TensorPrimitives.Sum(s),
            ReduceKind.Prod => TensorPrimitives.Product(s),
            ReduceKind.Max => TensorPrimitives.Max(s),
            ReduceKind.Min => TensorPrimitives.Min(s),
            ReduceKind.SumAbs => TensorPrimitives.SumOfMagnitudes(s),
            ReduceKind.SumSq => TensorPrimitives.SumOfSquares(s),
            _ => Run<T, TOp>(x, n),
        };
    }
}

/// <summary>The elementary reductions a reduction op is staged from.</summary>
internal enum ReduceKind
{
    Sum,
    Prod,
    Max,
    Min,
    NanSum,
    NanProd,
    SumAbs,
    SumSq,
}
