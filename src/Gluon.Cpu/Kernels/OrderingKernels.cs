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
            var keys = new T[n];
            var idx = new int[n];
            for (int line = s; line < e; line++)
            {
                int b = line / inner, i = line % inner;
                T* src = (T*)px + (long)b * n * inner + i;
                SortLine(src, inner, keys, idx, ascend);
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

    /// <summary>Fills idx with the order of the strided line src[0], src[stride], ... (ties by index).</summary>
    private static unsafe void SortLine<T>(T* src, int stride, T[] keys, int[] idx, bool ascend)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = keys.Length;
        if (ascend) for (int j = 0; j < n; j++) keys[j] = src[(long)j * stride];
        else for (int j = 0; j < n; j++) keys[j] = -src[(long)j * stride];
        for (int j = 0; j < n; j++) idx[j] = j;
        keys.AsSpan().Sort(idx.AsSpan());
        // The key/item sort is not stable: restore index order inside each run of equal keys.
        for (int a = 0; a < n;)
        {
            int z = a + 1;
            while (z < n && (keys[z] == keys[a] || (T.IsNaN(keys[z]) && T.IsNaN(keys[a])))) z++;
            if (z - a > 1) idx.AsSpan(a, z - a).Sort();
            a = z;
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
