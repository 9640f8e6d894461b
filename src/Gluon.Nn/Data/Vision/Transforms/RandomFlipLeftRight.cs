namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// With probability 0.5, mirrors an HWC image (or every image of an NHWC batch, with one draw)
/// along its width (MXNet's <c>transforms.RandomFlipLeftRight()</c>). Draws from
/// <see cref="RandomGenerator.Global"/>, so <c>Nd.Random.Seed</c> makes it reproducible.
/// </summary>
public sealed class RandomFlipLeftRight : HybridBlock
{
    /// <summary>x, or x with the width axis reversed.</summary>
    /// <exception cref="ArgumentException">x is not 3-D or 4-D.</exception>
    public override NDArray Forward(NDArray x)
    {
        ImageMath.Hwc(x, "RandomFlipLeftRight");
        if (!ImageMath.Bernoulli(0.5)) return x;
        return x.Context.IsCpu && !Autograd.IsRecording ? ImageMath.FlipLeftRight(x) : Nd.Flip(x, x.NDim - 2);
    }
}
