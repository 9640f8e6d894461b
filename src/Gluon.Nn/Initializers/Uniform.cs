namespace Gluon.Initializers;

/// <summary>
/// Draws weights from U(−scale, scale) (MXNet's <c>mx.init.Uniform(scale=0.07)</c>, the default
/// global initializer of <c>Initialize()</c>).
/// </summary>
public sealed class Uniform : Initializer
{
    /// <summary>Half-width of the interval.</summary>
    public double Scale { get; }

    /// <summary>U(−<paramref name="scale"/>, <paramref name="scale"/>).</summary>
    public Uniform(double scale = 0.07)
    {
        Scale = scale;
        Kwargs["scale"] = scale;
    }

    /// <inheritdoc/>
    protected internal override void InitWeight(InitDesc desc, NDArray arr) =>
        Assign(arr, Nd.Random.Uniform(-Scale, Scale, arr.Shape, arr.DType, arr.Context));
}
