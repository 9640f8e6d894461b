using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gluon.Initializers;

/// <summary>
/// Fills a parameter array (MXNet's <c>mx.init.Initializer</c>). <see cref="Init(InitDesc, NDArray)"/> dispatches as
/// MXNet does: an explicit <c>__init__</c> attribute runs that initializer's weight rule; otherwise
/// the name decides: <c>*weight</c> → <see cref="InitWeight"/>, <c>*bias</c> → 0,
/// <c>*gamma</c> → 1, <c>*beta</c> → 0, <c>*min</c> → 0, <c>*max</c> → 1, anything else is an
/// error. Subclasses override <see cref="InitWeight"/>. A string converts implicitly through
/// <see cref="Create(string)"/>, so <c>init: "zeros"</c> works as in Python.
/// </summary>
public abstract partial class Initializer
{
    private static readonly Dictionary<string, Func<JsonObject?, Initializer>> s_registry = new(StringComparer.OrdinalIgnoreCase);

    static Initializer()
    {
        Register("zero", _ => new Zero());
        Register("zeros", _ => new Zero());
        Register("one", _ => new One());
        Register("ones", _ => new One());
        Register("constant", k => new Constant(k is not null && k["value"] is JsonValue v ? v.GetValue<double>() : 0.0));
        Register("uniform", k => new Uniform(Num(k, "scale", 0.07)));
        Register("normal", k => new Normal(Num(k, "sigma", 0.01)));
        RegisterMore();
    }

    /// <summary>Extra registrations contributed by other files of this namespace.</summary>
    static partial void RegisterMore();

    /// <summary>Constructor arguments by MXNet name, for <see cref="Dumps"/>.</summary>
    protected Dictionary<string, object?> Kwargs { get; } = new();

    /// <summary>The registry name written by <see cref="Dumps"/> (MXNet: the lowercased class name).</summary>
    protected virtual string RegistryName => GetType().Name.ToLowerInvariant();

    /// <summary>Fills <paramref name="arr"/> in place for the parameter described by <paramref name="desc"/>.</summary>
    public virtual void Init(InitDesc desc, NDArray arr)
    {
        ArgumentNullException.ThrowIfNull(desc);
        ArgumentNullException.ThrowIfNull(arr);
        desc.GlobalInit ??= this;
        if (desc.Attrs.TryGetValue("__init__", out var explicitInit) && explicitInit is not null && explicitInit is not "")
        {
            Create(explicitInit).InitWeight(desc, arr);
            return;
        }
        string n = desc.Name;
        if (n.EndsWith("weight", StringComparison.Ordinal)) InitWeight(desc, arr);
        else if (n.EndsWith("bias", StringComparison.Ordinal)) InitBias(desc, arr);
        else if (n.EndsWith("gamma", StringComparison.Ordinal)) InitGamma(desc, arr);
        else if (n.EndsWith("beta", StringComparison.Ordinal)) InitBeta(desc, arr);
        else if (n.EndsWith("min", StringComparison.Ordinal)) Fill(arr, 0);
        else if (n.EndsWith("max", StringComparison.Ordinal)) Fill(arr, 1);
        else InitDefault(desc, arr);
    }

    /// <summary>Calls <see cref="Init(InitDesc, NDArray)"/> with a description of name <paramref name="name"/>.</summary>
    public void Init(string name, NDArray arr) => Init(new InitDesc(name), arr);

    /// <summary>The rule for weights; every concrete initializer defines it.</summary>
    protected internal abstract void InitWeight(InitDesc desc, NDArray arr);

    /// <summary>Biases start at 0.</summary>
    protected virtual void InitBias(InitDesc desc, NDArray arr) => Fill(arr, 0);

    /// <summary>Scales (gamma) start at 1.</summary>
    protected virtual void InitGamma(InitDesc desc, NDArray arr) => Fill(arr, 1);

    /// <summary>Shifts (beta) start at 0.</summary>
    protected virtual void InitBeta(InitDesc desc, NDArray arr) => Fill(arr, 0);

    /// <summary>Names matching no rule are an error, as in MXNet.</summary>
    protected virtual void InitDefault(InitDesc desc, NDArray arr) =>
        throw new ArgumentException($"Unknown initialization pattern for {desc.Name}. Default initialization is limited to \"weight\", \"bias\", \"gamma\" (1.0) and \"beta\" (0.0); give the parameter an explicit initializer (init:)");

