using System.Text.Json.Nodes;

namespace Gluon.Initializers;

public abstract partial class Initializer
{
    // Registry names are MXNet's (lowercased class names); lookups ignore case.
    static partial void RegisterMore()
    {
        Register("xavier", k => new Xavier(Str(k, "rnd_type", "uniform"), Str(k, "factor_type", "avg"), Num(k, "magnitude", 3)));
        Register("msraprelu", k => new MSRAPrelu(Str(k, "factor_type", "avg"), Num(k, "slope", 0.25)));
        Register("orthogonal", k => new Orthogonal(Num(k, "scale", 1.414), Str(k, "rand_type", "uniform")));
        Register("bilinear", _ => new Bilinear());
        Register("lstmbias", k => new LSTMBias(Num(k, "forget_bias", 1.0)));
        Register("fusedrnn", k => new FusedRNN(
            k?["init"] is JsonNode i ? Create(i is JsonValue v ? v.GetValue<string>() : i.ToJsonString()) : null,
            (int)Num(k, "num_hidden", double.NaN) is var h && h > 0 ? h : throw new ArgumentException("initializer 'fusedrnn' needs kwarg 'num_hidden'"),
            (int)Num(k, "num_layers", double.NaN) is var l && l > 0 ? l : throw new ArgumentException("initializer 'fusedrnn' needs kwarg 'num_layers'"),
            Str(k, "mode", "") is { Length: > 0 } mode ? mode : throw new ArgumentException("initializer 'fusedrnn' needs kwarg 'mode'"),
            Flag(k, "bidirectional", false),
            Num(k, "forget_bias", 1.0)));
        Register("mixed", k => new Mixed(
            Strings(k, "patterns", "mixed"),
            Strings(k, "initializers", "mixed", keepJson: true).Select(Create).ToArray()));
        Register("load", k => new Load(
            Str(k, "param", "") is { Length: > 0 } file ? file
                : throw new ArgumentException("initializer 'load' needs kwarg 'param' (a file name); a Load built from a dictionary cannot be re-created from JSON"),
            k?["default_init"] is JsonNode d ? Create(d is JsonValue v ? v.GetValue<string>() : d.ToJsonString()) : null,
            Flag(k, "verbose", false)));
    }

    // A list kwarg of strings; with keepJson, an item that is itself JSON (a nested [name, {...}])
    // is passed on as its text.
    private static string[] Strings(JsonObject? kwargs, string key, string owner, bool keepJson = false)
    {
        if (kwargs?[key] is not JsonArray a)
            throw new ArgumentException($"initializer '{owner}' needs kwarg '{key}' (a list)");
        return a.Select((item, i) => item switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonArray nested when keepJson => nested.ToJsonString(),
            _ => throw new ArgumentException($"initializer '{owner}': item {i} of '{key}' is not a string"),
        }).ToArray();
    }
}
