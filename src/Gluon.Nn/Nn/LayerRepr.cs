using Gluon.Ops;

namespace Gluon.Nn;

/// <summary>MXNet's layer reprs built from Python's spellings of the keyword arguments.</summary>
internal static class LayerRepr
{
    /// <summary><c>k1=v1, k2=v2</c> with Python's repr of each value (<c>1e-05</c>, <c>True</c>, <c>(1, 2)</c>).</summary>
    public static string Kwargs(params (string Key, object Value)[] kwargs) =>
        string.Join(", ", kwargs.Select(kv => kv.Key + "=" + OpAttrs.Format(kv.Value)));

    /// <summary>A dimension as MXNet prints it: the number, or <c>None</c> when still unknown (0).</summary>
    public static string DimOrNone(int dim) => dim == 0 ? "None" : dim.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
