namespace Gluon.Data.Vision.Transforms;

/// <summary>Casts the input to <c>dtype</c> (MXNet's <c>transforms.Cast(dtype='float32')</c>, the <c>Cast</c> op).</summary>
public sealed class Cast : HybridBlock
{
    private readonly DType _dtype;

    /// <summary>A cast to <paramref name="dtype"/>.</summary>
    public Cast(DType dtype = DType.Float32) => _dtype = dtype;

    /// <summary>x converted to the target dtype.</summary>
    public override NDArray Forward(NDArray x) => Nd.Cast(x, _dtype);
}
