using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// The image math behind the transforms, on host (CPU) arrays: one pass per image over
/// contiguous spans, no per-pixel allocation or dispatch. Images are HWC, batches NHWC
/// (tensors CHW / NCHW after <see cref="ToTensor"/>).
/// </summary>
internal static class ImageMath
{
    /// <summary>(N, H, W, C) of an (H, W, C) image or (N, H, W, C) batch; N = 0 marks a single image.</summary>
    public static (int N, int H, int W, int C) Hwc(NDArray x, string op)
    {
        return x.NDim switch
        {
            3 => (0, x.Shape[0], x.Shape[1], x.Shape[2]),
            4 => (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]),
            _ => throw new ArgumentException($"{op}: expected an (H, W, C) image or an (N, H, W, C) batch, got shape {x.Shape}", nameof(x)),
        };
    }

    /// <summary>HWC uint8/float32 to CHW float32 divided by 255 (batches NHWC to NCHW).</summary>
    public static NDArray ToTensor(NDArray x)
    {
        var (n, h, w, c) = Hwc(x, "ToTensor");
        var shape = n == 0 ? new Shape(c, h, w) : new Shape(n, c, h, w);
        var o = Nd.Empty(shape, DType.Float32, x.Context);
        int count = Math.Max(n, 1), plane = h * w, image = plane * c;
        var dst = o.Span<float>();
        if (x.DType == DType.UInt8)
        {
            var src = x.Span<byte>();
            for (int i = 0; i < count; i++) ToTensorU8(src.Slice(i * image, image), dst.Slice(i * image, image), c);
        }
        else if (x.DType == DType.Float32)
        {
            var src = x.Span<float>();
            for (int i = 0; i < count; i++) ToTensorF32(src.Slice(i * image, image), dst.Slice(i * image, image), c);
        }
        else
        {
            throw new ArgumentException($"ToTensor: input dtype must be uint8 or float32, got {x.DType.Name()}", nameof(x));
        }
        return o;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToTensorU8(ReadOnlySpan<byte> hwc, Span<float> chw, int c)
    {
        if (c == 1)
        {
            TensorPrimitives.ConvertTruncating(hwc, chw);
            TensorPrimitives.Divide(chw, 255f, chw);
            return;
        }
        int plane = hwc.Length / c;
        for (int ch = 0; ch < c; ch++)
        {
            var d = chw.Slice(ch * plane, plane);
            for (int i = 0, s = ch; i < d.Length; i++, s += c) d[i] = hwc[s] / 255f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToTensorF32(ReadOnlySpan<float> hwc, Span<float> chw, int c)
    {
        if (c == 1)
        {
            TensorPrimitives.Divide(hwc, 255f, chw);
            return;
        }
        int plane = hwc.Length / c;
        for (int ch = 0; ch < c; ch++)
        {
            var d = chw.Slice(ch * plane, plane);
            for (int i = 0, s = ch; i < d.Length; i++, s += c) d[i] = hwc[s] / 255f;
        }
    }

    /// <summary>(x - mean[c]) / std[c] per channel of a float32 CHW tensor or NCHW batch.</summary>
    public static NDArray Normalize(NDArray x, float[] mean, float[] std)
    {
        if (x.NDim is not (3 or 4))
            throw new ArgumentException($"Normalize: expected a (C, H, W) tensor or an (N, C, H, W) batch, got shape {x.Shape}", nameof(x));
        if (x.DType != DType.Float32)
            throw new ArgumentException($"Normalize: input dtype must be float32, got {x.DType.Name()}", nameof(x));
        int c = x.Shape[x.NDim - 3];
        CheckChannels(mean, c, "mean", x.Shape);
        CheckChannels(std, c, "std", x.Shape);
        var o = Nd.Empty(x.Shape, DType.Float32, x.Context);
        int plane = x.Shape[x.NDim - 2] * x.Shape[x.NDim - 1];
        int planes = x.Size / Math.Max(plane, 1);
        var src = x.Span<float>();
        var dst = o.Span<float>();
        for (int p = 0; p < planes && plane > 0; p++)
        {
            int ch = p % c;
            var d = dst.Slice(p * plane, plane);
            TensorPrimitives.Subtract(src.Slice(p * plane, plane), mean.Length == 1 ? mean[0] : mean[ch], d);
            TensorPrimitives.Divide(d, std.Length == 1 ? std[0] : std[ch], d);
        }
        return o;
    }

    private static void CheckChannels(float[] v, int c, string name, Shape shape)
    {
        if (v.Length != 1 && v.Length != c)
            throw new ArgumentException($"Normalize: {name} has {v.Length} values but the input of shape {shape} has {c} channels (need 1 or {c})");
    }

    /// <summary>Reverses the width axis of an HWC image or NHWC batch (any dtype).</summary>
    public static NDArray FlipLeftRight(NDArray x)
    {
        var (n, h, w, c) = Hwc(x, "FlipLeftRight");
        var o = Nd.Empty(x.Shape, x.DType, x.Context);
        int pixel = c * x.DType.SizeOf(), rows = Math.Max(n, 1) * h, row = w * pixel;
        var src = Bytes(x);
        var dst = Bytes(o);
        for (int r = 0; r < rows; r++) ReverseRow(src.Slice(r * row, row), dst.Slice(r * row, row), pixel);
        return o;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReverseRow(ReadOnlySpan<byte> src, Span<byte> dst, int pixel)
    {
        if (pixel == 1)
        {
            src.CopyTo(dst);
            dst.Reverse();
            return;
        }
        int w = src.Length / pixel;
        for (int j = 0; j < w; j++) src.Slice(j * pixel, pixel).CopyTo(dst.Slice((w - 1 - j) * pixel, pixel));
    }

    /// <summary>Reverses the height axis of an HWC image or NHWC batch (any dtype).</summary>
    public static NDArray FlipTopBottom(NDArray x)
    {
        var (n, h, w, c) = Hwc(x, "FlipTopBottom");
        var o = Nd.Empty(x.Shape, x.DType, x.Context);
        int row = w * c * x.DType.SizeOf(), image = row * h;
        var src = Bytes(x);
        var dst = Bytes(o);
        for (int i = 0; i < Math.Max(n, 1); i++)
            for (int r = 0; r < h; r++)
                src.Slice(i * image + r * row, row).CopyTo(dst.Slice(i * image + (h - 1 - r) * row, row));
        return o;
    }

    /// <summary>The (x0, y0, w, h) window of an HWC image or of every image of an NHWC batch (a copy).</summary>
    public static NDArray Crop(NDArray x, int x0, int y0, int w, int h, string op)
    {
        var (n, ih, iw, c) = Hwc(x, op);
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > iw || y0 + h > ih)
            throw new ArgumentException($"{op}: crop (x={x0}, y={y0}, w={w}, h={h}) does not fit in the image of shape {x.Shape}", nameof(x));
        var o = Nd.Empty(n == 0 ? new Shape(h, w, c) : new Shape(n, h, w, c), x.DType, x.Context);
        int es = x.DType.SizeOf(), srcRow = iw * c * es, dstRow = w * c * es;
        var src = Bytes(x);
        var dst = Bytes(o);
        for (int i = 0; i < Math.Max(n, 1); i++)
        {
            var s = src.Slice(i * ih * srcRow);
            var d = dst.Slice(i * h * dstRow);
            for (int r = 0; r < h; r++) s.Slice((y0 + r) * srcRow + x0 * c * es, dstRow).CopyTo(d.Slice(r * dstRow, dstRow));
        }
        return o;
    }

    /// <summary>
    /// Resizes an HWC image or NHWC batch (uint8 or float32) to (outH, outW) with OpenCV's sampling
    /// grid: source coordinate (d + 0.5)·in/out − 0.5, clamped to the edges. interpolation 0 is
    /// nearest neighbour (floor(d·in/out)), 1 bilinear; uint8 results are rounded to nearest and saturated.
    /// </summary>
    public static NDArray Resize(NDArray x, int outW, int outH, int interpolation, string op)
    {
        var (n, h, w, c) = Hwc(x, op);
        if (outW <= 0 || outH <= 0) throw new ArgumentException($"{op}: output size (w={outW}, h={outH}) must be positive", nameof(x));
        if (interpolation is not (0 or 1))
            throw new NotSupportedException($"{op}: interpolation {interpolation} is not supported (0 = nearest, 1 = bilinear are)");
        if (x.DType is not (DType.UInt8 or DType.Float32))
            throw new ArgumentException($"{op}: input dtype must be uint8 or float32, got {x.DType.Name()}", nameof(x));
        var shape = n == 0 ? new Shape(outH, outW, c) : new Shape(n, outH, outW, c);
        var o = Nd.Empty(shape, x.DType, x.Context);
        var (x0, x1, fx) = Axis(w, outW, interpolation);
        var (y0, y1, fy) = Axis(h, outH, interpolation);
        int inImage = h * w * c, outImage = outH * outW * c;
        for (int i = 0; i < Math.Max(n, 1); i++)
        {
            if (x.DType == DType.UInt8)
                Bilinear(x.Span<byte>().Slice(i * inImage, inImage), o.Span<byte>().Slice(i * outImage, outImage), w, c, x0, x1, fx, y0, y1, fy);
            else
                Bilinear(x.Span<float>().Slice(i * inImage, inImage), o.Span<float>().Slice(i * outImage, outImage), w, c, x0, x1, fx, y0, y1, fy);
        }
        return o;
    }

    /// <summary>Per output coordinate: the two source indices and the weight of the second.</summary>
    private static (int[] I0, int[] I1, float[] F) Axis(int inSize, int outSize, int interpolation)
    {
        var i0 = new int[outSize];
        var i1 = new int[outSize];
        var f = new float[outSize];
        double scale = (double)inSize / outSize;
        for (int d = 0; d < outSize; d++)
        {
            if (interpolation == 0)
            {
                i0[d] = i1[d] = Math.Min((int)Math.Floor(d * scale), inSize - 1);
                continue;
            }
            double s = (d + 0.5) * scale - 0.5;
            int s0 = (int)Math.Floor(s);
            double t = s - s0;
            if (s0 < 0) { s0 = 0; t = 0; }
            if (s0 >= inSize - 1) { s0 = inSize - 1; t = 0; }
            i0[d] = s0;
            i1[d] = Math.Min(s0 + 1, inSize - 1);
            f[d] = (float)t;
        }
        return (i0, i1, f);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Bilinear(ReadOnlySpan<byte> src, Span<byte> dst, int w, int c, int[] x0, int[] x1, float[] fx, int[] y0, int[] y1, float[] fy)
    {
        int outW = x0.Length, row = w * c;
        for (int dy = 0; dy < y0.Length; dy++)
        {
            var r0 = src.Slice(y0[dy] * row, row);
            var r1 = src.Slice(y1[dy] * row, row);
            float wy = fy[dy];
            var d = dst.Slice(dy * outW * c, outW * c);
            for (int dx = 0; dx < outW; dx++)
            {
                int a = x0[dx] * c, b = x1[dx] * c;
                float wx = fx[dx];
                for (int ch = 0; ch < c; ch++)
                {
                    float top = r0[a + ch] + wx * (r0[b + ch] - r0[a + ch]);
                    float bottom = r1[a + ch] + wx * (r1[b + ch] - r1[a + ch]);
                    float v = top + wy * (bottom - top);
                    d[dx * c + ch] = (byte)Math.Clamp((int)MathF.Round(v), 0, 255);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Bilinear(ReadOnlySpan<float> src, Span<float> dst, int w, int c, int[] x0, int[] x1, float[] fx, int[] y0, int[] y1, float[] fy)
    {
        int outW = x0.Length, row = w * c;
        for (int dy = 0; dy < y0.Length; dy++)
        {
            var r0 = src.Slice(y0[dy] * row, row);
            var r1 = src.Slice(y1[dy] * row, row);
            float wy = fy[dy];
            var d = dst.Slice(dy * outW * c, outW * c);
            for (int dx = 0; dx < outW; dx++)
            {
                int a = x0[dx] * c, b = x1[dx] * c;
                float wx = fx[dx];
                for (int ch = 0; ch < c; ch++)
                {
                    float top = r0[a + ch] + wx * (r0[b + ch] - r0[a + ch]);
                    float bottom = r1[a + ch] + wx * (r1[b + ch] - r1[a + ch]);
                    d[dx * c + ch] = top + wy * (bottom - top);
                }
            }
        }
    }

    /// <summary>x·alpha per element of an HWC image (MXNet's <c>AdjustBrightnessImpl</c>; uint8 results clamped to [0, 255] and truncated).</summary>
    public static NDArray AdjustBrightness(NDArray x, float alpha, string op) => Affine(x, alpha, 0f, op);

    /// <summary>
    /// x·alpha + (1 - alpha)·mean(gray) of an HWC image (MXNet's <c>AdjustContrastImpl</c>): gray =
    /// 0.299 R + 0.587 G + 0.114 B (the plain value for one channel), averaged over the H·W pixels.
    /// </summary>
    public static NDArray AdjustContrast(NDArray x, float alpha, string op)
    {
        var (n, h, w, c) = Hwc(x, op);
        if (n != 0) throw new ArgumentException($"{op}: expected an (H, W, C) image, got shape {x.Shape}", nameof(x));
        if (c != 1 && c != 3) throw new ArgumentException($"{op}: expected 1 or 3 channels, got shape {x.Shape}", nameof(x));
        float sum = 0f;
        if (x.DType == DType.UInt8) sum = GraySum(x.Span<byte>(), c);
        else if (x.DType == DType.Float32) sum = GraySum(x.Span<float>(), c);
        float mean = sum / (h * w);
        return Affine(x, alpha, (1 - alpha) * mean, op);
    }

    private static float GraySum<T>(ReadOnlySpan<T> v, int c) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        float sum = 0f;
        if (c == 1)
            foreach (var e in v) sum += float.CreateTruncating(e);
        else
            for (int l = 0; l < v.Length; l += 3)
                sum += float.CreateTruncating(v[l]) * 0.299f + float.CreateTruncating(v[l + 1]) * 0.587f + float.CreateTruncating(v[l + 2]) * 0.114f;
        return sum;
    }

    /// <summary>x·a + b per element, for uint8 (clamped, truncated) or float32 HWC images.</summary>
    private static NDArray Affine(NDArray x, float a, float b, string op)
    {
        var (n, _, _, _) = Hwc(x, op);
        if (n != 0) throw new ArgumentException($"{op}: expected an (H, W, C) image, got shape {x.Shape}", nameof(x));
        var o = Nd.Empty(x.Shape, x.DType, x.Context);
        if (x.DType == DType.Float32)
        {
            TensorPrimitives.Multiply(x.Span<float>(), a, o.Span<float>());
            TensorPrimitives.Add(o.Span<float>(), b, o.Span<float>());
        }
        else if (x.DType == DType.UInt8)
        {
            var src = x.Span<byte>();
            var dst = o.Span<byte>();
            for (int i = 0; i < src.Length; i++) dst[i] = (byte)Math.Clamp(src[i] * a + b, 0f, 255f);
        }
        else
        {
            throw new ArgumentException($"{op}: input dtype must be uint8 or float32, got {x.DType.Name()}", nameof(x));
        }
        return o;
    }

    private static unsafe Span<byte> Bytes(NDArray x)
    {
        if (!x.Context.IsCpu) throw new InvalidOperationException($"image transforms need a CPU array, this one is on {x.Context}");
        return new Span<byte>(x.DataPointer, checked(x.Size * x.DType.SizeOf()));
    }

    /// <summary>True with probability <paramref name="p"/>, from <see cref="RandomGenerator.Global"/>.</summary>
    public static bool Bernoulli(double p)
    {
        var rng = RandomGenerator.Global;
        lock (rng) return rng.NextDouble() < p;
    }

    /// <summary>Uniform in [low, high) from <see cref="RandomGenerator.Global"/>.</summary>
    public static double Uniform(double low, double high)
    {
        var rng = RandomGenerator.Global;
        lock (rng) return low + (high - low) * rng.NextDouble();
    }

    /// <summary>Uniform integer in [low, high] (Python's <c>random.randint</c>).</summary>
    public static int RandInt(int low, int high)
    {
        var rng = RandomGenerator.Global;
        lock (rng) return (int)rng.NextInt64(low, (long)high + 1);
    }
}
