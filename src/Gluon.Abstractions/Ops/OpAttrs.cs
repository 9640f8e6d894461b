using System.Globalization;
using System.Text;

namespace Gluon.Ops;

/// <summary>
/// An op's attributes as MXNet's string key/value pairs (the form stored in symbol JSON), with
/// typed getters that accept both the Python spellings (<c>True</c>, <c>(3, 3)</c>, <c>None</c>)
/// and the C++ ones (<c>1</c>, <c>[3,3]</c>). Only attributes the caller set are stored.
/// </summary>
public sealed class OpAttrs : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _items = new();

    /// <summary>No attributes.</summary>
    public static OpAttrs Empty => new();

    /// <summary>Number of attributes set.</summary>
    public int Count => _items.Count;

    /// <summary>Parsed parameter object, cached by the dispatcher per op.</summary>
    internal object? Parsed;
    internal OpDef? ParsedFor;

    /// <summary>Sets a raw string attribute.</summary>
    public OpAttrs Set(string key, string value)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (_items[i].Key == key) { _items[i] = new(key, value); Parsed = null; return this; }
        }
        _items.Add(new(key, value));
        Parsed = null;
        return this;
    }

    /// <summary>Sets an attribute from a C# value using Python's <c>str()</c> spelling; null values are skipped.</summary>
    public OpAttrs Set(string key, object? value)
    {
        if (value is null) return this;
        return Set(key, Format(value));
    }

    /// <summary>Collection-initializer support: <c>new OpAttrs { { "axis", 1 } }</c>.</summary>
    public void Add(string key, object? value) => Set(key, value);

    /// <summary>The raw value, or null when unset.</summary>
    public string? this[string key]
    {
        get
        {
            foreach (var kv in _items) if (kv.Key == key) return kv.Value;
            return null;
        }
    }

    /// <summary>True when the key is set.</summary>
    public bool Contains(string key) => this[key] is not null;

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();

    // ---- typed getters -------------------------------------------------------------------

    /// <summary>An integer attribute, or <paramref name="def"/> when unset.</summary>
    public int GetInt(string key, int def) => this[key] is { } s && !IsNone(s) ? ParseInt(key, s) : def;

    /// <summary>A required integer attribute.</summary>
    public int GetInt(string op, string key) => ParseInt(key, Required(op, key));

    /// <summary>An optional integer (<c>None</c> or unset gives null).</summary>
    public int? GetIntOrNull(string key) => this[key] is { } s && !IsNone(s) ? ParseInt(key, s) : null;

    /// <summary>A float attribute, or <paramref name="def"/> when unset.</summary>
    public double GetDouble(string key, double def) => this[key] is { } s && !IsNone(s) ? ParseDouble(key, s) : def;

    /// <summary>A required float attribute.</summary>
    public double GetDouble(string op, string key) => ParseDouble(key, Required(op, key));

    /// <summary>An optional float (<c>None</c> or unset gives null).</summary>
    public double? GetDoubleOrNull(string key) => this[key] is { } s && !IsNone(s) ? ParseDouble(key, s) : null;

    /// <summary>A boolean attribute (<c>True/False/true/false/1/0</c>), or <paramref name="def"/>.</summary>
    public bool GetBool(string key, bool def)
    {
        if (this[key] is not { } s || IsNone(s)) return def;
        return s.Trim() switch
        {
            "True" or "true" or "1" => true,
            "False" or "false" or "0" => false,
            _ => throw new ArgumentException($"attribute '{key}': '{s}' is not a boolean"),
        };
    }

    /// <summary>A string attribute, or <paramref name="def"/>.</summary>
    public string? GetString(string key, string? def) => this[key] is { } s && !IsNone(s) ? s.Trim().Trim('\'', '"') : def;

    /// <summary>A tuple attribute (<c>(3, 3)</c>, <c>[3,3]</c>, <c>3</c>, <c>()</c>), or <paramref name="def"/> when unset or None.</summary>
    public int[]? GetTuple(string key, int[]? def) => this[key] is { } s && !IsNone(s) ? ParseTuple(key, s) : def;

    /// <summary>A required tuple attribute (<c>shape</c> of Reshape, broadcast_to, scatter_nd...).</summary>
    public int[] GetRequiredTuple(string op, string key) => ParseTuple(key, Required(op, key));

    /// <summary>A tuple of optional ints, where <c>None</c> entries become null (slice begin/end).</summary>
    public int?[]? GetOptionalTuple(string key)
    {
        if (this[key] is not { } s || IsNone(s)) return null;
        string body = s.Trim().TrimStart('(', '[').TrimEnd(')', ']');
        if (body.Trim().Length == 0) return Array.Empty<int?>();
        var parts = body.Split(',', StringSplitOptions.TrimEntries);
        int n = parts.Length;
        if (n > 0 && parts[n - 1].Length == 0) n--;
        var r = new int?[n];
        for (int i = 0; i < n; i++) r[i] = IsNone(parts[i]) ? null : ParseInt(key, parts[i]);
        return r;
    }

    /// <summary>A float tuple attribute, or <paramref name="def"/>.</summary>
    public double[]? GetDoubleTuple(string key, double[]? def)
    {
        if (this[key] is not { } s || IsNone(s)) return def;
        string body = s.Trim().TrimStart('(', '[').TrimEnd(')', ']');
        if (body.Trim().Length == 0) return Array.Empty<double>();
        return body.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                   .Select(p => ParseDouble(key, p)).ToArray();
    }

    /// <summary>A dtype attribute, or <paramref name="def"/>.</summary>
    public DType GetDType(string key, DType def) => this[key] is { } s && !IsNone(s) ? DTypeInfo.Parse(s) : def;

    /// <summary>An optional dtype attribute.</summary>
    public DType? GetDTypeOrNull(string key) => this[key] is { } s && !IsNone(s) ? DTypeInfo.Parse(s) : null;

    private string Required(string op, string key) =>
        this[key] is { } s && !IsNone(s) ? s : throw new ArgumentException($"{op}: required attribute '{key}' is missing");

    private static bool IsNone(string s) => s.Trim() is "None" or "none";

    private static int ParseInt(string key, string s)
    {
        string t = s.Trim();
        if (t.EndsWith('L')) t = t[..^1];
        if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v >= int.MinValue && v <= int.MaxValue)
            return (int)v;
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d))
            return (int)d;
        throw new ArgumentException($"attribute '{key}': '{s}' is not an integer");
    }

    private static double ParseDouble(string key, string s)
    {
        string t = s.Trim();
        return t switch
        {
            "inf" or "Infinity" => double.PositiveInfinity,
            "-inf" or "-Infinity" => double.NegativeInfinity,
            "nan" or "NaN" => double.NaN,
            _ => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                ? d : throw new ArgumentException($"attribute '{key}': '{s}' is not a number"),
        };
    }

    private static int[] ParseTuple(string key, string s)
    {
        string body = s.Trim().TrimStart('(', '[').TrimEnd(')', ']');
        if (body.Trim().Length == 0) return Array.Empty<int>();
        var parts = body.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var r = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++) r[i] = ParseInt(key, parts[i]);
        return r;
    }

    // ---- formatting (Python str() spellings) ------------------------------------------

    /// <summary>Formats a value as Python's <c>str()</c> would: <c>True</c>, <c>(3, 3)</c>, <c>1e-05</c>, <c>float32</c>.</summary>
    public static string Format(object value) => value switch
    {
        string s => s,
        bool b => b ? "True" : "False",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        float f => FormatFloat(f),
        double d => FormatFloat(d),
        DType t => t.Name(),
        Shape sh => sh.ToString(),
        int[] a => Shape.Format(a),
        int?[] a => FormatOptionalTuple(a),
        double[] a => a.Length == 1 ? $"({FormatFloat(a[0])},)" : "(" + string.Join(", ", a.Select(FormatFloat)) + ")",
        Enum e => e.ToString().ToLowerInvariant(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string FormatOptionalTuple(int?[] a)
    {
        var parts = a.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "None").ToArray();
        return parts.Length == 1 ? $"({parts[0]},)" : "(" + string.Join(", ", parts) + ")";
    }

    /// <summary>Python float repr: shortest round-trip digits, <c>1.0</c> not <c>1</c>, <c>1e-05</c> for small values.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (double.IsNaN(d)) return "nan";
        string r = d.ToString("R", CultureInfo.InvariantCulture);
        if (r.Contains('E'))
        {
            // C# writes 1E-05; Python writes 1e-05 (exponent with at least two digits).
            var parts = r.Split('E');
            string mant = parts[0];
            int exp = int.Parse(parts[1], CultureInfo.InvariantCulture);
            string sign = exp < 0 ? "-" : "+";
            return $"{mant}e{sign}{Math.Abs(exp):00}";
        }
        if (!r.Contains('.')) r += ".0";
        return r;
    }

    /// <summary><c>{'key': 'value', ...}</c>, for error messages.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < _items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append('\'').Append(_items[i].Key).Append("': '").Append(_items[i].Value).Append('\'');
        }
        return sb.Append('}').ToString();
    }
}