    /// <summary>MXNet's <c>dumps()</c>: <c>["name", {kwargs}]</c> as JSON.</summary>
    public string Dumps()
    {
        var kw = new JsonObject();
        foreach (var (k, v) in Kwargs) kw[k] = v is null ? null : JsonValue.Create(v);
        return new JsonArray(JsonValue.Create(RegistryName), kw).ToJsonString();
    }

    /// <inheritdoc/>
    public override string ToString() => Dumps();

    /// <summary>Writes <paramref name="value"/> into every element of <paramref name="arr"/>.</summary>
    protected static void Fill(NDArray arr, double value) => Nd.Full(arr.Shape, value, arr.DType, arr.Context).CopyTo(arr);

    /// <summary>Copies <paramref name="values"/> (any dtype) into <paramref name="arr"/>, converting the dtype.</summary>
    protected static void Assign(NDArray arr, NDArray values)
    {
        if (values.Shape != arr.Shape)
            throw new ArgumentException($"initializer produced shape {values.Shape} for an array of shape {arr.Shape}");
        (values.DType == arr.DType ? values : values.AsType(arr.DType)).AsInContext(arr.Context).CopyTo(arr);
    }

    /// <summary>
    /// An initializer from an instance (returned as is), a registered name (case-insensitive:
    /// <c>"zeros"</c>, <c>"xavier"</c>...) or the JSON of <see cref="Dumps"/>.
    /// </summary>
    public static Initializer Create(object init) => init switch
    {
        Initializer i => i,
        string s => Create(s),
        null => throw new ArgumentNullException(nameof(init)),
        _ => throw new ArgumentException($"cannot make an initializer from a {init.GetType().Name}; pass an Initializer, a name or its JSON", nameof(init)),
    };

    /// <summary>An initializer from a registered name or the JSON of <see cref="Dumps"/>.</summary>
    public static Initializer Create(string nameOrJson)
    {
        ArgumentNullException.ThrowIfNull(nameOrJson);
        string s = nameOrJson.Trim();
        if (s.StartsWith('['))
        {
            JsonArray arr;
            try { arr = JsonNode.Parse(s) as JsonArray ?? throw new JsonException("not an array"); }
            catch (JsonException e) { throw new ArgumentException($"initializer JSON '{s}' is not [name, {{kwargs}}]: {e.Message}", nameof(nameOrJson)); }
            if (arr.Count < 1 || arr[0] is not JsonValue nameNode)
                throw new ArgumentException($"initializer JSON '{s}' is not [name, {{kwargs}}]", nameof(nameOrJson));
            return Lookup(nameNode.GetValue<string>())(arr.Count > 1 ? arr[1] as JsonObject : null);
        }
        return Lookup(s)(null);
    }

    /// <summary>Adds (or replaces) a registry entry, as MXNet's <c>@register</c> and <c>@alias</c>.</summary>
    public static void Register(string name, Func<JsonObject?, Initializer> factory)
    {
        lock (s_registry) s_registry[name] = factory;
    }

    /// <summary>Converts a string to the registered initializer of that name or JSON.</summary>
    public static implicit operator Initializer(string nameOrJson) => Create(nameOrJson);

    private static Func<JsonObject?, Initializer> Lookup(string name)
    {
        lock (s_registry)
            return s_registry.TryGetValue(name, out var f) ? f
                : throw new ArgumentException($"unknown initializer '{name}'; registered: {string.Join(", ", s_registry.Keys.Order())}");
    }

    /// <summary>Reads number <paramref name="key"/> from JSON kwargs, or <paramref name="fallback"/>.</summary>
    protected static double Num(JsonObject? kwargs, string key, double fallback) =>
        kwargs?[key] is JsonValue v ? (v.TryGetValue<double>(out var d) ? d : double.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture)) : fallback;

    /// <summary>Reads string <paramref name="key"/> from JSON kwargs, or <paramref name="fallback"/>.</summary>
    protected static string Str(JsonObject? kwargs, string key, string fallback) =>
        kwargs?[key] is JsonValue v ? v.GetValue<string>() : fallback;
}
