namespace Gluon.Initializers;

/// <summary>
/// LSTM bias initialization (MXNet's <c>mx.init.LSTMBias(forget_bias=1.0)</c>): zeros except
/// the forget gate, the second quarter along the first axis (rows [n/4, 2·n/4) with
/// n/4 = ⌊shape[0]/4⌋), which is set to <see cref="ForgetBias"/>.
/// </summary>
public sealed class LSTMBias : Initializer
{
    /// <summary>The forget-gate bias (Jozefowicz et al. 2015 recommend 1).</summary>
    public double ForgetBias { get; }

    /// <summary>Forget-gate bias <paramref name="forgetBias"/>, other gates 0.</summary>
    public LSTMBias(double forgetBias = 1.0)
    {
        ForgetBias = forgetBias;
        Kwargs["forget_bias"] = forgetBias;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The array is a scalar (0-d).</exception>
    protected internal override void InitWeight(InitDesc desc, NDArray arr)
    {
        if (arr.Shape.Rank == 0)
            throw new ArgumentException($"LSTMBias initializer for '{desc.Name}': needs at least 1 dim, got a scalar");
        int hidden = arr.Shape[0] / 4;
        int inner = arr.Shape.Size / Math.Max(1, arr.Shape[0]);
        var values = new double[arr.Shape.Size];
        values.AsSpan(hidden * inner, hidden * inner).Fill(ForgetBias);
        Assign(arr, Nd.Array<double>(values, arr.Shape));
    }
}
