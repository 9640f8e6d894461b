using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Kernels of the gather family (take, pick, gather_nd, scatter_nd, Embedding, one_hot, where)
/// and their scatter-add backward ops. Gathers move raw elements, so they serve every dtype;
/// the scatter-adds run in float32/float64.
/// </summary>
internal sealed unsafe class IndexingKernels : IKernelProvider
{
    private const int ParallelRows = 1 << 14;

    public void Register(CpuBackend b)
    {
        b.RegisterKernel("take", c =>
        {
            var p = c.P<TakeOp.Param>();
            Take(c.Inputs[0], c.Inputs[1], c.Outputs[0], p.Axis, p.Mode, "take");
        });
        b.RegisterKernel("Embedding", c => Take(c.Inputs[1], c.Inputs[0], c.Outputs[0], 0, IndexMode.Clip, "Embedding"));
        b.RegisterFloatKernel("_backward_take", c =>
        {
            var p = c.P<BackwardTakeOp.Param>();
            if (c.Outputs[0].DType == DType.Float32) TakeAdd<float>(c.Inputs[0], c.Inputs[1], c.Outputs[0], p.Axis, p.Mode, c.Op.Name);
            else TakeAdd<double>(c.Inputs[0], c.Inputs[1], c.Outputs[0], p.Axis, p.Mode, c.Op.Name);
        });
        b.RegisterKernel("pick", c =>
        {
            var p = c.P<PickOp.Param>();
            Pick(c.Inputs[0], c.Inputs[1], c.Outputs[0], p.Axis, p.Mode);
        });
        b.RegisterFloatKernel("_backward_pick", c =>
        {
            var p = c.P<BackwardPickOp.Param>();
            if (c.Outputs[0].DType == DType.Float32) PickBackward<float>(c.Inputs[0], c.Inputs[1], c.Outputs[0], p.Axis, p.Mode);
            else PickBackward<double>(c.Inputs[0], c.Inputs[1], c.Outputs[0], p.Axis, p.Mode);
        });
        b.RegisterKernel("gather_nd", c => GatherScatter(c.Inputs[0], c.Inputs[1], c.Outputs[0], gather: true, "gather_nd"));
        b.RegisterKernel("scatter_nd", c => GatherScatter(c.Inputs[0], c.Inputs[1], c.Outputs[0], gather: false, "scatter_nd"));
        b.RegisterFloatKernel("_backward_gather_nd", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) ScatterAdd<float>(c.Inputs[0], c.Inputs[1], c.Outputs[0]);
            else ScatterAdd<double>(c.Inputs[0], c.Inputs[1], c.Outputs[0]);
        });
        b.RegisterFloatKernel("one_hot", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) OneHot<float>(c);
            else OneHot<double>(c);
        });
        b.RegisterKernel("where", Where);
    }

    // ---- take / Embedding -----------------------------------------------------------------

    /// <summary>(outer, n, inner) layout of <paramref name="s"/> around <paramref name="axis"/>.</summary>
    private static (int Outer, int N, int Inner) Split(Shape s, int axis)
    {
        int ax = s.NormalizeAxis(axis, "take");
        return (s.SizeOf(0, ax), s[ax], s.SizeOf(ax + 1, s.Rank));
    }

    /// <summary>Normalized indices (mode applied), validated before any parallel work so errors surface directly.</summary>
    private static long[] Normalized(NDArray idx, int n, IndexMode mode, string op)
    {
        var buf = IndexReader.Rent(idx);
        int k = idx.Size;
        try
        {
            for (int i = 0; i < k; i++) buf[i] = IndexModes.Apply(buf[i], n, mode, op);
        }
        catch
        {
            IndexReader.Return(buf);
            throw;
        }
        return buf;
    }

    private static void Take(NDArray a, NDArray idx, NDArray o, int axis, IndexMode mode, string op)
    {
        if (o.Size == 0) return;
        var (outer, n, inner) = Split(a.Shape, axis);
        int k = idx.Size;
        var j = Normalized(idx, n, mode, op);
        try
        {
            long rowBytes = (long)inner * a.DType.SizeOf();
            IntPtr src = (IntPtr)a.DataPointer, dst = (IntPtr)o.DataPointer;
            int rows = outer * k;
            int minRows = (int)Math.Max(1L, ParallelRows / Math.Max(1L, rowBytes / 4));
            CpuParallel.For(rows, minRows, (s, e) => TakeRows((byte*)src, (byte*)dst, j, k, n, rowBytes, s, e));
        }
        finally { IndexReader.Return(j); }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void TakeRows(byte* src, byte* dst, long[] j, int k, int n, long rowBytes, int start, int end)
    {
        for (int r = start; r < end; r++)
        {
            int o = r / k, q = r - o * k;
            byte* from = src + ((long)o * n + j[q]) * rowBytes;
            Buffer.MemoryCopy(from, dst + (long)r * rowBytes, rowBytes, rowBytes);
        }
    }

    private static void TakeAdd<T>(NDArray og, NDArray idx, NDArray o, int axis, IndexMode mode, string op) where T : unmanaged, INumber<T>
    {
        var dst = o.Span<T>();
        dst.Clear();
        if (og.Size == 0) return;
        var (outer, n, inner) = Split(o.Shape, axis);
        int k = idx.Size;
        var j = Normalized(idx, n, mode, op);
        try
        {
            IntPtr pg = (IntPtr)og.DataPointer, po = (IntPtr)o.DataPointer;
            // Each outer block owns its own output rows, so blocks can run in parallel; within a
            // block repeated indices accumulate into the same row and stay serial.
            CpuParallel.For(outer, Math.Max(1, ParallelRows / Math.Max(1, k * inner)), (s, e) =>
                TakeAddBlocks((T*)pg, (T*)po, j, k, n, inner, s, e));
        }
        finally { IndexReader.Return(j); }
    }

    private static void TakeAddBlocks<T>(T* pg, T* po, long[] j, int k, int n, int inner, int start, int end) where T : unmanaged, INumber<T>
    {
        for (int b = start; b < end; b++)
            for (int q = 0; q < k; q++)
            {
                var row = new Span<T>(po + ((long)b * n + j[q]) * inner, inner);
                TensorPrimitives.Add(row, new ReadOnlySpan<T>(pg + ((long)b * k + q) * inner, inner), row);
            }
    }

    // ---- pick -------------------------------------------------------------------------------

    private static void Pick(NDArray data, NDArray idx, NDArray o, int axis, IndexMode mode)
    {
        if (o.Size == 0) return;
        var (outer, n, inner) = Split(data.Shape, axis);
        var j = Normalized(idx, n, mode, "pick");
        try
        {
            switch (data.DType.SizeOf())
            {
                case 1: PickLoop((byte*)data.DataPointer, (byte*)o.DataPointer, j, outer, n, inner); break;
                case 2: PickLoop((short*)data.DataPointer, (short*)o.DataPointer, j, outer, n, inner); break;
                case 4: PickLoop((int*)data.DataPointer, (int*)o.DataPointer, j, outer, n, inner); break;
                default: PickLoop((long*)data.DataPointer, (long*)o.DataPointer, j, outer, n, inner); break;
            }
        }
        finally { IndexReader.Return(j); }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void PickLoop<E>(E* src, E* dst, long[] j, int outer, int n, int inner) where E : unmanaged
    {
        for (int b = 0; b < outer; b++)
            for (int i = 0; i < inner; i++)
            {
                int q = b * inner + i;
                dst[q] = src[((long)b * n + j[q]) * inner + i];
            }
    }

    private static void PickBackward<T>(NDArray og, NDArray idx, NDArray o, int axis, IndexMode mode) where T : unmanaged, INumber<T>
    {
        var dst = o.Span<T>();
        dst.Clear();
        if (og.Size == 0) return;
        var (outer, n, inner) = Split(o.Shape, axis);
        var j = Normalized(idx, n, mode, "_backward_pick");
        try
        {
            T* pg = (T*)og.DataPointer, po = (T*)o.DataPointer;
            for (int b = 0; b < outer; b++)
                for (int i = 0; i < inner; i++)
                {
                    int q = b * inner + i;
                    po[((long)b * n + j[q]) * inner + i] = pg[q];
                }
        }
        finally { IndexReader.Return(j); }
    }

    // ---- gather_nd / scatter_nd ------------------------------------------------------------

    /// <summary>
    /// Element offsets (in units of slice length K) of each of the N index tuples into the
    /// array of shape <paramref name="full"/>; negative indices count from the end.
    /// </summary>
    private static long[] TupleOffsets(NDArray idx, Shape full, string op, out int count, out int sliceLen)
    {
        int m = idx.Shape[0];
        count = m == 0 ? 0 : idx.Size / m;
        sliceLen = full.SizeOf(m, full.Rank);
        var raw = IndexReader.Rent(idx);
        var off = new long[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                long acc = 0;
                for (int d = 0; d < m; d++)
                {
                    long v = raw[(long)d * count + i];
                    int size = full[d];
                    if (v < -size || v >= size)
                        throw new ArgumentOutOfRangeException("indices", $"{op}: index {v} is out of range for axis {d} of size {size} (shape {full})");
                    acc = acc * size + (v < 0 ? v + size : v);
                }
                off[i] = acc;
            }
        }
        finally { IndexReader.Return(raw); }
        return off;
    }

    private static void GatherScatter(NDArray data, NDArray idx, NDArray o, bool gather, string op)
    {
        int es = data.DType.SizeOf();
        if (!gather) new Span<byte>(o.DataPointer, o.Size * es).Clear();
        var off = TupleOffsets(idx, gather ? data.Shape : o.Shape, op, out int count, out int k);
        long bytes = (long)k * es;
        byte* src = (byte*)data.DataPointer, dst = (byte*)o.DataPointer;
        for (int i = 0; i < count; i++)
        {
            if (gather) Buffer.MemoryCopy(src + off[i] * bytes, dst + i * bytes, bytes, bytes);
            else Buffer.MemoryCopy(src + i * bytes, dst + off[i] * bytes, bytes, bytes);
        }
    }

    private static void ScatterAdd<T>(NDArray data, NDArray idx, NDArray o) where T : unmanaged, INumber<T>
    {
        var dst = o.Span<T>();
        dst.Clear();
        var off = TupleOffsets(idx, o.Shape, "_backward_gather_nd", out int count, out int k);
        var src = data.Span<T>();
        for (int i = 0; i < count; i++)
        {
            var row = dst.Slice((int)(off[i] * k), k);
            TensorPrimitives.Add(row, src.Slice(i * k, k), row);
        }
    }

    // ---- one_hot --------------------------------------------------------------------------

    private static void OneHot<T>(KernelContext c) where T : unmanaged, INumber<T>
    {
        var p = c.P<OneHotOp.Param>();
        var dst = c.Outputs[0].Span<T>();
        dst.Fill(T.CreateTruncating(p.OffValue));
        if (dst.Length == 0) return;
        T on = T.CreateTruncating(p.OnValue);
        var j = IndexReader.Rent(c.Inputs[0]);
        try
        {
            int n = c.Inputs[0].Size, d = p.Depth;
            for (int i = 0; i < n; i++)
                if (j[i] >= 0 && j[i] < d) dst[i * d + (int)j[i]] = on;
        }
        finally { IndexReader.Return(j); }
    }

    // ---- where -----------------------------------------------------------------------------

    private static void Where(KernelContext c)
    {
        NDArray cond = c.Inputs[0], x = c.Inputs[1], y = c.Inputs[2], o = c.Outputs[0];
        if (o.Size == 0) return;
        if (cond.Shape != x.Shape)
        {
            WhereRows(cond, x, y, o);
            return;
        }
        if (cond.DType == x.DType && x.DType == DType.Float32)
        {
            ElementwiseSelect.Run((float*)cond.DataPointer, (float*)x.DataPointer, (float*)y.DataPointer, (float*)o.DataPointer, o.Size);
            return;
        }
        if (cond.DType == x.DType && x.DType == DType.Float64)
        {
            ElementwiseSelect.Run((double*)cond.DataPointer, (double*)x.DataPointer, (double*)y.DataPointer, (double*)o.DataPointer, o.Size);
            return;
        }
        // Mixed dtypes: reduce the condition to a 0/1 byte mask, then select raw elements.
        var mask = NonZeroMask(cond);
        try
        {
            switch (x.DType.SizeOf())
            {
                case 1: ElementwiseSelect.RunMask(mask, (byte*)x.DataPointer, (byte*)y.DataPointer, (byte*)o.DataPointer, o.Size); break;
                case 2: ElementwiseSelect.RunMask(mask, (short*)x.DataPointer, (short*)y.DataPointer, (short*)o.DataPointer, o.Size); break;
                case 4: ElementwiseSelect.RunMask(mask, (int*)x.DataPointer, (int*)y.DataPointer, (int*)o.DataPointer, o.Size); break;
                default: ElementwiseSelect.RunMask(mask, (long*)x.DataPointer, (long*)y.DataPointer, (long*)o.DataPointer, o.Size); break;
            }
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(mask); }
    }

    private static byte[] NonZeroMask(NDArray cond)
    {
        int n = cond.Size;
        var m = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(1, n));
        switch (cond.DType)
        {
            case DType.Float32: { var s = cond.Span<float>(); for (int i = 0; i < n; i++) m[i] = s[i] != 0 ? (byte)1 : (byte)0; break; }
            case DType.Float64: { var s = cond.Span<double>(); for (int i = 0; i < n; i++) m[i] = s[i] != 0 ? (byte)1 : (byte)0; break; }
            case DType.Float16: { var s = cond.Span<Half>(); for (int i = 0; i < n; i++) m[i] = s[i] != Half.Zero ? (byte)1 : (byte)0; break; }
            case DType.BFloat16: { var s = cond.Span<ushort>(); for (int i = 0; i < n; i++) m[i] = (s[i] & 0x7FFF) != 0 ? (byte)1 : (byte)0; break; }
            default:
            {
                // Integer and bool dtypes: any set bit means non-zero.
                int es = cond.DType.SizeOf();
                var s = new ReadOnlySpan<byte>(cond.DataPointer, n * es);
                for (int i = 0; i < n; i++)
                {
                    byte any = 0;
                    for (int q = 0; q < es; q++) any |= s[i * es + q];
                    m[i] = any != 0 ? (byte)1 : (byte)0;
                }
                break;
            }
        }
        return m;
    }

    private static void WhereRows(NDArray cond, NDArray x, NDArray y, NDArray o)
    {
        var mask = NonZeroMask(cond);
        try
        {
            int rows = x.Shape[0];
            long rowBytes = (long)(x.Size / Math.Max(1, rows)) * x.DType.SizeOf();
            byte* px = (byte*)x.DataPointer, py = (byte*)y.DataPointer, po = (byte*)o.DataPointer;
            for (int r = 0; r < rows; r++)
                Buffer.MemoryCopy((mask[r] != 0 ? px : py) + r * rowBytes, po + r * rowBytes, rowBytes, rowBytes);
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(mask); }
    }
}
