using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// A fully connected layer, <c>y = act(x·Wᵀ + b)</c> (MXNet's <c>gluon.nn.Dense</c>), with
/// <c>weight</c> of shape (units, in_units) and <c>bias</c> of shape (units,). With
/// in_units 0 the input size is inferred on the first forward pass.
/// </summary>
public class Dense : HybridBlock
{
    private readonly bool _flatten;

    /// <summary>
    /// A layer of <paramref name="units"/> outputs. <paramref name="activation"/> adds an
    /// <see cref="Activation"/> child named <c>{activation}_</c>; <paramref name="flatten"/> false
    /// applies the layer to the last axis only.
    /// </summary>
    public Dense(int units, string? activation = null, bool useBias = true, bool flatten = true, DType dtype = DType.Float32,
        Initializer? weightInitializer = null, Initializer? biasInitializer = null, int inUnits = 0,
        string? prefix = null, ParameterDict? @params = null) : base(prefix, @params)
    {
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, "Dense: units must be positive");
        if (inUnits < 0) throw new ArgumentOutOfRangeException(nameof(inUnits), inUnits, "Dense: in_units must be >= 0 (0 = infer)");
        Units = units;
        _flatten = flatten;
        using (NameScope())
        {
            Weight = GetParameter("weight", shape: new Shape(units, inUnits), init: weightInitializer, dtype: dtype, allowDeferredInit: true);
            if (useBias)
                Bias = GetParameter("bias", shape: new Shape(units), init: biasInitializer ?? new Zero(), dtype: dtype, allowDeferredInit: true);
            if (activation is not null)
                Act = RegisterChild(new Activation(activation, prefix: activation + "_"), "act");
        }
    }

    /// <summary>Number of outputs.</summary>
    public int Units { get; }

    /// <summary>The weight, (units, in_units).</summary>
    public Parameter Weight { get; }

    /// <summary>The bias, (units,), or null without bias.</summary>
    public Parameter? Bias { get; }

    /// <summary>The activation child, or null.</summary>
    public Activation? Act { get; }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x)
    {
        var y = Nd.FullyConnected(x, Weight.Data(), Bias?.Data(), Units, noBias: Bias is null, flatten: _flatten);
        return Act is null ? y : Act.Call(y);
    }

    /// <summary>MXNet's repr: <c>Dense(in -> out, act)</c>, with None for an unknown input size.</summary>
    public override string ToString()
    {
        var s = Weight.Shape!;
        return $"Dense({(s[1] == 0 ? "None" : s[1].ToString(System.Globalization.CultureInfo.InvariantCulture))} -> {s[0]}, {(Act is null ? "linear" : Act.ToString())})";
    }
}
