using System.Collections;
using System.Text;
using Gluon.Initializers;

namespace Gluon;

/// <summary>
/// An ordered map from full names to <see cref="Parameter"/>s (MXNet's
/// <c>gluon.ParameterDict</c>). <see cref="Get"/> prepends <see cref="Prefix"/> and finds or
/// creates; a <c>shared</c> dict is searched for names this one lacks, which is how blocks share
/// weights.
/// </summary>
public sealed class ParameterDict : IEnumerable<KeyValuePair<string, Parameter>>
{
    private readonly Dictionary<string, Parameter> _params = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();

    /// <summary>An empty dict whose <see cref="Get"/> prepends <paramref name="prefix"/> and falls back on <paramref name="shared"/>.</summary>
    public ParameterDict(string prefix = "", ParameterDict? shared = null)
    {
        Prefix = prefix ?? "";
        Shared = shared;
    }

    /// <summary>Prepended to names by <see cref="Get"/> and <see cref="GetConstant"/>.</summary>
    public string Prefix { get; }

    /// <summary>The dict searched for names this one lacks.</summary>
    public ParameterDict? Shared { get; }

    /// <summary>Number of parameters.</summary>
    public int Count => _order.Count;

    /// <summary>Full names in insertion order.</summary>
    public IReadOnlyList<string> Keys => _order;

    /// <summary>Parameters in insertion order.</summary>
    public IEnumerable<Parameter> Values => _order.Select(k => _params[k]);

    /// <summary>The parameter of full name <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter; the message lists the names.</exception>
    public Parameter this[string name] => _params.TryGetValue(name, out var p) ? p
        : throw new KeyNotFoundException($"ParameterDict '{Prefix}' has no parameter '{name}'; it holds: {Brief(_order)}");

    /// <summary>Whether a parameter of full name <paramref name="name"/> is here.</summary>
    public bool ContainsKey(string name) => _params.ContainsKey(name);

    /// <summary>Looks up a parameter by full name.</summary>
    public bool TryGetValue(string name, out Parameter parameter) => _params.TryGetValue(name, out parameter!);

    private Parameter? TryGetShared(string fullName)
    {
        if (_params.TryGetValue(fullName, out var p)) return p;
        if (Shared is not null && Shared._params.TryGetValue(fullName, out p))
        {
            Add(fullName, p);
            return p;
        }
        return null;
    }

    private void Add(string name, Parameter p)
    {
        _params.Add(name, p);
        _order.Add(name);
    }

