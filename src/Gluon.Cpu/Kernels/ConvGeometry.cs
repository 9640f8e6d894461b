using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// The shape of one convolution, seen from the convolution side: an "image" (N, Ci, D, H, W)
/// is correlated with weights (Co, Ci/G, KD, KH, KW) to give "columns" (N, Co, OD, OH, OW).
/// 1-D and 2-D problems put 1 in the leading spatial dims so one set of loops serves all ranks.
/// Deconvolution uses the same geometry with the roles swapped (its output is the image).
/// </summary>
internal readonly struct ConvGeometry
{
    public readonly int N, Ci, Co, G;
    public readonly int ID, IH, IW, OD, OH, OW;
    public readonly int KD, KH, KW, SD, SH, SW, PD, PH, PW, DD, DH, DW;

    /// <param name="p">The op's attributes.</param>
    /// <param name="image">Image shape (N, Ci, spatial...).</param>
    /// <param name="cols">Column-side shape (N, Co, spatial...).</param>
    /// <param name="pad">Padding actually used (deconvolution may derive it from target_shape).</param>
    public ConvGeometry(ConvolutionParam p, Shape image, Shape cols, int[] pad)
    {
        int nd = p.NDim;
        N = image[0]; Ci = image[1]; Co = cols[1]; G = p.NumGroup;
        int At(int[] v, int i, int def) => i - (3 - nd) >= 0 ? v[i - (3 - nd)] : def;
        int Dim(Shape s, int i) => i - (3 - nd) >= 0 ? s[2 + i - (3 - nd)] : 1;
        ID = Dim(image, 0); IH = Dim(image, 1); IW = Dim(image, 2);
        OD = Dim(cols, 0); OH = Dim(cols, 1); OW = Dim(cols, 2);
        KD = At(p.Kernel, 0, 1); KH = At(p.Kernel, 1, 1); KW = At(p.Kernel, 2, 1);
        SD = At(p.Stride, 0, 1); SH = At(p.Stride, 1, 1); SW = At(p.Stride, 2, 1);
        PD = At(pad, 0, 0); PH = At(pad, 1, 0); PW = At(pad, 2, 0);
        DD = At(p.Dilate, 0, 1); DH = At(p.Dilate, 1, 1); DW = At(p.Dilate, 2, 1);
    }

    private ConvGeometry(in ConvGeometry g, bool unused)
    {
        // The data gradient of a stride-1 convolution as a correlation of out_grad (the image
        // here) with the flipped kernel: same kernel and dilation, padding dil·(K − 1) − pad.
        N = g.N; Ci = g.Co; Co = g.Ci; G = g.G;
        ID = g.OD; IH = g.OH; IW = g.OW; OD = g.ID; OH = g.IH; OW = g.IW;
        KD = g.KD; KH = g.KH; KW = g.KW; SD = 1; SH = 1; SW = 1;
        DD = g.DD; DH = g.DH; DW = g.DW;
        PD = g.DD * (g.KD - 1) - g.PD; PH = g.DH * (g.KH - 1) - g.PH; PW = g.DW * (g.KW - 1) - g.PW;
    }

    private ConvGeometry(in ConvGeometry g, int unused)
    {
        // A 1×1 convolution without padding over the image's pixels at the strides, packed
        // densely: the same problem at stride 1 on an OD × OH × OW image.
        this = g;
        ID = g.OD; IH = g.OH; IW = g.OW;
        SD = 1; SH = 1; SW = 1;
    }

    /// <summary>
    /// For a 1×1 geometry without padding: the stride-1 geometry over the subsampled image (the
    /// pixels at the strides, OD × OH × OW per channel), which computes the same columns.
    /// </summary>
    public ConvGeometry Subsampled() => new(this, 0);

    /// <summary>
    /// For a stride-1 geometry: the geometry whose correlation computes this one's transposed
    /// correlation (its image is this one's columns, its columns this one's image; the weights
    /// are flipped in space and transposed per group by the caller).
    /// </summary>
    public ConvGeometry DataGradientAsCorrelation() => new(this, false);

    /// <summary>Kernel volume.</summary>
    public int K => KD * KH * KW;
    /// <summary>Image spatial size per channel.</summary>
    public int ImageSpatial => ID * IH * IW;
    /// <summary>Column spatial size (output positions of the convolution).</summary>
    public int ColSpatial => OD * OH * OW;
    /// <summary>Image channels per group.</summary>
    public int CiG => Ci / G;
    /// <summary>Column channels per group.</summary>
    public int CoG => Co / G;
    /// <summary>Rows of one group's column matrix (CiG·K).</summary>
    public int RowsG => CiG * K;

    /// <summary>
    /// True when the column matrix equals the image (1×1×1 kernel, stride 1, no padding), so
    /// im2col and col2im can be skipped.
    /// </summary>
    public bool IsPointwise => K == 1 && SD == 1 && SH == 1 && SW == 1 && PD == 0 && PH == 0 && PW == 0;
}
