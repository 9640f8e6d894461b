using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Gluon.Initializers;

/// <summary>
/// JSON text as Python's <c>json.dumps</c> writes it (<c>", "</c> and <c>": "</c> separators,
/// floats as <c>repr</c>: <c>3.0</c>, <c>1e-05</c>, ASCII only), so <see cref="Initializer.Dumps"/>
/// prints what MXNet prints; and the nested-list conversions used for array-valued kwargs.
/// </summary>
internal static class PyJson
{
    /// <summary>Appends <paramref name="value"/> (null, bool, string, integer, float, list) as JSON.</summary>
    public static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case string s: WriteString(sb, s); break;
            case double d: WriteFloat(sb, d); break;
            case float f: WriteFloat(sb, f); break;
            case int or long or short or byte or sbyte or uint or ulong or ushort:
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            case JsonNode n: sb.Append(n.ToJsonString()); break;
            case IDictionary dict:
                sb.Append('{');
                bool firstKey = true;
                foreach (DictionaryEntry e in dict)
                {
                    if (!firstKey) sb.Append(", ");
                    firstKey = false;
                    WriteString(sb, Convert.ToString(e.Key, CultureInfo.InvariantCulture)!);
                    sb.Append(": ");
                    Write(sb, e.Value);
                }
                sb.Append('}');
                break;
            case IEnumerable list:
                sb.Append('[');
                bool first = true;
                foreach (var item in list)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    Write(sb, item);
                }
                sb.Append(']');
                break;
            default:
                throw new NotSupportedException($"initializer kwargs: cannot write a {value.GetType().Name} as JSON");
        }
    }

    private static void WriteFloat(StringBuilder sb, double d)
    {
        if (double.IsNaN(d)) { sb.Append("NaN"); return; }
        if (double.IsInfinity(d)) { sb.Append(d > 0 ? "Infinity" : "-Infinity"); return; }
        string s = d.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
        sb.Append(s);
        // Python's repr marks a float: 3.0, not 3.
        if (s.IndexOfAny(['.', 'e']) < 0) sb.Append(".0");
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>The values of <paramref name="data"/> as nested lists of <paramref name="shape"/> (numpy's <c>tolist()</c>).</summary>
    public static object Nest(double[] data, Shape shape)
    {
        if (shape.Rank == 0) return data[0];
        int pos = 0;
        return NestAxis(data, shape, 0, ref pos);
    }

    private static object[] NestAxis(double[] data, Shape shape, int axis, ref int pos)
    {
        var items = new object[shape[axis]];
        for (int i = 0; i < items.Length; i++)
            items[i] = axis == shape.Rank - 1 ? data[pos++] : NestAxis(data, shape, axis + 1, ref pos);
        return items;
    }

    /// <summary>Reads nested JSON lists of numbers back into (values, shape); ragged lists are an error.</summary>
    /// <exception cref="ArgumentException">The lists are ragged or hold a non-number.</exception>
    public static (double[] Data, Shape Shape) Unnest(JsonNode node, string what)
    {
        var dims = new List<int>();
        for (var n = node; n is JsonArray a; n = a.Count > 0 ? a[0] : null) dims.Add(a.Count);
        var data = new List<double>();
        Collect(node, dims, 0, data, what);
        return (data.ToArray(), new Shape(dims.ToArray()));
    }

    private static void Collect(JsonNode? node, List<int> dims, int axis, List<double> data, string what)
    {
        if (axis == dims.Count)
        {
            if (node is JsonValue v && v.TryGetValue<double>(out var d)) { data.Add(d); return; }
            throw new ArgumentException($"{what}: expected a number at nesting depth {axis}, found {node?.ToJsonString() ?? "null"}");
        }
        if (node is not JsonArray a || a.Count != dims[axis])
            throw new ArgumentException($"{what}: ragged nested lists (expected {dims[axis]} items at depth {axis})");
        foreach (var item in a) Collect(item, dims, axis + 1, data, what);
    }
}