    /// <summary>
    /// The parameter <see cref="Prefix"/> + <paramref name="name"/>: from this dict, else from
    /// the shared dict (then kept here too), else a new one with the given attributes. For an
    /// existing parameter each given attribute is reconciled: unknown shape dims are filled,
    /// unset attributes are set, and a conflicting value is an error.
    /// </summary>
    /// <exception cref="ArgumentException">A given attribute conflicts with the stored one.</exception>
    public Parameter Get(string name, GradReq? gradReq = null, Shape? shape = null, DType? dtype = null,
        double? lrMult = null, double? wdMult = null, Initializer? init = null, bool? allowDeferredInit = null,
        bool? differentiable = null, string? stype = null, string? gradStype = null)
    {
        string full = Prefix + name;
        var p = TryGetShared(full);
        if (p is null)
        {
            p = new Parameter(full, gradReq ?? GradReq.Write, shape, dtype ?? DType.Float32, lrMult ?? 1.0, wdMult ?? 1.0, init,
                allowDeferredInit ?? false, differentiable ?? true, stype ?? "default", gradStype ?? "default");
            Add(full, p);
            return p;
        }
        if (shape is Shape s)
        {
            if (p.Shape is Shape old && old.Rank == s.Rank)
            {
                var merged = new int[s.Rank];
                for (int i = 0; i < s.Rank; i++)
                {
                    if (old[i] != s[i] && old[i] != 0 && s[i] != 0)
                        throw new ArgumentException($"Cannot retrieve Parameter '{full}' because desired attribute does not match with stored for attribute 'shape': desired '{s}' vs stored '{old}'.");
                    merged[i] = Math.Max(old[i], s[i]);
                }
                p.Shape = new Shape(merged);
            }
            else if (p.Shape is Shape o2)
                throw new ArgumentException($"Cannot retrieve Parameter '{full}' because desired attribute does not match with stored for attribute 'shape': desired '{s}' vs stored '{o2}'.");
            else p.Shape = s;
        }
        if (dtype is DType dt && dt != p.DType) Mismatch(full, "dtype", dt.Name(), p.DType.Name());
        if (gradReq is GradReq gr && gr != p.GradReq && p.Differentiable) Mismatch(full, "grad_req", gr, p.GradReq);
        if (lrMult is double lr && lr != p.LrMult) Mismatch(full, "lr_mult", lr, p.LrMult);
        if (wdMult is double wd && wd != p.WdMult) Mismatch(full, "wd_mult", wd, p.WdMult);
        if (init is not null)
        {
            if (p.Init is null) p.Init = init;
            else if (!ReferenceEquals(p.Init, init) && p.Init.Dumps() != init.Dumps()) Mismatch(full, "init", init.Dumps(), p.Init.Dumps());
        }
        if (allowDeferredInit is bool ad && ad != p.AllowDeferredInit) Mismatch(full, "allow_deferred_init", ad, p.AllowDeferredInit);
        if (differentiable is bool df && df != p.Differentiable) Mismatch(full, "differentiable", df, p.Differentiable);
        if (stype is not null && stype != p.Stype) Mismatch(full, "stype", stype, p.Stype);
        if (gradStype is not null && gradStype != p.GradStype) Mismatch(full, "grad_stype", gradStype, p.GradStype);
        return p;
    }

    private static void Mismatch(string full, string attr, object desired, object stored) =>
        throw new ArgumentException($"Cannot retrieve Parameter '{full}' because desired attribute does not match with stored for attribute '{attr}': desired '{desired}' vs stored '{stored}'.");

    /// <summary>
    /// The constant <see cref="Prefix"/> + <paramref name="name"/>: found as in <see cref="Get"/>,
    /// else created from <paramref name="value"/>. A found constant must equal a given value.
    /// </summary>
    /// <exception cref="KeyNotFoundException">Not found and no value given.</exception>
    public Constant GetConstant(string name, NDArray? value = null)
    {
        string full = Prefix + name;
        var p = TryGetShared(full);
        if (p is null)
        {
            if (value is null)
                throw new KeyNotFoundException($"No constant named '{full}'. Please specify value if you want to create a new constant.");
            var c = new Constant(full, value);
            Add(full, c);
            return c;
        }
        if (p is not Constant constant)
            throw new ArgumentException($"Parameter '{full}' already exists but it is not a constant.");
        if (value is not null)
        {
            bool same = constant.Value.Shape == value.Shape && constant.Value.ToArray<double>().AsSpan().SequenceEqual(value.ToArray<double>());
            if (!same)
                throw new ArgumentException($"Constant '{full}' already exists but its value doesn't match new value");
        }
        return constant;
    }

    /// <summary>Adds an existing parameter under <paramref name="name"/> (a no-op when already there).</summary>
    /// <exception cref="ArgumentException">The name is bound to a different parameter.</exception>
    internal void AddExisting(string name, Parameter p)
    {
        if (_params.TryGetValue(name, out var mine))
        {
            if (!ReferenceEquals(mine, p))
                throw new ArgumentException($"Cannot update self with other because they have different Parameters with the same name '{name}'");
            return;
        }
        Add(name, p);
    }

