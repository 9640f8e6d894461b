namespace Gluon.Initializers;

/// <summary>Draws weights from N(0, sigma²) (MXNet's <c>mx.init.Normal(sigma=0.01)</c>).</summary>
public sealed class Normal : Initializer
{
    /// <summary>Standard deviation.</summary>
    public double Sigma { get; }

    /// <summary>N(0, <paramref name="sigma"/>²).</summary>
    public Normal(double sigma = 0.01)
    {
        Sigma = sigma;
        Kwargs["sigma"] = sigma;
    }

    /// <inheritdoc/>
    protected internal override void InitWeight(InitDesc desc, NDArray arr) =>
        Assign(arr, Nd.Random.Normal(0, Sigma, arr.Shape, arr.DType, arr.Context));
}
