using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gluon.Initializers;

/// <summary>
/// Fills a parameter array (MXNet's <c>mx.init.Initializer</c>). <see cref="Init(InitDesc, NDArray)"/> dispatches as
/// MXNet does: an explicit <c>__init__</c> attribute runs that initializer's weight rule; otherwise
/// the name decides: <c>*weight</c> → <see cref="InitWeight"/>, <c>*bias</c> → 0,
/// <c>*gamma</c> → 1, <c>*beta</c> → 0, <c>*min</c> → 0, <c>*max</c> → 1, anything else is an
/// error. <see cref="Init(string, NDArray)"/> is MXNet's legacy name-only dispatch. Subclasses
/// override <see cref="InitWeight"/>. A string converts implicitly through
/// <see cref="Create(string)"/>, so <c>init: "zeros"</c> works as in Python; every initializer
/// prints itself as JSON with <see cref="Dumps"/> and <see cref="Create(string)"/> reads it back.
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
        Register("constant", k => k?["value"] switch
        {
            JsonValue v => new Constant(v.GetValue<double>()),
            JsonArray a => new Constant(ArrayFromJson(a, "constant: value")),
            _ => throw new ArgumentException("initializer 'constant' needs kwarg 'value' (a number or nested lists)"),
        });
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

    /// <summary>
    /// Fills <paramref name="arr"/> in place for the parameter described by <paramref name="desc"/>
    /// (MXNet's <c>__call__(InitDesc, arr)</c>): sets <see cref="InitDesc.GlobalInit"/> to this
    /// initializer when unset, runs an explicit <c>__init__</c> attribute's weight rule, else picks
    /// the rule by the name's suffix (see the class summary; also <c>weight_quantize</c> → one
    /// random int8 value, <c>bias_quantize</c> → 0).
    /// </summary>
    /// <exception cref="ArgumentException">The name matches no rule and no <c>__init__</c> is given.</exception>
    public virtual void Init(InitDesc desc, NDArray arr)
    {
        ArgumentNullException.ThrowIfNull(desc);
        ArgumentNullException.ThrowIfNull(arr);
        desc.GlobalInit ??= this;
        if (desc.Attrs.TryGetValue("__init__", out var explicitInit) && explicitInit is not null && explicitInit is not "")
        {
            Create(explicitInit).InitWeight(desc, arr);
            VerbosePrint(desc, explicitInit is Initializer i ? i.Dumps() : explicitInit.ToString()!, arr);
            return;
        }
        string n = desc.Name;
        string rule;
        if (n.EndsWith("weight", StringComparison.Ordinal)) { InitWeight(desc, arr); rule = "weight"; }
        else if (n.EndsWith("bias", StringComparison.Ordinal)) { InitBias(desc, arr); rule = "bias"; }
        else if (n.EndsWith("gamma", StringComparison.Ordinal)) { InitGamma(desc, arr); rule = "gamma"; }
        else if (n.EndsWith("beta", StringComparison.Ordinal)) { InitBeta(desc, arr); rule = "beta"; }
        else if (n.EndsWith("min", StringComparison.Ordinal)) { Fill(arr, 0); rule = "min"; }
        else if (n.EndsWith("max", StringComparison.Ordinal)) { Fill(arr, 1); rule = "max"; }
        else if (n.EndsWith("weight_quantize", StringComparison.Ordinal)) { InitQuantizedWeight(arr); rule = "weight_quantize"; }
        else if (n.EndsWith("bias_quantize", StringComparison.Ordinal)) { Fill(arr, 0); rule = "bias_quantize"; }
        else { InitDefault(desc, arr); return; }
        VerbosePrint(desc, rule, arr);
    }

    /// <summary>
    /// MXNet's deprecated <c>init(str, arr)</c> (<c>_legacy_init</c>), which dispatches on the bare
    /// name with a longer rule list: <c>upsampling*</c> → bilinear kernel, <c>stn_loc*weight</c> →
    /// 0, <c>stn_loc*bias</c> → the identity affine transform [1,0,0,0,1,0], then <c>bias</c> 0,
    /// <c>gamma</c> 1, <c>beta</c> 0, <c>weight</c> → the weight rule, <c>moving_mean</c> 0,
    /// <c>moving_var</c> 1, <c>moving_inv_var</c> 0, <c>moving_avg</c> 0, <c>min</c> 0,
    /// <c>max</c> 1; anything else is an error. No <c>__init__</c> attribute is consulted.
    /// </summary>
    /// <exception cref="ArgumentException">The name matches no rule, or a <c>stn_loc</c> bias is not 6 long.</exception>
    public void Init(string name, NDArray arr)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(arr);
        var desc = new InitDesc(name);
        bool Ends(string s) => name.EndsWith(s, StringComparison.Ordinal);
        if (name.StartsWith("upsampling", StringComparison.Ordinal)) Bilinear.FillKernel(desc, arr);
        else if (name.StartsWith("stn_loc", StringComparison.Ordinal) && Ends("weight")) Fill(arr, 0);
        else if (name.StartsWith("stn_loc", StringComparison.Ordinal) && Ends("bias"))
        {
            if (arr.Shape.Rank != 1 || arr.Shape[0] != 6)
                throw new ArgumentException($"Initializer: '{name}' (a spatial-transformer localisation bias) must have shape (6,), got {arr.Shape}");
            Assign(arr, Nd.Array(new double[] { 1, 0, 0, 0, 1, 0 }));
        }
        else if (Ends("bias")) InitBias(desc, arr);
        else if (Ends("gamma")) InitGamma(desc, arr);
        else if (Ends("beta")) InitBeta(desc, arr);
        else if (Ends("weight")) InitWeight(desc, arr);
        else if (Ends("moving_mean") || Ends("moving_inv_var") || Ends("moving_avg") || Ends("min")) Fill(arr, 0);
        else if (Ends("moving_var") || Ends("max")) Fill(arr, 1);
        else InitDefault(desc, arr);
    }

    // MXNet draws ONE int in [-127, 127) and broadcasts it over the whole array (randint without
    // a shape gives one value); kept as is.
    private static void InitQuantizedWeight(NDArray arr)
    {
        int v = Nd.Random.RandInt(-127, 127, new Shape(1)).ToArray<int>()[0];
        Fill(arr, v);
    }

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

    /// <summary>
    /// MXNet's <c>dumps()</c>: <c>["name", {kwargs}]</c> as Python's <c>json.dumps</c> writes it,
    /// e.g. <c>["normal", {"sigma": 0.5}]</c>; <see cref="Create(string)"/> reads it back.
    /// </summary>
    public string Dumps()
    {
        var sb = new StringBuilder("[");
        PyJson.Write(sb, RegistryName);
        sb.Append(", {");
        bool first = true;
        foreach (var (k, v) in Kwargs)
        {
            if (!first) sb.Append(", ");
            first = false;
            PyJson.Write(sb, k);
            sb.Append(": ");
            PyJson.Write(sb, v);
        }
        return sb.Append("}]").ToString();
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
            if (arr.Count > 1 && arr[1] is not (null or JsonObject))
                throw new ArgumentException($"initializer JSON '{s}': the second item must be a {{kwargs}} object", nameof(nameOrJson));
            return Create(nameNode.GetValue<string>(), arr.Count > 1 ? (JsonObject?)arr[1] : null);
        }
        return Create(s, null);
    }

    /// <summary>
    /// The initializer registered as <paramref name="name"/> built from keyword arguments
    /// <paramref name="kwargs"/> (MXNet names, e.g. <c>{"rnd_type": "gaussian"}</c>); a keyword
    /// the initializer does not take is an error, as in Python.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name, a bad value, or an unexpected keyword.</exception>
    public static Initializer Create(string name, JsonObject? kwargs)
    {
        ArgumentNullException.ThrowIfNull(name);
        var init = Lookup(name.Trim())(kwargs);
        if (kwargs is not null)
            foreach (var (k, _) in kwargs)
                if (!init.Kwargs.ContainsKey(k))
                    throw new ArgumentException($"initializer '{name}' got an unexpected keyword argument '{k}'; it takes: {string.Join(", ", init.Kwargs.Keys)}");
        return init;
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

    /// <summary>Reads boolean <paramref name="key"/> from JSON kwargs, or <paramref name="fallback"/>.</summary>
    protected static bool Flag(JsonObject? kwargs, string key, bool fallback) =>
        kwargs?[key] is JsonValue v ? (v.TryGetValue<bool>(out var b) ? b : v.GetValue<double>() != 0) : fallback;

    /// <summary>An array (float64) from nested JSON lists of numbers; <paramref name="what"/> names the kwarg in errors.</summary>
    private protected static NDArray ArrayFromJson(JsonNode node, string what)
    {
        var (data, shape) = PyJson.Unnest(node, what);
        return Nd.Array<double>(data, shape);
    }

    /// <summary>Reads string <paramref name="key"/> from JSON kwargs, or <paramref name="fallback"/>.</summary>
    protected static string Str(JsonObject? kwargs, string key, string fallback) =>
        kwargs?[key] is JsonValue v ? v.GetValue<string>() : fallback;
}
