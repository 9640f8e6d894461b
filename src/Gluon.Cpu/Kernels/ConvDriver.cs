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
/// Float problems take <see cref="DirectConv"/> (an implicit GEMM over a padded, phase-split copy
/// of each image) where it applies: every 1-D/2-D forward except 1×1 ones (strided 1×1 with few
/// channels excepted), the data
/// gradient at stride 1 and the weight gradient of small kernels; forwards whose packed weights are
/// cached (inference) take <see cref="Winograd"/>, <see cref="PointwiseConv"/> (1×1) or
/// <see cref="DirectConvChannels"/> first; the rest, and double, take the im2col path here.
/// </summary>
internal static unsafe class ConvDriver
{
    /// <summary>
    /// Bytes of one column tile when the kernel has few rows (small Ci·K): the tile then stays in
    /// L2 between im2col and the GEMM's packing of it.
    /// </summary>
    private const long TileBytes = 512L << 10;

    /// <summary>
    /// Fewest columns of a tile: the GEMM repacks the weights (Co × Ci·K) for every tile, which
    /// costs about as much as 1/(2·columns) of its arithmetic.
    /// </summary>
    private const int MinTileColumns = 512;

    /// <summary>Multiply-adds below which a convolution stays on the calling thread.</summary>
    private const long ParallelWork = 1L << 18;

    /// <summary>
    /// Whether float convolutions may take <see cref="DirectConv"/> (on by default); off, every
    /// shape takes the im2col + GEMM path, which tests and benchmarks use as the reference.
    /// </summary>
    internal static bool DirectEnabled = true;

