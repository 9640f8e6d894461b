using System.Globalization;
using System.Text;

namespace Gluon;

/// <summary>Prints arrays as MXNet does: nested brackets of values, then a shape/context tag.</summary>
internal static class NDArrayFormatter
{
    private const int MaxElements = 1000;

    public static string Format(NDArray a)
    {
        if (a.IsDisposed) return "<NDArray disposed>";
        var sb = new StringBuilder();
        string tag = $"<NDArray {(a.NDim == 0 ? "" : string.Join("x", a.Shape))} @{a.Context}{(a.DType == DType.Float32 ? "" : " " + a.DType.Name())}>";
        if (a.Size > MaxElements)
        {
            return $"[... {a.Size} elements ...]\n{tag}";
        }
        double[] v = a.DType == DType.Float64 ? a.ToArray<double>() : a.AsType(DType.Float64).ToArray<double>();
        int pos = 0;
        Write(sb, a.Shape.ToArray(), 0, v, ref pos);
        sb.Append('\n').Append(tag);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, int[] dims, int axis, double[] v, ref int pos)
    {
        if (axis == dims.Length)
        {
            sb.Append(v[pos++].ToString("G7", CultureInfo.InvariantCulture));
            return;
        }
        sb.Append('[');
        for (int i = 0; i < dims[axis]; i++)
        {
            if (i > 0) sb.Append(axis == dims.Length - 1 ? " " : "\n ");
            Write(sb, dims, axis + 1, v, ref pos);
        }
        sb.Append(']');
    }
}
