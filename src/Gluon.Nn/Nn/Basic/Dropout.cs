using Gluon.Ops;

namespace Gluon.Nn;

/// <summary>
/// Dropout (MXNet's <c>gluon.nn.Dropout</c>): in training mode each entry is zeroed with
/// probability <c>rate</c> and the rest are scaled by 1/(1 − rate), the random mask being shared
/// along <see cref="Axes"/>; in inference mode, or with rate 0, the output equals the input.
/// </summary>
public class Dropout : HybridBlock
{
    private readonly int[] _axes;

    /// <summary>Dropout of <paramref name="rate"/>, with the mask shared along <paramref name="axes"/> (empty: none).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is outside [0, 1].</exception>
    public Dropout(double rate, int[]? axes = null, string? prefix = null, ParameterDict? @params = null) : base(prefix, @params)
    {
        if (!(rate >= 0 && rate <= 1))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "Dropout: rate must be in [0, 1]");
        Rate = rate;
        _axes = axes is null ? [] : (int[])axes.Clone();
    }

    /// <summary>The fraction of entries dropped in training.</summary>
    public double Rate { get; }

    /// <summary>The axes along which the mask is shared.</summary>
    public IReadOnlyList<int> Axes => _axes;

    /// <inheritdoc/>
    // rate 0 is MXNet's identity (a copy), so no mask is drawn at all.
    public override NDArray Forward(NDArray x) => Rate > 0 ? Nd.Dropout(x, Rate, axes: _axes) : Nd.Copy(x);

    /// <summary>MXNet's repr: <c>Dropout(p = 0.5, axes=())</c>.</summary>
    public override string ToString() => $"Dropout(p = {OpAttrs.FormatFloat(Rate)}, axes={OpAttrs.Format(_axes)})";
}
