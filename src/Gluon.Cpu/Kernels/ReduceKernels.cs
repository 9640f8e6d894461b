using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Kernels of the reduction ops. A reduction over any axis set runs as stages: the axes are
/// merged into alternating kept/reduced groups, and each reduced group (last first) is reduced
/// as an (outer, reduce, inner) block by <see cref="ReduceDriver"/>, so non-adjacent axes need no
/// strided gather. Ops whose first stage maps elements (|x|, x², NaN skipping) continue with
/// the plain sum/product, then a finishing step (÷count for mean, √ for the L2 norm).
/// </summary>
internal sealed class ReduceKernels : IKernelProvider
{
    private enum Finish { None, Mean, Sqrt }

    public void Register(CpuBackend b)
    {
        Reg(b, "sum", ReduceKind.Sum, ReduceKind.Sum, Finish.None);
        Reg(b, "mean", ReduceKind.Sum, ReduceKind.Sum, Finish.Mean);
        Reg(b, "prod", ReduceKind.Prod, ReduceKind.Prod, Finish.None);
        Reg(b, "max", ReduceKind.Max, ReduceKind.Max, Finish.None);
        Reg(b, "min", ReduceKind.Min, ReduceKind.Min, Finish.None);
        Reg(b, "nansum", ReduceKind.NanSum, ReduceKind.Sum, Finish.None);
        Reg(b, "nanprod", ReduceKind.NanProd, ReduceKind.Prod, Finish.None);
        b.RegisterFloatKernel("norm", c =>
        {
            var p = c.P<ReduceOps.NormParam>();
            var mask = p.Reduce.ReducedMask(c.Op.Name, c.Inputs[0].Shape);
            if (p.Ord == 1) Dispatch(c, mask, ReduceKind.SumAbs, ReduceKind.Sum, Finish.None);
            else Dispatch(c, mask, ReduceKind.SumSq, ReduceKind.Sum, Finish.Sqrt);
        });
        b.RegisterFloatKernel("argmax", c => ArgReduce(c, max: true));
        b.RegisterFloatKernel("argmin", c => ArgReduce(c, max: false));
        b.RegisterFloatKernel("add_n", AddN);
        b.RegisterFloatKernel("_backward_nanprod", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) NanProdFactor<float>(c);
            else NanProdFactor<double>(c);
        });
    }

    private static void Reg(CpuBackend b, string name, ReduceKind first, ReduceKind later, Finish fin) =>
        b.RegisterFloatKernel(name, c => Dispatch(c, c.P<ReduceParam>().ReducedMask(c.Op.Name, c.Inputs[0].Shape), first, later, fin));

    private static void Dispatch(KernelContext c, bool[] mask, ReduceKind first, ReduceKind later, Finish fin)
    {
        // The input and output dtypes may differ (norm's out_dtype): compute in the input's dtype.
        var o = c.Outputs[0];
        if (c.Inputs[0].DType != o.DType)
        {
            using var tmp = Nd.Empty(o.Shape, c.Inputs[0].DType, c.Context);
            Dispatch(c.Inputs[0], tmp, mask, first, later, fin);
            CastKernels.ConvertInto(tmp, o);
            return;
        }
        Dispatch(c.Inputs[0], o, mask, first, later, fin);
    }

    private static void Dispatch(NDArray x, NDArray o, bool[] mask, ReduceKind first, ReduceKind later, Finish fin)
    {
        if (o.DType == DType.Float32) Staged<float>(x, o, mask, first, later, fin);
        else Staged<double>(x, o, mask, first, later, fin);
    }

    private static unsafe void Staged<T>(NDArray x, NDArray o, bool[] mask, ReduceKind first, ReduceKind later, Finish fin)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dst = o.Span<T>();
        if (o.Size == 0) return;
        if (x.Size == 0)
        {
            dst.Fill(Identity<T>(first));
            Finalize(dst, fin, 0);
            return;
        }
        // Merge axes into alternating kept/reduced groups, dropping size-1 axes.
        var dims = new List<int>();
        var red = new List<bool>();
        for (int i = 0; i < x.Shape.Rank; i++)
        {
            if (x.Shape[i] == 1) continue;
            if (red.Count > 0 && red[^1] == mask[i]) dims[^1] *= x.Shape[i];
            else { dims.Add(x.Shape[i]); red.Add(mask[i]); }
        }
        if (!red.Contains(true))
        {
            // Nothing to combine, but the first stage still maps each element (|x|, x², NaN).
            dims.Add(1);
            red.Add(true);
        }
        T* cur = (T*)x.DataPointer;
        T* owned = null;
        bool isFirst = true;
        try
        {
            while (true)
            {
                int j = red.LastIndexOf(true);
                int outer = 1, inner = 1;
                for (int k = 0; k < j; k++) outer *= dims[k];
                for (int k = j + 1; k < dims.Count; k++) inner *= dims[k];
                bool last = red.IndexOf(true) == j;
                T* target = last ? (T*)o.DataPointer : (T*)NativeMemory.AlignedAlloc((nuint)((long)outer * inner * sizeof(T)), 64);
                ReduceBlock(cur, target, outer, dims[j], inner, isFirst ? first : later);
                if (owned != null) NativeMemory.AlignedFree(owned);
                owned = last ? null : target;
                cur = target;
                isFirst = false;
                if (last) break;
                dims.RemoveAt(j);
                red.RemoveAt(j);
                // The kept groups on either side of the removed one are now adjacent: merge them.
                if (j > 0 && j < dims.Count && !red[j - 1] && !red[j])
                {
                    dims[j - 1] *= dims[j];
                    dims.RemoveAt(j);
                    red.RemoveAt(j);
                }
            }
        }
        finally
        {
            if (owned != null) NativeMemory.AlignedFree(owned);
        }
        Finalize(dst, fin, x.Size / o.Size);
    }

    private static unsafe void ReduceBlock<T>(T* src, T* dst, int outer, int red, int inner, ReduceKind kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case ReduceKind.Sum: ReduceDriver.Reduce<T, SumR<T>>(src, dst, outer, red, inner, kind); break;
            case ReduceKind.Prod: ReduceDriver.Reduce<T, ProdR<T>>(src, dst, outer, red, inner, kind); break;
            case ReduceKind.Max: ReduceDriver.Reduce<T, MaxR<T>>(src, dst, outer, red, inner, kind); break;
            case ReduceKind.Min: ReduceDriver.Reduce<T, MinR<T>>(src, dst, outer, red, inner, kind); break;
            case ReduceKind.NanSum: ReduceDriver.Reduce<T, NanSumR<T>>(src, dst, outer, red, inner, kind); break;
            case ReduceKind.NanProd: ReduceDriver.Reduce<T, NanProdR<T>>(src, dst, outer, red, inner, kind); break;
            case ReduceKind.SumAbs: ReduceDriver.Reduce<T, SumAbsR<T>>(src, dst, outer, red, inner, kind); break;
            default: ReduceDriver.Reduce<T, SumSqR<T>>(src, dst, outer, red, inner, kind); break;
        }
    }

    private static T Identity<T>(ReduceKind kind) where T : unmanaged, IFloatingPointIeee754<T> => kind switch
    {
        ReduceKind.Prod or ReduceKind.NanProd => T.One,
        ReduceKind.Max => T.NegativeInfinity,
        ReduceKind.Min => T.PositiveInfinity,
        _ => T.Zero,
    };

    private static void Finalize<T>(Span<T> dst, Finish fin, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Divide (not multiply by 1/count) as MXNet's normalize step does; over zero elements 0/0 = NaN.
        if (fin == Finish.Mean) TensorPrimitives.Divide(dst, T.CreateChecked(count), dst);
        else if (fin == Finish.Sqrt) TensorPrimitives.Sqrt(dst, dst);
    }

    // ---- argmax / argmin ---------------------------------------------------------------------

    private static void ArgReduce(KernelContext c, bool max)
    {
        if (c.Outputs[0].DType == DType.Float32) ArgReduce<float>(c, max);
        else ArgReduce<double>(c, max);
    }

    private static unsafe void ArgReduce<T>(KernelContext c, bool max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = c.Inputs[0];
        var o = c.Outputs[0];
        var p = c.P<ReduceOps.ArgReduceParam>();
        if (o.Size == 0) return;
        int outer = 1, n = x.Size, inner = 1;
        if (p.Axis is not null && x.Shape.Rank > 0)
        {
            int a = x.Shape.NormalizeAxis(p.Axis.Value, c.Op.Name);
            outer = x.Shape.SizeOf(0, a);
            n = x.Shape[a];
            inner = x.Shape.SizeOf(a + 1, x.Shape.Rank);
        }
        T* src = (T*)x.DataPointer;
        T* dst = (T*)o.DataPointer;
        var xs = new ReadOnlySpan<T>(src, x.Size);
        if (inner == 1)
        {
            for (int b = 0; b < outer; b++)
            {
                // TensorPrimitives.IndexOfMax ranks +0 above -0; MXNet compares with '>' (they tie),
                // so find the extreme with the vectorized Max/Min and take its first occurrence.
                var row = xs.Slice(b * n, n);
                T m = max ? TensorPrimitives.Max(row) : TensorPrimitives.Min(row);
                dst[b] = T.CreateChecked(FirstIndexOf(row, m));
            }
            return;
        }
        var best = new T[inner];
        fixed (T* pb = best)
        {
            for (int b = 0; b < outer; b++)
            {
                T* blk = src + (long)b * n * inner;
                T* idx = dst + (long)b * inner;
                new Span<T>(blk, inner).CopyTo(best);
                new Span<T>(idx, inner).Clear();
                for (int r = 1; r < n; r++)
                {
                    if (max) ArgStep<T, Greater<T>>(pb, idx, blk + (long)r * inner, T.CreateChecked(r), inner);
                    else ArgStep<T, Less<T>>(pb, idx, blk + (long)r * inner, T.CreateChecked(r), inner);
                }
            }
        }
    }

    /// <summary>First i with row[i] == m (== treats -0 and +0 alike), or the first NaN when m is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static unsafe int FirstIndexOf<T>(ReadOnlySpan<T> row, T m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsNaN(m))
        {
            for (int j = 0; j < row.Length; j++) if (T.IsNaN(row[j])) return j;
            return 0;
        }
        int i = 0, n = row.Length;
        fixed (T* p = row)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                var mv = Vector512.Create(m);
                for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                {
                    ulong bits = Vector512.Equals(Vector512.Load(p + i), mv).ExtractMostSignificantBits();
                    if (bits != 0) return i + BitOperations.TrailingZeroCount(bits);
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var mv = Vector256.Create(m);
                for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                {
                    uint bits = Vector256.Equals(Vector256.Load(p + i), mv).ExtractMostSignificantBits();
                    if (bits != 0) return i + BitOperations.TrailingZeroCount(bits);
                }
            }
            for (; i < n; i++) if (p[i] == m) return i;
        }
        return 0;
    }

    /// <summary>Strict "better than" test; strictness keeps the first occurrence of the extreme.</summary>
    private interface IBetter<T> where T : unmanaged
    {
        static abstract bool Better(T x, T best);
        static abstract Vector128<T> Better(Vector128<T> x, Vector128<T> best);
        static abstract Vector256<T> Better(Vector256<T> x, Vector256<T> best);
        static abstract Vector512<T> Better(Vector512<T> x, Vector512<T> best);
    }

    private readonly struct Greater<T> : IBetter<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static bool Better(T x, T best) => x > best;
        public static Vector128<T> Better(Vector128<T> x, Vector128<T> best) => Vector128.GreaterThan(x, best);
        public static Vector256<T> Better(Vector256<T> x, Vector256<T> best) => Vector256.GreaterThan(x, best);
        public static Vector512<T> Better(Vector512<T> x, Vector512<T> best) => Vector512.GreaterThan(x, best);
    }

    private readonly struct Less<T> : IBetter<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static bool Better(T x, T best) => x < best;
        public static Vector128<T> Better(Vector128<T> x, Vector128<T> best) => Vector128.LessThan(x, best);
        public static Vector256<T> Better(Vector256<T> x, Vector256<T> best) => Vector256.LessThan(x, best);
        public static Vector512<T> Better(Vector512<T> x, Vector512<T> best) => Vector512.LessThan(x, best);
    }

    /// <summary>Where row[i] beats best[i], take its value and index r (one row of a leading-axis argmax).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static unsafe void ArgStep<T, TCmp>(T* best, T* idx, T* row, T r, int n)
        where T : unmanaged, IFloatingPointIeee754<T> where TCmp : struct, IBetter<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var rv = Vector512.Create(r);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var v = Vector512.Load(row + i);
                var bv = Vector512.Load(best + i);
                var m = TCmp.Better(v, bv);
                Vector512.ConditionalSelect(m, v, bv).Store(best + i);
                Vector512.ConditionalSelect(m, rv, Vector512.Load(idx + i)).Store(idx + i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var rv = Vector256.Create(r);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var v = Vector256.Load(row + i);
                var bv = Vector256.Load(best + i);
                var m = TCmp.Better(v, bv);
                Vector256.ConditionalSelect(m, v, bv).Store(best + i);
                Vector256.ConditionalSelect(m, rv, Vector256.Load(idx + i)).Store(idx + i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var rv = Vector128.Create(r);
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count)
            {
                var v = Vector128.Load(row + i);
                var bv = Vector128.Load(best + i);
                var m = TCmp.Better(v, bv);
                Vector128.ConditionalSelect(m, v, bv).Store(best + i);
                Vector128.ConditionalSelect(m, rv, Vector128.Load(idx + i)).Store(idx + i);
            }
        }
        for (; i < n; i++)
        {
            if (TCmp.Better(row[i], best[i])) { best[i] = row[i]; idx[i] = r; }
        }
    }

    // ---- add_n and nanprod's gradient factor ------------------------------------------------

    private static void AddN(KernelContext c)
    {
        if (c.Outputs[0].DType == DType.Float32) AddN<float>(c);
        else AddN<double>(c);
    }

    private static unsafe void AddN<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var o = c.Outputs[0];
        int n = o.Size;
        if (n == 0) return;
        var ins = new IntPtr[c.Inputs.Length];
        for (int i = 0; i < ins.Length; i++) ins[i] = (IntPtr)c.Inputs[i].DataPointer;
        IntPtr po = (IntPtr)o.DataPointer;
        CpuParallel.For(n, 1 << 14, (s, e) =>
        {
            var dst = new Span<T>((T*)po + s, e - s);
            var a0 = new ReadOnlySpan<T>((T*)ins[0] + s, e - s);
            if (ins.Length == 1) { a0.CopyTo(dst); return; }
            TensorPrimitives.Add(a0, new ReadOnlySpan<T>((T*)ins[1] + s, e - s), dst);
            for (int k = 2; k < ins.Length; k++)
                TensorPrimitives.Add(dst, new ReadOnlySpan<T>((T*)ins[k] + s, e - s), dst);
        });
    }

    private static void NanProdFactor<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = c.Inputs[0].Span<T>();
        var y = c.Inputs[1].Span<T>();
        var o = c.Outputs[0].Span<T>();
        // y / x, then zero where x was NaN (the NaN entries took no part in the product).
        TensorPrimitives.Divide(y, x, o);
        for (int i = 0; i < o.Length; i++) if (T.IsNaN(x[i])) o[i] = T.Zero;
    }
}
