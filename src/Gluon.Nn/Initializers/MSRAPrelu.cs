namespace Gluon.Initializers;

/// <summary>
/// He/MSRA initialization for (P)ReLU networks (MXNet's <c>mx.init.MSRAPrelu(factor_type='avg',
/// slope=0.25)</c>): <see cref="Xavier"/> with gaussian draws and magnitude = 2/(1 + slope²),
/// so std = √(2/((1 + slope²)·factor)).
/// </summary>
public sealed class MSRAPrelu : Xavier
{
    /// <summary>The initial negative slope of the PReLU the weights feed.</summary>
    public double Slope { get; }

    /// <summary>MSRA initialization with fan factor <paramref name="factorType"/> and PReLU slope <paramref name="slope"/>.</summary>
    /// <exception cref="ArgumentException">An unknown <paramref name="factorType"/>.</exception>
    public MSRAPrelu(string factorType = "avg", double slope = 0.25)
        : base("gaussian", factorType, 2.0 / (1 + slope * slope))
    {
        Slope = slope;
        // MXNet dumps only the arguments of this class, not Xavier's.
        Kwargs.Clear();
        Kwargs["factor_type"] = factorType;
        Kwargs["slope"] = slope;
    }
}
