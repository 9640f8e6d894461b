using System.Numerics;
using Gluon.Backends;
using Gluon.Ops.Definitions;
using static Gluon.Ops.Definitions.OrderingOps;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Kernels of topk, sort, argsort and _backward_topk. Each (outer, inner) line along the axis is
/// gathered, its indices sorted by value with the primitive key/item sort (descending order
/// sorts negated keys), and equal keys put back in index order so ties are stable. Lines are
/// split over the cores. Index outputs arrive as float32 or float64 (integer dtypes go through
/// the float fallback), so the kernels are generic over both the data and the index type.
/// </summary>
internal sealed class OrderingKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("topk", c =>
        {
            var p = c.P<TopKParam>();
            var g = Geometry.Of(c.Op.Name, c.Inputs[0].Shape, p.Axis, p.K);
            NDArray? values = null, indices = null, mask = null;
            switch (p.RetTyp)
            {
                case TopKReturn.Value: values = c.Outputs[0]; indices = c.Outputs[1]; break;
                case TopKReturn.Indices: indices = c.Outputs[0]; break;
                case TopKReturn.Mask: mask = c.Outputs[0]; break;
                default: values = c.Outputs[0]; indices = c.Outputs[1]; break;
            }
            Run(c.Inputs[0], g, p.IsAscend, values, indices, mask);
        });
        b.RegisterFloatKernel("sort", c =>
        {
            var p = c.P<SortParam>();
            Run(c.Inputs[0], Geometry.Of(c.Op.Name, c.Inputs[0].Shape, p.Axis, 0), p.IsAscend, c.Outputs[0], c.Outputs[1], null);
        });
        b.RegisterFloatKernel("argsort", c =>
        {
            var p = c.P<ArgSortParam>();
            Run(c.Inputs[0], Geometry.Of(c.Op.Name, c.Inputs[0].Shape, p.Axis, 0), p.IsAscend, null, c.Outputs[0], null);
        });
        b.RegisterFloatKernel("_backward_topk", c =>
        {
            var axis = c.P<BackwardTopKParam>().Axis;
            var data = c.Inputs[2].Shape;
            var full = Geometry.Of(c.Op.Name, data, axis, 0);
            int k = full.Outer * full.Inner == 0 ? 0 : c.Inputs[0].Size / (full.Outer * full.Inner);
            var g = full with { K = k };
            bool f32 = c.Outputs[0].DType == DType.Float32, i32 = c.Inputs[1].DType == DType.Float32;
            if (f32 && i32) Scatter<float, float>(c, g);
            else if (f32) Scatter<float, double>(c, g);
            else if (i32) Scatter<double, float>(c, g);
            else Scatter<double, double>(c, g);
        });
    }

    private static void Run(NDArray x, Geometry g, bool ascend, NDArray? values, NDArray? indices, NDArray? mask)
    {
        bool f32 = x.DType == DType.Float32;
        bool i32 = indices is null || indices.DType == DType.Float32;
        if (f32 && i32) Lines<float, float>(x, g, ascend, values, indices, mask);
        else if (f32) Lines<float, double>(x, g, ascend, values, indices, mask);
        else if (i32) Lines<double, float>(x, g, ascend, values, indices, mask);
        else Lines<double, double>(x, g, ascend, values, indices, mask);
    }

    private static unsafe void Lines<T, TI>(NDArray x, Geometry g, bool ascend, NDArray? values, NDArray? indices, NDArray? mask)
        where T : unmanaged, IFloatingPointIeee754<T> where TI : unmanaged, IFloatingPointIeee754<TI>
    {
        if (mask is not null) mask.Span<T>().Clear();
        int lines = g.Outer * g.Inner;
        if (lines == 0 || g.N == 0) return;
        IntPtr px = (IntPtr)x.DataPointer;
        IntPtr pv = values is null ? 0 : (IntPtr)values.DataPointer;
        IntPtr pi = indices is null ? 0 : (IntPtr)indices.DataPointer;
        IntPtr pm = mask is null ? 0 : (IntPtr)mask.DataPointer;
        int n = g.N, k = g.K, inner = g.Inner;
        CpuParallel.For(lines, Math.Max(1, 16384 / n), (s, e) =>
        {
            var keys = new ulong[n];
            var idx = new int[n];
            for (int line = s; line < e; line++)
            {
                int b = line / inner, i = line % inner;
                T* src = (T*)px + (long)b * n * inner + i;
                OrderLine(src, inner, keys, idx, k, ascend);
                long outBase = (long)b * k * inner + i;
                if (pv != 0)
                    for (int j = 0; j < k; j++) ((T*)pv)[outBase + (long)j * inner] = src[(long)idx[j] * inner];
                if (pi != 0)
                    for (int j = 0; j < k; j++) ((TI*)pi)[outBase + (long)j * inner] = TI.CreateTruncating(idx[j]);
                if (pm != 0)
                    for (int j = 0; j < k; j++) ((T*)pm)[(long)b * n * inner + (long)idx[j] * inner + i] = T.One;
            }
        });
    }

    /// <summary>
    /// An unsigned key whose integer order is the value order (descending: reversed): -0 is
    /// folded into +0 so they tie, and NaN maps to the largest key so it sorts last either way.
    /// </summary>
    private static ulong Key<T>(T v, bool ascend) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsNaN(v)) return ulong.MaxValue;
        v += T.Zero; // -0 + 0 = +0
        ulong u;
        if (typeof(T) == typeof(float))
        {
            uint b = BitConverter.SingleToUInt32Bits(float.CreateTruncating(v));
            u = (b & 0x8000_0000u) != 0 ? ~b : b | 0x8000_0000u;
        }
        else
        {
            ulong b = BitConverter.DoubleToUInt64Bits(double.CreateTruncating(v));
            u = (b & 0x8000_0000_0000_0000ul) != 0 ? ~b : b | 0x8000_0000_0000_0000ul;
        }
        // Finite keys never reach 0 or the top value, so inverting keeps NaN's key the largest.
        return ascend ? u : (typeof(T) == typeof(float) ? ~u & 0xFFFF_FFFFul : ~u) - 1;
    }

    /// <summary>
    /// Puts in idx[0..k) the positions of the k first elements of the strided line in sort order,
    /// ties by index. float32 packs (key, index) into one ulong so a plain primitive sort is
    /// already stable; float64 sorts keys with indices and reorders runs of equal keys. When
    /// k is small against n a bounded insertion selects the k first in O(n·k) worst case.
    /// </summary>
    private static unsafe void OrderLine<T>(T* src, int stride, ulong[] keys, int[] idx, int k, bool ascend)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = keys.Length;
        bool packed = typeof(T) == typeof(float);
        if ((long)k * 8 <= n) { SelectFirst(src, stride, keys, idx, k, ascend, packed); return; }
        if (packed)
        {
            for (int j = 0; j < n; j++) keys[j] = Key(src[(long)j * stride], ascend) << 32 | (uint)j;
            keys.AsSpan().Sort();
            for (int j = 0; j < k; j++) idx[j] = (int)(uint)keys[j];
            return;
        }
        for (int j = 0; j < n; j++) { keys[j] = Key(src[(long)j * stride], ascend); idx[j] = j; }
        keys.AsSpan().Sort(idx.AsSpan());
        // The key/item sort is not stable: restore index order inside each run of equal keys.
        for (int a = 0; a < n;)
        {
            int z = a + 1;
            while (z < n && keys[z] == keys[a]) z++;
            if (z - a > 1) idx.AsSpan(a, z - a).Sort();
            a = z;
        }
    }

    /// <summary>Bounded insertion: keeps the k smallest (key, index) pairs in order in keys/idx[0..k).</summary>
    private static unsafe void SelectFirst<T>(T* src, int stride, ulong[] keys, int[] idx, int k, bool ascend, bool packed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = 0;
        for (int j = 0; j < keys.Length; j++)
        {
            ulong key = Key(src[(long)j * stride], ascend);
            if (packed) key = key << 32 | (uint)j;
            // Later indices lose ties, so a candidate must be strictly smaller than the current last.
            if (count == k && key >= keys[k - 1]) continue;
            int p = count == k ? k - 1 : count++;
            while (p > 0 && keys[p - 1] > key) { keys[p] = keys[p - 1]; idx[p] = idx[p - 1]; p--; }
            keys[p] = key;
            idx[p] = j;
        }
    }

    private static unsafe void Scatter<T, TI>(KernelContext c, Geometry g)
        where T : unmanaged, IFloatingPointIeee754<T> where TI : unmanaged, IFloatingPointIeee754<TI>
    {
        var o = c.Outputs[0];
        o.Span<T>().Clear();
        var grad = c.Inputs[0].Span<T>();
        var ind = c.Inputs[1].Span<TI>();
        var dst = o.Span<T>();
        int n = g.N, k = g.K, inner = g.Inner;
        for (int b = 0; b < g.Outer; b++)
        {
            for (int j = 0; j < k; j++)
            {
                int row = (b * k + j) * inner;
                for (int i = 0; i < inner; i++)
                {
                    int t = int.CreateTruncating(ind[row + i]);
                    if ((uint)t >= (uint)n)
                        throw new ArgumentException($"{c.Op.Name}: index {t} is outside [0, {n}) for data {c.Inputs[2].Shape}");
                    dst[(b * n + t) * inner + i] += grad[row + i];
                }
            }
        }
    }
}
