using System.Runtime.CompilerServices;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The data-movement engine of the shape ops: copies the elements of an index box from one
/// strided layout to another, <c>dst[Σ i_k·ds_k] = src[Σ i_k·ss_k]</c>, for any element size.
/// Axes of size 1 are dropped and axes that are contiguous in both layouts are merged, so the
/// innermost loop is as long as possible; contiguous inner runs are copied with span copies,
/// and a transposed last-two-axes pattern uses a cache-blocked transpose. A stride of 0 reads
/// the same element repeatedly (broadcast, tile, fill from a scalar).
/// </summary>
internal static unsafe class StridedCopy
{
    private const int Block = 32;
    private const long ParallelMin = 1 << 15;

    /// <summary>
    /// Copies <paramref name="shape"/>'s box; strides and the base pointers are in elements of
    /// <paramref name="elemSize"/> bytes (1, 2, 4, 8).
    /// </summary>
    public static void Run(byte* src, ReadOnlySpan<long> srcStrides, byte* dst, ReadOnlySpan<long> dstStrides, ReadOnlySpan<int> shape, int elemSize)
    {
        int r = shape.Length;
        Span<int> n = stackalloc int[r];
        Span<long> ss = stackalloc long[r];
        Span<long> ds = stackalloc long[r];
        int k = 0;
        for (int i = 0; i < r; i++)
        {
            if (shape[i] == 0) return;
            if (shape[i] == 1) continue;
            n[k] = shape[i];
            ss[k] = srcStrides[i];
            ds[k] = dstStrides[i];
            k++;
        }
        // Merge adjacent axes (outer a, inner b) when stride_a == stride_b * n_b in both layouts.
        int m = 0;
        for (int i = 0; i < k; i++)
        {
            if (m > 0 && ss[m - 1] == ss[i] * n[i] && ds[m - 1] == ds[i] * n[i])
            {
                n[m - 1] *= n[i];
                ss[m - 1] = ss[i];
                ds[m - 1] = ds[i];
                continue;
            }
            n[m] = n[i];
            ss[m] = ss[i];
            ds[m] = ds[i];
            m++;
        }
        var dims = new Dims(n[..m].ToArray(), ss[..m].ToArray(), ds[..m].ToArray());
        switch (elemSize)
        {
            case 1: Dispatch<byte>(src, dst, dims); break;
            case 2: Dispatch<ushort>(src, dst, dims); break;
            case 4: Dispatch<uint>(src, dst, dims); break;
            case 8: Dispatch<ulong>(src, dst, dims); break;
            default: throw new NotSupportedException($"strided copy: element size {elemSize} is not supported");
        }
    }

    /// <summary>Row-major strides (in elements) of <paramref name="shape"/>.</summary>
    public static long[] Strides(ReadOnlySpan<int> shape)
    {
        var s = new long[shape.Length];
        long acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
        return s;
    }

    private sealed record Dims(int[] N, long[] Src, long[] Dst)
    {
        public int Rank => N.Length;
        public long Size
        {
            get
            {
                long s = 1;
                foreach (int v in N) s *= v;
                return s;
            }
        }
    }

