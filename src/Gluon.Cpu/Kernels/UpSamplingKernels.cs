using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Kernels of nearest-neighbour <c>UpSampling</c> and its backward op. Each output row is built
/// once per input row and copied to the other rows of its block; the backward op adds the block's
/// rows with TensorPrimitives and then sums each group of repeated columns.
/// </summary>
internal sealed unsafe class UpSamplingKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("UpSampling", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) Forward<float>(c); else Forward<double>(c);
        });
        b.RegisterFloatKernel("_backward_UpSampling", c =>
        {
            if (c.Outputs[0].DType == DType.Float32) Backward<float>(c); else Backward<double>(c);
        });
    }

    private static void Forward<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<UpSamplingOp.Param>();
        var y = c.Outputs[0];
        if (y.Size == 0) return;
        int n = y.Shape[0], cy = y.Shape[1], oh = y.Shape[2], ow = y.Shape[3];
        if (p.Sum) y.Span<T>().Clear();
        int cOff = 0;
        foreach (var x in c.Inputs)
        {
            int cx = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
            int sh = oh / h, sw = ow / w, off = cOff;
            nint px = (nint)x.DataPointer, py = (nint)y.DataPointer;
            bool add = p.Sum;
            CpuParallel.For(n * cx, Math.Max(1, 16384 / Math.Max(1, oh * ow)), (p0, p1) =>
            {
                var row = new T[ow];
                for (int plane = p0; plane < p1; plane++)
                {
                    int b = plane / cx, ch = plane % cx;
                    T* src = (T*)px + (long)plane * h * w;
                    T* dst = (T*)py + ((long)b * cy + off + ch) * oh * ow;
                    UpPlane(src, dst, h, w, sh, sw, row, add);
                }
            });
            if (!p.Sum) cOff += cx;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void UpPlane<T>(T* src, T* dst, int h, int w, int sh, int sw, T[] row, bool add) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ow = w * sw;
        for (int i = 0; i < h; i++)
        {
            T* s = src + (long)i * w;
            for (int j = 0, o = 0; j < w; j++)
                for (int r = 0; r < sw; r++) row[o++] = s[j];
            for (int r = 0; r < sh; r++)
            {
                var d = new Span<T>(dst + ((long)i * sh + r) * ow, ow);
                if (add) TensorPrimitives.Add(d, row, d);
                else row.AsSpan().CopyTo(d);
            }
        }
    }

    private static void Backward<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<UpSamplingOp.Param>();
        var dy = c.Inputs[0];
        int n = dy.Shape[0], cy = dy.Shape[1], oh = dy.Shape[2], ow = dy.Shape[3];
        int cOff = 0;
        for (int k = 0; k < c.Outputs.Length; k++)
        {
            var dx = c.Outputs[k];
            int cx = dx.Shape[1], h = dx.Shape[2], w = dx.Shape[3];
            if (dx.Size == 0) { if (!p.Sum) cOff += cx; continue; }
            int sh = oh / h, sw = ow / w, off = cOff;
            nint pdx = (nint)dx.DataPointer, pdy = (nint)dy.DataPointer;
            CpuParallel.For(n * cx, Math.Max(1, 16384 / Math.Max(1, oh * ow)), (p0, p1) =>
            {
                var acc = new T[ow];
                for (int plane = p0; plane < p1; plane++)
                {
                    int b = plane / cx, ch = plane % cx;
                    DownPlane((T*)pdy + ((long)b * cy + off + ch) * oh * ow, (T*)pdx + (long)plane * h * w, h, w, sh, sw, acc);
                }
            });
            if (!p.Sum) cOff += cx;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void DownPlane<T>(T* dy, T* dx, int h, int w, int sh, int sw, T[] acc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ow = w * sw;
        for (int i = 0; i < h; i++)
        {
            var a = acc.AsSpan();
            new ReadOnlySpan<T>(dy + (long)i * sh * ow, ow).CopyTo(a);
            for (int r = 1; r < sh; r++)
                TensorPrimitives.Add(a, new ReadOnlySpan<T>(dy + ((long)i * sh + r) * ow, ow), a);
            T* d = dx + (long)i * w;
            for (int j = 0; j < w; j++) d[j] = TensorPrimitives.Sum<T>(a.Slice(j * sw, sw));
        }
    }
}
