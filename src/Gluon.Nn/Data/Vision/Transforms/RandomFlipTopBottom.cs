namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// With probability 0.5, mirrors an HWC image (or every image of an NHWC batch, with one draw)
/// along its height (MXNet's <c>transforms.RandomFlipTopBottom()</c>). Draws from
/// <see cref="RandomGenerator.Global"/>.
/// </summary>
public sealed class RandomFlipTopBottom : HybridBlock
{
    /// <summary>x, or x with the height axis reversed.</summary>
    /// <exception cref="ArgumentException">x is not 3-D or 4-D.</exception>
    public override NDArray Forward(NDArray x)
    {
        ImageMath.Hwc(x, "RandomFlipTopBottom");
        if (!ImageMath.Bernoulli(0.5)) return x;
        return x.Context.IsCpu && !Autograd.IsRecording ? ImageMath.FlipTopBottom(x) : Nd.Flip(x, x.NDim - 3);
    }
}
