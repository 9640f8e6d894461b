namespace Gluon.Initializers;

/// <summary>
/// Fills with a scalar, or copies an array value of the parameter's shape
/// (MXNet's <c>mx.init.Constant(value)</c>).
/// </summary>
public sealed class Constant : Initializer
{
    private readonly double _scalar;
    private readonly NDArray? _array;

    /// <summary>Fills with <paramref name="value"/>.</summary>
    public Constant(double value)
    {
        _scalar = value;
        Kwargs["value"] = value;
    }

    /// <summary>Copies <paramref name="value"/> (its shape must equal the parameter's).</summary>
    public Constant(NDArray value)
    {
        _array = value ?? throw new ArgumentNullException(nameof(value));
        Kwargs["value"] = PyJson.Nest(value.ToArray<double>(), value.Shape);
    }

    /// <inheritdoc/>
    protected internal override void InitWeight(InitDesc desc, NDArray arr)
    {
        if (_array is null) { Fill(arr, _scalar); return; }
        if (_array.Shape != arr.Shape)
            throw new ArgumentException($"Constant initializer for '{desc.Name}': value has shape {_array.Shape}, parameter has shape {arr.Shape}");
        Assign(arr, _array);
    }
}
