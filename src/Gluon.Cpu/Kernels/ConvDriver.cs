using System.Numerics;
using System.Numerics.Tensors;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The three products of a convolution, each as im2col/col2im + one <see cref="Gemm.Run{T}"/>
/// per group and image, threaded over the batch:
/// <list type="bullet">
/// <item><see cref="Correlate{T}"/>: cols = W ⋆ image (Convolution forward, Deconvolution's data gradient);</item>
/// <item><see cref="CorrelateTransposed{T}"/>: image = Wᵀ ⋆ cols (Convolution's data gradient, Deconvolution forward);</item>
/// <item><see cref="WeightGradient{T}"/>: dW = Σₙ cols·im2col(image)ᵀ.</item>
/// </list>
/// A faster per-shape algorithm (direct or implicit GEMM) can replace any of these bodies
/// without touching the ops.
/// </summary>
internal static unsafe class ConvDriver
{
    /// <summary>Images per thread chunk: small problems stay on one thread (GEMM still splits its rows).</summary>
    private static int MinImages(in ConvGeometry g)
    {
        long flops = (long)g.Co * g.RowsG * g.ColSpatial;
        return (int)Math.Clamp((1L << 17) / Math.Max(1, flops), 1, int.MaxValue);
    }

    /// <summary>cols (N, Co, colSpatial) = W (Co, Ci/G, K) ⋆ image (N, Ci, imageSpatial).</summary>
    public static void Correlate<T>(T* image, T* weight, T* cols, ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        RunBatch(Product.Correlate, image, weight, cols, g);

    /// <summary>image (N, Ci, imageSpatial) = Wᵀ ⋆ cols: the adjoint of <see cref="Correlate{T}"/> (overwrites image).</summary>
    public static void CorrelateTransposed<T>(T* cols, T* weight, T* image, ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        RunBatch(Product.CorrelateTransposed, image, weight, cols, g);

    /// <summary>dW (Co, Ci/G, K) = Σₙ cols[n] · im2col(image[n])ᵀ per group (overwrites dW).</summary>
    public static void WeightGradient<T>(T* image, T* cols, T* dweight, ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        new Span<T>(dweight, g.Co * g.RowsG).Clear();
        RunBatch(Product.WeightGradient, image, dweight, cols, g);
    }

    /// <summary>Which of the three products <see cref="RunBatch{T}"/> computes.</summary>
    private enum Product { Correlate, CorrelateTransposed, WeightGradient }

    /// <summary>
    /// The batch loop shared by the three products: threads over images, gives each chunk one
    /// column buffer (none when the kernel is pointwise: the image is its own column matrix) and
    /// runs the product's per-group GEMMs on each image. <paramref name="weight"/> is the weight,
    /// or for <see cref="Product.WeightGradient"/> the zeroed gradient that the chunks add into.
    /// </summary>
    private static void RunBatch<T>(Product kind, T* image, T* weight, T* cols, ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint pi = (nint)image, pw = (nint)weight, pc = (nint)cols;
        int wSize = g.Co * g.RowsG;
        object? gate = kind == Product.WeightGradient ? new object() : null;
        CpuParallel.For(g.N, MinImages(g), (n0, n1) =>
        {
            long colSize = (long)g.Ci * g.K * g.ColSpatial;
            T[]? buffer = g.IsPointwise ? null : new T[colSize];
            // Each chunk of the batch sums its weight gradient into its own partial, added to the total once.
            T[]? partial = kind == Product.WeightGradient ? new T[wSize] : null;
            fixed (T* buf = buffer)
            fixed (T* dw = partial)
            {
                for (int n = n0; n < n1; n++)
                {
                    T* img = (T*)pi + (long)n * g.Ci * g.ImageSpatial;
                    T* col = g.IsPointwise ? img : buf;
                    T* c = (T*)pc + (long)n * g.Co * g.ColSpatial;
                    switch (kind)
                    {
                        case Product.Correlate:
                            if (!g.IsPointwise) Im2Col.Pack(img, g, col);
                            for (int grp = 0; grp < g.G; grp++)
                                Gemm.Run(false, false, g.CoG, g.ColSpatial, g.RowsG, T.One,
                                    (T*)pw + (long)grp * g.CoG * g.RowsG, g.RowsG,
                                    col + (long)grp * g.RowsG * g.ColSpatial, g.ColSpatial,
                                    T.Zero, c + (long)grp * g.CoG * g.ColSpatial, g.ColSpatial);
                            break;
                        case Product.CorrelateTransposed:
                            for (int grp = 0; grp < g.G; grp++)
                                Gemm.Run(true, false, g.RowsG, g.ColSpatial, g.CoG, T.One,
                                    (T*)pw + (long)grp * g.CoG * g.RowsG, g.RowsG,
                                    c + (long)grp * g.CoG * g.ColSpatial, g.ColSpatial,
                                    T.Zero, col + (long)grp * g.RowsG * g.ColSpatial, g.ColSpatial);
                            if (!g.IsPointwise)
                            {
                                new Span<T>(img, g.Ci * g.ImageSpatial).Clear();
                                Im2Col.Unpack(col, g, img);
                            }
                            break;
                        case Product.WeightGradient:
                            if (!g.IsPointwise) Im2Col.Pack(img, g, col);
                            for (int grp = 0; grp < g.G; grp++)
                                Gemm.Run(false, true, g.CoG, g.RowsG, g.ColSpatial, T.One,
                                    c + (long)grp * g.CoG * g.ColSpatial, g.ColSpatial,
                                    col + (long)grp * g.RowsG * g.ColSpatial, g.ColSpatial,
                                    T.One, dw + (long)grp * g.CoG * g.RowsG, g.RowsG);
                            break;
                    }
                }
            }
            if (partial is null) return;
            lock (gate!)
            {
                var t = new Span<T>((T*)pw, wSize);
                TensorPrimitives.Add(t, partial, t);
            }
        });
    }

    /// <summary>Adds bias[c] to every element of channel c of <paramref name="x"/> (N, C, spatial).</summary>
    public static void AddBias<T>(Span<T> x, ReadOnlySpan<T> bias, int n, int c, int spatial) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < c; j++)
            {
                var row = x.Slice((i * c + j) * spatial, spatial);
                TensorPrimitives.Add(row, bias[j], row);
            }
    }

    /// <summary>db[c] = Σ over batch and space of g[n, c, :] (overwrites db).</summary>
    public static void BiasGradient<T>(ReadOnlySpan<T> grad, Span<T> db, int n, int c, int spatial) where T : unmanaged, IFloatingPointIeee754<T>
    {
        db.Clear();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < c; j++)
                db[j] += TensorPrimitives.Sum(grad.Slice((i * c + j) * spatial, spatial));
    }
}