    /// <summary>Copies the entries of <paramref name="other"/> into this dict.</summary>
    /// <exception cref="ArgumentException">A name already bound to a different parameter object.</exception>
    public void Update(ParameterDict other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var k in other._order)
            if (_params.TryGetValue(k, out var mine) && !ReferenceEquals(mine, other._params[k]))
                throw new ArgumentException($"Cannot update self with other because they have different Parameters with the same name '{k}'");
        foreach (var k in other._order)
            if (!_params.ContainsKey(k)) Add(k, other._params[k]);
    }

    /// <summary>
    /// Initializes every parameter on <paramref name="ctx"/>, with <paramref name="init"/>
    /// (default <see cref="Uniform"/>) as the global default under each parameter's own initializer.
    /// With <paramref name="verbose"/>, switches the initializer's verbose mode on (MXNet's
    /// <c>init.set_verbosity(verbose=True)</c>), so each filled array is logged through
    /// <see cref="Initializer.Logged"/>.
    /// </summary>
    public void Initialize(Initializer? init = null, ContextList ctx = default, bool verbose = false, bool forceReinit = false)
    {
        init ??= new Uniform();
        if (verbose) init.SetVerbosity(true);
        foreach (var p in Values) p.Initialize(null, ctx, init, forceReinit);
    }

    /// <summary>Sets every gradient to 0.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Values) p.ZeroGrad();
    }

    /// <summary>Moves every parameter to <paramref name="ctx"/>.</summary>
    public void ResetCtx(ContextList ctx)
    {
        foreach (var p in Values) p.ResetCtx(ctx);
    }

    /// <summary>The contexts of all parameters, in first-seen order.</summary>
    public IReadOnlyList<Context> ListCtx()
    {
        var list = new List<Context>();
        foreach (var p in Values)
            foreach (var c in p.ListCtx())
                if (!list.Contains(c)) list.Add(c);
        return list;
    }

    /// <summary>
    /// Sets attribute <paramref name="name"/> (MXNet spelling: grad_req, lr_mult, wd_mult,
    /// dtype, init, allow_deferred_init) on every parameter, e.g. <c>SetAttr("grad_req", "null")</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown attribute or a value of the wrong type.</exception>
    public void SetAttr(string name, object value)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Action<Parameter> set;
        switch (name)
        {
            case "grad_req": { var g = ParseGradReq(value); set = p => p.GradReq = g; break; }
            case "lr_mult": { double lr = Convert.ToDouble(value, inv); set = p => p.LrMult = lr; break; }
            case "wd_mult": { double wd = Convert.ToDouble(value, inv); set = p => p.WdMult = wd; break; }
            case "dtype": { var dt = value is DType d ? d : DTypeInfo.Parse(value.ToString()!); set = p => p.Cast(dt); break; }
            case "init": { var i = Initializer.Create(value); set = p => p.Init = i; break; }
            case "allow_deferred_init": { bool b = Convert.ToBoolean(value, inv); set = p => p.AllowDeferredInit = b; break; }
            default:
                throw new ArgumentException($"ParameterDict.SetAttr: unknown attribute '{name}' (known: grad_req, lr_mult, wd_mult, dtype, init, allow_deferred_init)");
        }
        foreach (var p in Values) set(p);
    }

    internal static GradReq ParseGradReq(object value) => value switch
    {
        GradReq g => g,
        "write" => GradReq.Write,
        "add" => GradReq.Add,
        "null" => GradReq.Null,
        _ => throw new ArgumentException($"grad_req must be 'write', 'add' or 'null', got '{value}'"),
    };

    /// <summary>
    /// Saves every parameter (its <see cref="Parameter.Reduce"/>d value) to <paramref name="filename"/>
    /// under its name with <paramref name="stripPrefix"/> removed (MXNet's legacy format).
    /// </summary>
    /// <exception cref="ArgumentException">A name does not start with <paramref name="stripPrefix"/>.</exception>
    public void Save(string filename, string stripPrefix = "")
    {
        var arrays = new Dictionary<string, NDArray>();
        foreach (var (name, p) in this)
        {
            if (!name.StartsWith(stripPrefix, StringComparison.Ordinal))
                throw new ArgumentException($"Prefix '{stripPrefix}' is to be striped before saving, but Parameter's name '{name}' does not start with '{stripPrefix}'. This may be due to your Block shares parameters from other Blocks or you forgot to use 'using (NameScope())' when creating child blocks.");
            arrays[name[stripPrefix.Length..]] = p.Reduce();
        }
        Nd.Save(filename, arrays);
    }

    /// <summary>
    /// Loads parameters from <paramref name="filename"/>: <c>arg:</c>/<c>aux:</c> prefixes are
    /// removed, <paramref name="restorePrefix"/> prepended. Unless <paramref name="allowMissing"/>
    /// every parameter must be in the file; unless <paramref name="ignoreExtra"/> every name in
    /// the file must be a parameter. Everything is checked before anything changes.
    /// </summary>
    public void Load(string filename, ContextList ctx = default, bool allowMissing = false, bool ignoreExtra = false,
        string restorePrefix = "", bool castDtype = false, string dtypeSource = "current")
    {
        if (restorePrefix.Length > 0)
            foreach (var name in _order)
                if (!name.StartsWith(restorePrefix, StringComparison.Ordinal))
                    throw new ArgumentException($"restore_prefix is '{restorePrefix}' but Parameters name '{name}' does not start with '{restorePrefix}'");
        var loaded = Nd.Load(filename);
        LoadDict(loaded, ctx, allowMissing, ignoreExtra, restorePrefix, $"file: {filename}", castDtype, dtypeSource);
    }

    /// <summary>As <see cref="Load"/>, from arrays already in memory (MXNet's <c>load_dict</c>).</summary>
    public void LoadDict(IEnumerable<(string Name, NDArray Array)> arrays, ContextList ctx = default, bool allowMissing = false,
        bool ignoreExtra = false, string restorePrefix = "", string? source = null, bool castDtype = false, string dtypeSource = "current")
    {
        source ??= "param_dict";
        var argDict = new Dictionary<string, NDArray>(StringComparer.Ordinal);
        var fileOrder = new List<string>();
        foreach (var (rawName, arr) in arrays)
        {
            if (string.IsNullOrEmpty(rawName))
                throw new InvalidDataException($"{source}: holds arrays without names; parameters can only be loaded by name");
            string k = rawName.StartsWith("arg:", StringComparison.Ordinal) || rawName.StartsWith("aux:", StringComparison.Ordinal) ? rawName[4..] : rawName;
            argDict[restorePrefix + k] = arr;
            fileOrder.Add(restorePrefix + k);
        }
        int lp = restorePrefix.Length;
        if (!allowMissing)
            foreach (var name in _order)
                if (!argDict.ContainsKey(name))
                    throw new InvalidDataException($"Parameter '{name[lp..]}' is missing in {source}, which contains parameters: {Brief(fileOrder.Select(n => n[lp..]))}. Please make sure source and target networks have the same prefix.");
        foreach (var name in fileOrder)
            if (!_params.ContainsKey(name) && !ignoreExtra)
                throw new InvalidDataException($"Parameter '{name[lp..]}' loaded from {source} is not present in ParameterDict, choices are: {Brief(_order.Select(n => n[lp..]))}. Set ignoreExtra=true to ignore. Please make sure source and target networks have the same prefix.");
        foreach (var (name, arr) in argDict)
            if (_params.TryGetValue(name, out var p)) p.CheckLoad(arr, castDtype, dtypeSource, source);
        foreach (var (name, arr) in argDict)
            if (_params.TryGetValue(name, out var p)) p.LoadInit(arr, ctx, castDtype, dtypeSource);
    }

    /// <summary>MXNet's <c>_brief_print_list</c>: up to 10 quoted names, eliding the middle.</summary>
    internal static string Brief(IEnumerable<string> names, int limit = 10)
    {
        var list = names.ToList();
        static string Q(IEnumerable<string> l) => string.Join(", ", l.Select(n => $"'{n}'"));
        if (list.Count > limit) return Q(list.Take(limit / 2)) + ", ..., " + Q(list.Skip(list.Count - limit / 2));
        return Q(list);
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Parameter>> GetEnumerator()
    {
        foreach (var k in _order) yield return new KeyValuePair<string, Parameter>(k, _params[k]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>MXNet's repr: the prefix, then one parameter per line.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Prefix).Append(" (\n");
        foreach (var p in Values) sb.Append("  ").Append(p).Append('\n');
        return sb.Append(')').ToString();
    }
}