    private static void Dispatch<T>(byte* srcB, byte* dstB, Dims d) where T : unmanaged
    {
        T* src = (T*)srcB, dst = (T*)dstB;
        int r = d.Rank;
        if (r == 0)
        {
            *dst = *src;
            return;
        }
        nint sp = (nint)src, dp = (nint)dst;
        // Transposed last two axes: inner axis strided in src but contiguous in dst, the axis
        // before it contiguous in src. A blocked transpose keeps both sides in cache.
        if (r >= 2 && d.Dst[r - 1] == 1 && d.Src[r - 1] != 1 && d.Src[r - 2] == 1 && d.N[r - 1] >= 8 && d.N[r - 2] >= 8)
        {
            int rows = d.N[r - 2], cols = d.N[r - 1];
            long outer = d.Size / ((long)rows * cols);
            int rowBlocks = (rows + Block - 1) / Block;
            long tasks = outer * rowBlocks;
            int minChunk = (int)Math.Max(1, ParallelMin / Math.Max(1L, (long)Block * cols));
            CpuParallel.For((int)tasks, minChunk, (s, e) =>
            {
                for (int t = s; t < e; t++)
                {
                    long o = t / rowBlocks;
                    int rb = t % rowBlocks;
                    var (so, dof) = Offsets(d, o, 2);
                    int r0 = rb * Block, r1 = Math.Min(rows, r0 + Block);
                    TransposeBlockRows((T*)sp + so, d.Src[r - 1], (T*)dp + dof, d.Dst[r - 2], r0, r1, cols);
                }
            });
            return;
        }
        int inner = d.N[r - 1];
        long ssI = d.Src[r - 1], dsI = d.Dst[r - 1];
        long outerCount = d.Size / inner;
        int chunk = (int)Math.Max(1, ParallelMin / Math.Max(1, inner));
        if (outerCount > int.MaxValue) throw new NotSupportedException("strided copy: too many rows");
        CpuParallel.For((int)outerCount, chunk, (s, e) =>
        {
            // Odometer over the outer axes, started once per chunk.
            int ro = r - 1;
            Span<int> idx = stackalloc int[Math.Max(1, ro)];
            long rem = s, so = 0, dof = 0;
            for (int i = ro - 1; i >= 0; i--)
            {
                idx[i] = (int)(rem % d.N[i]);
                rem /= d.N[i];
                so += idx[i] * d.Src[i];
                dof += idx[i] * d.Dst[i];
            }
            T* sb = (T*)sp;
            T* db = (T*)dp;
            for (int row = s; row < e; row++)
            {
                Inner(sb + so, ssI, db + dof, dsI, inner);
                for (int i = ro - 1; i >= 0; i--)
                {
                    so += d.Src[i];
                    dof += d.Dst[i];
                    if (++idx[i] < d.N[i]) break;
                    so -= d.Src[i] * d.N[i];
                    dof -= d.Dst[i] * d.N[i];
                    idx[i] = 0;
                }
            }
        });
    }

    private static (long Src, long Dst) Offsets(Dims d, long outerIndex, int skipInner)
    {
        long so = 0, dof = 0;
        for (int i = d.Rank - 1 - skipInner; i >= 0; i--)
        {
            int v = (int)(outerIndex % d.N[i]);
            outerIndex /= d.N[i];
            so += v * d.Src[i];
            dof += v * d.Dst[i];
        }
        return (so, dof);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Inner<T>(T* s, long ss, T* d, long ds, int n) where T : unmanaged
    {
        if (ss == 1 && ds == 1)
        {
            new ReadOnlySpan<T>(s, n).CopyTo(new Span<T>(d, n));
            return;
        }
        if (ss == 0 && ds == 1)
        {
            new Span<T>(d, n).Fill(*s);
            return;
        }
        if (ds == 1)
        {
            for (int i = 0; i < n; i++) d[i] = s[i * ss];
            return;
        }
        for (int i = 0; i < n; i++) d[i * ds] = s[i * ss];
    }

    // dst[i, j] (row stride dRow, contiguous j) = src[i + j*sCol] (contiguous i), rows [r0, r1).
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void TransposeBlockRows<T>(T* src, long sCol, T* dst, long dRow, int r0, int r1, int cols) where T : unmanaged
    {
        for (int c0 = 0; c0 < cols; c0 += Block)
        {
            int c1 = Math.Min(cols, c0 + Block);
            for (int i = r0; i < r1; i++)
            {
                T* drow = dst + i * dRow;
                T* scol = src + i;
                for (int j = c0; j < c1; j++) drow[j] = scol[j * sCol];
            }
        }
    }
}
