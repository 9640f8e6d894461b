namespace Gluon.Initializers;

/// <summary>
/// "Xavier" (Glorot) initialization (MXNet's <c>mx.init.Xavier(rnd_type='uniform',
/// factor_type='avg', magnitude=3)</c>). For a weight of shape (out, in, k...) with
/// hw = ∏k: fan_in = in·hw, fan_out = out·hw; factor = (fan_in + fan_out)/2 for <c>avg</c>,
/// fan_in for <c>in</c>, fan_out for <c>out</c>; scale = √(magnitude/factor). Draws from
/// U(−scale, scale) (<c>uniform</c>) or N(0, scale²) (<c>gaussian</c>). The array needs ≥ 2 dims.
/// </summary>
public class Xavier : Initializer
{
    /// <summary><c>"uniform"</c> or <c>"gaussian"</c>.</summary>
    public string RndType { get; }

    /// <summary><c>"avg"</c>, <c>"in"</c> or <c>"out"</c>.</summary>
    public string FactorType { get; }

    /// <summary>The numerator of scale² = magnitude/factor.</summary>
    public double Magnitude { get; }

    /// <summary>Xavier initialization with the given random type, fan factor and magnitude.</summary>
    /// <exception cref="ArgumentException">An unknown <paramref name="rndType"/> or <paramref name="factorType"/>.</exception>
    public Xavier(string rndType = "uniform", string factorType = "avg", double magnitude = 3)
    {
        // MXNet only notices a bad type when a weight is filled; failing here names it earlier.
        if (rndType is not ("uniform" or "gaussian"))
            throw new ArgumentException($"{GetType().Name}: unknown random type rnd_type='{rndType}' (expected 'uniform' or 'gaussian')", nameof(rndType));
        if (factorType is not ("avg" or "in" or "out"))
            throw new ArgumentException($"{GetType().Name}: incorrect factor type factor_type='{factorType}' (expected 'avg', 'in' or 'out')", nameof(factorType));
        RndType = rndType;
        FactorType = factorType;
        Magnitude = magnitude;
        Kwargs["rnd_type"] = rndType;
        Kwargs["factor_type"] = factorType;
        // MXNet's default is the Python int 3, which dumps as 3; other values dump as floats.
        Kwargs["magnitude"] = magnitude == 3 ? (object)3 : magnitude;
    }

    /// <summary>The scale √(magnitude/factor) this initializer uses for an array of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The shape has fewer than 2 dims.</exception>
    public double ScaleFor(Shape shape, string name = "")
    {
        if (shape.Rank < 2)
            throw new ArgumentException($"{GetType().Name} initializer cannot be applied to vector {name} of shape {shape}. It requires at least 2D.");
        double hw = 1;
        for (int i = 2; i < shape.Rank; i++) hw *= shape[i];
        double fanIn = shape[1] * hw, fanOut = shape[0] * hw;
        double factor = FactorType switch
        {
            "avg" => (fanIn + fanOut) / 2.0,
            "in" => fanIn,
            _ => fanOut,
        };
        return Math.Sqrt(Magnitude / factor);
    }

    /// <inheritdoc/>
    protected internal override void InitWeight(InitDesc desc, NDArray arr)
    {
        double scale = ScaleFor(arr.Shape, desc.Name);
        Assign(arr, RndType == "uniform"
            ? Nd.Random.Uniform(-scale, scale, arr.Shape, arr.DType, arr.Context)
            : Nd.Random.Normal(0, scale, arr.Shape, arr.DType, arr.Context));
    }
}
