using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Direct kernels for depthwise convolution (one input channel per group, MobileNet's 3×3
/// layers, any depth multiplier): im2col + GEMM degenerates there into GEMMs of one row, so each
/// (image, channel) plane is correlated directly, as one multiply-add of a whole output row per
/// kernel tap (vectorized along the width when the width stride is 1). 1-D and 2-D only.
/// Float 3×3 problems of stride 1 or 2 take <see cref="DepthwiseConv3x3"/> instead.
/// </summary>
internal static unsafe class DepthwiseConv
{
    /// <summary>True when every group has one input channel (and the problem is 1-D or 2-D).</summary>
    public static bool Applies(in ConvGeometry g) =>
        g.G > 1 && g.CiG == 1 && g.KD == 1 && g.ID == 1 && g.OD == 1 && g.PD == 0;

    /// <summary>Planes per thread chunk so that a chunk carries at least ~32K multiply-adds.</summary>
    private static int MinPlanes(in ConvGeometry g) => Math.Max(1, (1 << 15) / Math.Max(1, g.ColSpatial * g.K));

    /// <summary>y (N, Co, OH, OW) = depthwise correlation of x (N, Ci, IH, IW) with w (Co, 1, KH, KW) + bias (null: none); output channel o reads input channel o / (Co/Ci).</summary>
    public static void Forward<T>(T* x, T* w, T* y, ConvGeometry g, T* bias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && DepthwiseConv3x3.Applies(g))
        {
            DepthwiseConv3x3.Forward((float*)x, (float*)w, (float*)y, g, (float*)bias);
            return;
        }
        nint px = (nint)x, pw = (nint)w, py = (nint)y, pb = (nint)bias;
        CpuParallel.For(g.N * g.Co, MinPlanes(g), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int n = p / g.Co, co = p - n * g.Co;
                ForwardPlane((T*)px + ((long)n * g.Ci + co / g.CoG) * g.ImageSpatial, (T*)pw + (long)co * g.K,
                    (T*)py + (long)p * g.ColSpatial, g, pb == 0 ? T.Zero : ((T*)pb)[co]);
            }
        });
    }

    /// <summary>dx (N, Ci, IH, IW) = the adjoint of <see cref="Forward{T}"/> applied to dy (overwrites dx).</summary>
    public static void DataGradient<T>(T* dy, T* w, T* dx, ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && DepthwiseConv3x3.AppliesDataGradient(g))
        {
            DepthwiseConv3x3.DataGradient((float*)dy, (float*)w, (float*)dx, g);
            return;
        }
        if (typeof(T) == typeof(float) && DepthwiseGradient2.Applies(g))
        {
            DepthwiseGradient2.DataGradient((float*)dy, (float*)w, (float*)dx, g);
            return;
        }
        nint pdy = (nint)dy, pw = (nint)w, pdx = (nint)dx;
        CpuParallel.For(g.N * g.Ci, MinPlanes(g), (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int n = p / g.Ci, ci = p - n * g.Ci;
                T* plane = (T*)pdx + (long)p * g.ImageSpatial;
                new Span<T>(plane, g.ImageSpatial).Clear();
                for (int m = 0; m < g.CoG; m++)
                {
                    int co = ci * g.CoG + m;
                    DataGradientPlane((T*)pdy + ((long)n * g.Co + co) * g.ColSpatial, (T*)pw + (long)co * g.K, plane, g);
                }
            }
        });
    }

    /// <summary>dw (Co, 1, KH, KW) += Σₙ correlation of dy with x per channel (the caller zeroes dw; the float 3×3 path overwrites it).</summary>
    public static void WeightGradient<T>(T* x, T* dy, T* dw, ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && DepthwiseConv3x3.Applies(g))
        {
            DepthwiseConv3x3.WeightGradient((float*)x, (float*)dy, (float*)dw, g);
            return;
        }
        nint px = (nint)x, pdy = (nint)dy, pdw = (nint)dw;
        CpuParallel.For(g.Co, Math.Max(1, MinPlanes(g) / Math.Max(1, g.N)), (c0, c1) =>
        {
            for (int co = c0; co < c1; co++)
                for (int n = 0; n < g.N; n++)
                    WeightGradientPlane((T*)px + ((long)n * g.Ci + co / g.CoG) * g.ImageSpatial,
                        (T*)pdy + ((long)n * g.Co + co) * g.ColSpatial, (T*)pdw + (long)co * g.K, g);
        });
    }

    private static void ForwardPlane<T>(T* x, T* w, T* y, in ConvGeometry g, T bias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        new Span<T>(y, g.ColSpatial).Fill(bias);
        Plane<T, ForwardTap<T>>(y, x, w, g);
    }

    private static void DataGradientPlane<T>(T* dy, T* w, T* dx, in ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        Plane<T, DataGradientTap<T>>(dy, dx, w, g);

    private static void WeightGradientPlane<T>(T* x, T* dy, T* dw, in ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        Plane<T, WeightGradientTap<T>>(dy, x, dw, g);

    /// <summary>
    /// The loops shared by the three products: every kernel tap of every output row, with the
    /// output columns [lo, hi) whose input column o·stride + off is inside the image.
    /// <paramref name="outPlane"/> is on the output side (y or dy), <paramref name="inPlane"/> on the
    /// input side (x or dx), <paramref name="w"/> the channel's weights or weight gradient.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Plane<T, TTap>(T* outPlane, T* inPlane, T* w, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T> where TTap : struct, ITap<T>
    {
        int ow = g.OW;
        for (int oh = 0; oh < g.OH; oh++)
        {
            T* outRow = outPlane + (long)oh * ow;
            for (int kh = 0; kh < g.KH; kh++)
            {
                int ih = oh * g.SH - g.PH + kh * g.DH;
                if ((uint)ih >= (uint)g.IH) continue;
                T* inRow = inPlane + (long)ih * g.IW;
                for (int kw = 0; kw < g.KW; kw++)
                {
                    int off = kw * g.DW - g.PW;
                    Im2Col.WidthRange(off, g.SW, g.IW, 0, ow, out int lo, out int hi);
                    if (lo < hi) default(TTap).Row(outRow, inRow, w + kh * g.KW + kw, lo, hi, off, g.SW);
                }
            }
        }
    }

    /// <summary>One kernel tap applied along an output row: columns [lo, hi), input column o·stride + off.</summary>
    private interface ITap<T> where T : unmanaged
    {
        void Row(T* outRow, T* inRow, T* w, int lo, int hi, int off, int stride);
    }

    /// <summary>y[o] += w·x[o·s + off].</summary>
    private readonly struct ForwardTap<T> : ITap<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Row(T* y, T* x, T* w, int lo, int hi, int off, int stride)
        {
            if (stride == 1)
            {
                var d = new Span<T>(y + lo, hi - lo);
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(x + lo + off, hi - lo), *w, d, d);
            }
            else
                for (int o = lo; o < hi; o++) y[o] += *w * x[o * stride + off];
        }
    }

    /// <summary>dx[o·s + off] += w·dy[o].</summary>
    private readonly struct DataGradientTap<T> : ITap<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Row(T* dy, T* dx, T* w, int lo, int hi, int off, int stride)
        {
            if (stride == 1)
            {
                var d = new Span<T>(dx + lo + off, hi - lo);
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(dy + lo, hi - lo), *w, d, d);
            }
            else
                for (int o = lo; o < hi; o++) dx[o * stride + off] += *w * dy[o];
        }
    }

    /// <summary>dw += Σₒ dy[o]·x[o·s + off].</summary>
    private readonly struct WeightGradientTap<T> : ITap<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Row(T* dy, T* x, T* dw, int lo, int hi, int off, int stride)
        {
            T sum = T.Zero;
            if (stride == 1)
                sum = TensorPrimitives.Dot(new ReadOnlySpan<T>(dy + lo, hi - lo), new ReadOnlySpan<T>(x + lo + off, hi - lo));
            else
                for (int o = lo; o < hi; o++) sum += dy[o] * x[o * stride + off];
            *dw += sum;
        }
    }
}