    /// <summary>
    /// cols (N, Co, colSpatial) = W (Co, Ci/G, K) ⋆ image (N, Ci, imageSpatial) + bias (Co), the
    /// bias written before the products add onto it (no separate pass); null for none.
    /// <paramref name="key"/> names the weight array, so that a packed form of it can be kept
    /// while it is unchanged (<see cref="WeightCache"/>); default for none.
    /// </summary>
    public static void Correlate<T>(T* image, T* weight, T* cols, ConvGeometry g, T* bias = null, in WeightKey key = default) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (DepthwiseConv.Applies(g)) DepthwiseConv.Forward(image, weight, cols, g, bias);
        else if (typeof(T) == typeof(float) && Winograd.Supports(g) && ForwardTiles(g) is var tiles
            && (Winograd.Pays(g.Ci, g.Co, tiles) || Winograd.PaysCached(g.Ci, g.Co, tiles, key)))
            Winograd.Forward((float*)image, (float*)weight, (float*)cols, (float*)bias, g.N, g.Ci, g.IH, g.IW, g.Co, g.PH, g.PW, key);
        else if (typeof(T) == typeof(float) && DirectEnabled && PointwiseConv.Applies(g) && PointwiseConv.Cached(g, key)
            && PointwiseConv.Forward((float*)image, (float*)weight, (float*)cols, g, (float*)bias, key)) return;
        else if (typeof(T) == typeof(float) && DirectEnabled && PointwiseConv.ChannelTilesServe(g) && g.SH * g.SW > 1 && DirectConvChannels.Applies(g)
            && DirectConvChannels.Cached(g, key))
            PointwiseConv.ForwardSubsampled((float*)image, (float*)weight, (float*)cols, g, (float*)bias, key);
        else if (typeof(T) == typeof(float) && DirectEnabled && DirectConvChannels.Applies(g) && DirectConvChannels.Cached(g, key))
            DirectConvChannels.Forward((float*)image, (float*)weight, (float*)cols, g, (float*)bias, key);
        else if (typeof(T) == typeof(float) && DirectEnabled && DirectConv.Applies(g)) DirectConv.Forward((float*)image, (float*)weight, (float*)cols, g, (float*)bias, flipped: false);
        else RunBatch(Product.Correlate, image, weight, cols, g, bias);
    }

    /// <summary>4×4 output tiles of a Winograd forward over the batch.</summary>
    private static long ForwardTiles(in ConvGeometry g) => (long)g.N * ((g.OH + 3) / 4) * ((g.OW + 3) / 4);

    /// <summary>image (N, Ci, imageSpatial) = Wᵀ ⋆ cols: the adjoint of <see cref="Correlate{T}"/> (overwrites image).</summary>
    public static void CorrelateTransposed<T>(T* cols, T* weight, T* image, ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (DepthwiseConv.Applies(g)) DepthwiseConv.DataGradient(cols, weight, image, g);
        else if (typeof(T) == typeof(float) && Winograd.Supports(g) && Winograd.Pays(g.Co, g.Ci, (long)g.N * ((g.IH + 3) / 4) * ((g.IW + 3) / 4)))
            Winograd.DataGradient((float*)cols, (float*)weight, (float*)image, g.N, g.Ci, g.IH, g.IW, g.Co, g.PH, g.PW);
        else if (typeof(T) == typeof(float) && DirectEnabled && DirectConv.AppliesDataGradient(g))
            DirectConv.Forward((float*)cols, (float*)weight, (float*)image, g.DataGradientAsCorrelation(), null, flipped: true);
        else RunBatch(Product.CorrelateTransposed, image, weight, cols, g);
    }

    /// <summary>dW (Co, Ci/G, K) = Σₙ cols[n] · im2col(image[n])ᵀ per group (overwrites dW).</summary>
    public static void WeightGradient<T>(T* image, T* cols, T* dweight, ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && DirectEnabled && !DepthwiseConv.Applies(g) && DirectConv.AppliesWeightGradient(g))
        {
            DirectConv.WeightGradient((float*)image, (float*)cols, (float*)dweight, g);
            return;
        }
        new Span<T>(dweight, g.Co * g.RowsG).Clear();
        if (DepthwiseConv.Applies(g)) DepthwiseConv.WeightGradient(image, cols, dweight, g);
        else RunBatch(Product.WeightGradient, image, dweight, cols, g);
    }

    /// <summary>Which of the three products <see cref="RunBatch{T}"/> computes.</summary>
    private enum Product { Correlate, CorrelateTransposed, WeightGradient }

    /// <summary>
    /// The batch loop shared by the three products. With two or more images and enough work the
    /// batch is split in one contiguous block of images per core (each core packs, multiplies and
    /// scatters its own images; weight gradients go to per-core partials added at the end). A
    /// single block (batch 1) runs on the calling thread, where the GEMMs and the im2col/col2im
    /// split over the cores themselves. <paramref name="weight"/> is the weight, or for
    /// <see cref="Product.WeightGradient"/> the zeroed gradient.
    /// </summary>
    private static void RunBatch<T>(Product kind, T* image, T* weight, T* cols, ConvGeometry g, T* bias = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long work = (long)g.N * g.Co * g.RowsG * g.ColSpatial;
        int chunks = (int)Math.Min(Math.Min(CpuParallel.Degree, g.N), Math.Max(1, work / ParallelWork));
        if (chunks <= 1)
        {
            Block(kind, image, weight, cols, g, 0, g.N, weight, bias, inner: work >= ParallelWork);
            return;
        }
        nint pi = (nint)image, pw = (nint)weight, pc = (nint)cols, pb = (nint)bias;
        int wSize = g.Co * g.RowsG;
        object? gate = kind == Product.WeightGradient ? new object() : null;
        CpuParallel.For(g.N, (g.N + chunks - 1) / chunks, (n0, n1) =>
        {
            T* partial = null;
            if (kind == Product.WeightGradient)
            {
                partial = Workspace<T>.Get(2, wSize);
                new Span<T>(partial, wSize).Clear();
            }
            Block(kind, (T*)pi, (T*)pw, (T*)pc, g, n0, n1, partial, (T*)pb, inner: false);
            if (partial is null) return;
            lock (gate!)
            {
                var t = new Span<T>((T*)pw, wSize);
                TensorPrimitives.Add(t, new ReadOnlySpan<T>(partial, wSize), t);
            }
        });
    }

    /// <summary>
    /// Images [n0, n1) of one product. A pointwise kernel with a wide image multiplies the images
    /// in place; otherwise the columns of the block are cut into tiles that may span images, and
    /// each tile is packed (im2col), multiplied per group and, for the data gradient, unpacked
    /// (col2im). <paramref name="inner"/>: im2col/col2im may split over the cores (the caller is
    /// not itself a parallel chunk).
    /// </summary>
    private static void Block<T>(Product kind, T* image, T* weight, T* cols, in ConvGeometry g, int n0, int n1, T* dw, T* bias, bool inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long cs = g.ColSpatial, imgSize = (long)g.Ci * g.ImageSpatial, colSize = g.Co * cs;
        if (g.IsPointwise && cs >= 256)
        {
            for (int n = n0; n < n1; n++)
                for (int grp = 0; grp < g.G; grp++)
                {
                    T* img = image + n * imgSize + (long)grp * g.RowsG * cs;
                    T* c = cols + n * colSize + (long)grp * g.CoG * cs;
                    T* w = weight + (long)grp * g.CoG * g.RowsG;
                    if (kind == Product.Correlate)
                    {
                        FillBias(c, (int)cs, (int)cs, g.CoG, bias == null ? null : bias + grp * g.CoG);
                        Gemm.Run(false, false, g.CoG, (int)cs, g.RowsG, T.One, w, g.RowsG, img, (int)cs, bias == null ? T.Zero : T.One, c, (int)cs);
                    }
                    else if (kind == Product.CorrelateTransposed) Gemm.Run(true, false, g.RowsG, (int)cs, g.CoG, T.One, w, g.RowsG, c, (int)cs, T.Zero, img, (int)cs);
                    else Gemm.Run(false, true, g.CoG, g.RowsG, (int)cs, T.One, c, (int)cs, img, (int)cs, T.One, dw + (long)grp * g.CoG * g.RowsG, g.RowsG);
                }
            return;
        }
        if (kind == Product.CorrelateTransposed) new Span<T>(image + n0 * imgSize, (int)((n1 - n0) * imgSize)).Clear();
        long rows = (long)g.Ci * g.K, first = n0 * cs, total = (n1 - n0) * cs;
        int tile = (int)Math.Min(total, Math.Max(MinTileColumns, TileBytes / sizeof(T) / rows));
        T* col = Workspace<T>.Get(0, rows * tile);
        T* gathered = Workspace<T>.Get(1, (long)g.Co * tile);
        for (long t = 0; t < total; t += tile)
        {
            int cnt = (int)Math.Min(tile, total - t);
            long j = first + t, n = j / cs;
            int s = (int)(j - n * cs);
            // A tile inside one image is read or written in place (row stride colSpatial); one that
            // spans images goes through a contiguous Co × cnt copy.
            bool inPlace = s + cnt <= cs;
            T* c = inPlace ? cols + n * colSize + s : gathered;
            int ldc = inPlace ? (int)cs : cnt;
            if (kind != Product.Correlate && !inPlace) Columns(cols, g, j, cnt, gathered, toTile: true);
            if (kind != Product.CorrelateTransposed) PackTile(image, g, j, cnt, col, inner);
            if (kind == Product.Correlate) FillBias(c, cnt, ldc, g.Co, bias);
            for (int grp = 0; grp < g.G; grp++)
            {
                T* w = weight + (long)grp * g.CoG * g.RowsG;
                T* cg = c + (long)grp * g.CoG * ldc;
                T* colg = col + (long)grp * g.RowsG * cnt;
                if (kind == Product.Correlate) Gemm.Run(false, false, g.CoG, cnt, g.RowsG, T.One, w, g.RowsG, colg, cnt, bias == null ? T.Zero : T.One, cg, ldc);
                else if (kind == Product.CorrelateTransposed) Gemm.Run(true, false, g.RowsG, cnt, g.CoG, T.One, w, g.RowsG, cg, ldc, T.Zero, colg, cnt);
                else Gemm.Run(false, true, g.CoG, g.RowsG, cnt, T.One, cg, ldc, colg, cnt, T.One, dw + (long)grp * g.CoG * g.RowsG, g.RowsG);
            }
            if (kind == Product.Correlate && !inPlace) Columns(cols, g, j, cnt, gathered, toTile: false);
            if (kind == Product.CorrelateTransposed) UnpackTile(col, g, j, cnt, image, inner);
        }
    }

    /// <summary>Sets row r (of <paramref name="rows"/>, <paramref name="count"/> long, <paramref name="ld"/> apart) to bias[r]; nothing without a bias.</summary>
    private static void FillBias<T>(T* c, int count, int ld, int rows, T* bias) where T : unmanaged
    {
        if (bias == null) return;
        for (int r = 0; r < rows; r++) new Span<T>(c + (long)r * ld, count).Fill(bias[r]);
    }

    /// <summary>im2col of one tile, split by channel over the cores when <paramref name="inner"/> and the tile is large.</summary>
    private static void PackTile<T>(T* image, in ConvGeometry g, long first, int count, T* col, bool inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!inner || g.Ci < 2 || (long)g.Ci * g.K * count < (1 << 16)) { Im2Col.Pack(image, g, first, count, col, 0, g.Ci); return; }
        nint pi = (nint)image, pc = (nint)col;
        var geo = g;
        CpuParallel.For(g.Ci, 1, (c0, c1) => Im2Col.Pack((T*)pi, geo, first, count, (T*)pc, c0, c1));
    }

    /// <summary>col2im of one tile, split by channel (disjoint image planes) like <see cref="PackTile{T}"/>.</summary>
    private static void UnpackTile<T>(T* col, in ConvGeometry g, long first, int count, T* image, bool inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!inner || g.Ci < 2 || (long)g.Ci * g.K * count < (1 << 16)) { Im2Col.Unpack(col, g, first, count, image, 0, g.Ci); return; }
        nint pi = (nint)image, pc = (nint)col;
        var geo = g;
        CpuParallel.For(g.Ci, 1, (c0, c1) => Im2Col.Unpack((T*)pc, geo, first, count, (T*)pi, c0, c1));
    }

    /// <summary>
    /// Copies the columns [first, first + count) of <paramref name="cols"/> (N, Co, colSpatial)
    /// to a contiguous Co × count <paramref name="tile"/>, or back when not <paramref name="toTile"/>.
    /// </summary>
    private static void Columns<T>(T* cols, in ConvGeometry g, long first, int count, T* tile, bool toTile) where T : unmanaged
    {
        long cs = g.ColSpatial;
        for (long j = first, end = first + count; j < end;)
        {
            long n = j / cs;
            int s = (int)(j - n * cs), len = (int)Math.Min(cs - s, end - j);
            for (int co = 0; co < g.Co; co++)
            {
                T* a = cols + (n * g.Co + co) * cs + s;
                T* b = tile + (long)co * count + (j - first);
                if (toTile) new ReadOnlySpan<T>(a, len).CopyTo(new Span<T>(b, len));
                else new ReadOnlySpan<T>(b, len).CopyTo(new Span<T>(a, len));
            }
            j += len;
        }
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

    /// <summary>db[c] = Σ over batch and space of g[n, c, :] (overwrites db), channels split over the cores.</summary>
    public static void BiasGradient<T>(T* grad, T* db, int n, int c, int spatial) where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint pg = (nint)grad, pd = (nint)db;
        CpuParallel.For(c, Math.Max(1, (1 << 16) / Math.Max(1, n * spatial)), (c0, c1) =>
        {
            for (int j = c0; j < c1; j++)
            {
                T s = T.Zero;
                for (int i = 0; i < n; i++) s += TensorPrimitives.Sum(new ReadOnlySpan<T>((T*)pg + ((long)i * c + j) * spatial, spatial));
                ((T*)pd)[j] = s;
            }
        });
    }
}
