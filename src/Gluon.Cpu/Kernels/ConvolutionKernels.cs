using System.Numerics;
using Gluon.Backends;
using Gluon.Ops.Definitions;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Kernels of <c>Convolution</c>, <c>Deconvolution</c> and their backward ops, all expressed
/// with the three <see cref="ConvDriver"/> products. Deconvolution is a convolution whose image
/// is the deconvolution output and whose columns are the deconvolution input.
/// </summary>
internal sealed unsafe class ConvolutionKernels : IKernelProvider
{
    public void Register(CpuBackend b)
    {
        b.RegisterFloatKernel("Convolution", c => Dispatch(c, ConvForward<float>, ConvForward<double>));
        b.RegisterFloatKernel("_backward_Convolution", c => Dispatch(c, static k => Backward<float>(k, deconvolution: false), static k => Backward<double>(k, deconvolution: false)));
        b.RegisterFloatKernel("Deconvolution", c => Dispatch(c, DeconvForward<float>, DeconvForward<double>));
        b.RegisterFloatKernel("_backward_Deconvolution", c => Dispatch(c, static k => Backward<float>(k, deconvolution: true), static k => Backward<double>(k, deconvolution: true)));
    }

    private static void Dispatch(KernelContext c, Action<KernelContext> f32, Action<KernelContext> f64)
    {
        foreach (var x in c.Inputs)
            if (x.DType != c.Inputs[0].DType)
                throw new ArgumentException($"{c.Op.Name}: all inputs must have the same dtype, got {string.Join(", ", c.Inputs.Select(i => i.DType.Name()))}");
        if (c.Outputs[0].DType == DType.Float32) f32(c); else f64(c);
    }

    private static T* Ptr<T>(NDArray a) where T : unmanaged => (T*)a.DataPointer;

    private static int Spatial(Shape s) => s.Size == 0 ? 0 : s.SizeOf(2, s.Rank);

    /// <summary>
    /// The geometry of a problem whose image is <paramref name="image"/> and whose columns are
    /// <paramref name="cols"/>; for a deconvolution the columns are its data, from which the
    /// padding is derived (<c>target_shape</c>).
    /// </summary>
    private static ConvGeometry Geometry(ConvolutionParam p, string op, Shape image, Shape cols, bool deconvolution) =>
        new(p, image, cols, deconvolution ? p.DeconvPadAdj(op, cols).Pad : p.Pad);

    private static void ConvForward<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<ConvolutionParam>();
        var (x, w, y) = (c.Inputs[0], c.Inputs[1], c.Outputs[0]);
        if (y.Size == 0) return;
        var g = Geometry(p, c.Op.Name, x.Shape, y.Shape, deconvolution: false);
        // The weights are only read here: their key is taken first and their address without
        // advancing their version, so a packed form of them survives from call to call.
        var key = WeightKey.Of(w);
        ConvDriver.Correlate(Ptr<T>(x), (T*)w.ReadPointer, Ptr<T>(y), g, p.NoBias ? null : Ptr<T>(c.Inputs[2]), key);
    }

    private static void DeconvForward<T>(KernelContext c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<ConvolutionParam>();
        var (x, w, y) = (c.Inputs[0], c.Inputs[1], c.Outputs[0]);
        if (y.Size == 0) return;
        if (x.Size == 0) y.Span<T>().Clear();
        else
        {
            var g = Geometry(p, c.Op.Name, y.Shape, x.Shape, deconvolution: true);
            ConvDriver.CorrelateTransposed(Ptr<T>(x), Ptr<T>(w), Ptr<T>(y), g);
        }
        if (!p.NoBias) ConvDriver.AddBias(y.Span<T>(), c.Inputs[2].Span<T>(), y.Shape[0], y.Shape[1], Spatial(y.Shape));
    }

    /// <summary>
    /// Gradients of Convolution or Deconvolution from (out_grad, data, weight). A convolution's
    /// data is the image and out_grad the columns, so its data gradient is the transposed
    /// correlation; a deconvolution swaps the roles, so its data gradient is the correlation.
    /// </summary>
    private static void Backward<T>(KernelContext c, bool deconvolution) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = c.P<ConvolutionParam>();
        var (dy, x, w) = (c.Inputs[0], c.Inputs[1], c.Inputs[2]);
        var (dx, dw) = (c.Outputs[0], c.Outputs[1]);
        if (!p.NoBias) ConvDriver.BiasGradient(Ptr<T>(dy), Ptr<T>(c.Outputs[2]), dy.Shape[0], dy.Shape[1], Spatial(dy.Shape));
        if (dy.Size == 0 || x.Size == 0)
        {
            dx.Span<T>().Clear();
            dw.Span<T>().Clear();
            return;
        }
        var (image, cols) = deconvolution ? (dy, x) : (x, dy);
        var g = Geometry(p, c.Op.Name, image.Shape, cols.Shape, deconvolution);
        if (p.SkipDataGrad) dx.Span<T>().Clear();   // steps: nothing needs the data gradient
        else if (deconvolution) ConvDriver.Correlate(Ptr<T>(dy), Ptr<T>(w), Ptr<T>(dx), g);
        else ConvDriver.CorrelateTransposed(Ptr<T>(dy), Ptr<T>(w), Ptr<T>(dx), g);
        ConvDriver.WeightGradient(Ptr<T>(image), Ptr<T>(cols), Ptr<T>(dw), g);
    }
}
