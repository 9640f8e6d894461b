namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// Converts an HWC image with values in [0, 255] to a CHW float32 tensor in [0, 1]: out[c, h, w] =
/// x[h, w, c] / 255 (MXNet's <c>transforms.ToTensor()</c>); an NHWC batch becomes NCHW. Input
/// dtype uint8 or float32.
/// </summary>
public sealed class ToTensor : HybridBlock
{
    /// <summary>out = transpose(x) / 255 as float32.</summary>
    /// <exception cref="ArgumentException">x is not 3-D or 4-D, or not uint8/float32.</exception>
    public override NDArray Forward(NDArray x)
    {
        if (x.Context.IsCpu && !Autograd.IsRecording) return ImageMath.ToTensor(x);
        var (n, _, _, _) = ImageMath.Hwc(x, "ToTensor");
        if (x.DType is not (DType.UInt8 or DType.Float32))
            throw new ArgumentException($"ToTensor: input dtype must be uint8 or float32, got {x.DType.Name()}", nameof(x));
        var t = n == 0 ? Nd.Transpose(x, 2, 0, 1) : Nd.Transpose(x, 0, 3, 1, 2);
        return Nd.Cast(t, DType.Float32) / 255.0;
    }
}
