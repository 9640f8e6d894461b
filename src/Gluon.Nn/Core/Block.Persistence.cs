namespace Gluon;

public partial class Block
{
    /// <summary>
    /// Saves every parameter under its structural name (<c>features.0.weight</c>) in MXNet's
    /// NDArray-list format (MXNet 1.3+ <c>save_parameters</c>). With <paramref name="deduplicate"/>
    /// a parameter shared by several blocks is written once, under its last structural name.
    /// The previous file is replaced only once the new one is complete.
    /// </summary>
    public void SaveParameters(string filename, bool deduplicate = false)
    {
        var entries = CollectParamsWithPrefix();
        if (deduplicate)
        {
            var lastName = new Dictionary<Parameter, string>(ReferenceEqualityComparer.Instance);
            var order = new List<Parameter>();
            foreach (var (k, p) in entries)
            {
                if (!lastName.ContainsKey(p)) order.Add(p);
                lastName[p] = k;
            }
            entries = order.Select(p => new KeyValuePair<string, Parameter>(lastName[p], p)).ToList();
        }
        var arrays = new Dictionary<string, NDArray>(StringComparer.Ordinal);
        foreach (var (k, p) in entries) arrays[k] = p.Reduce();
        Nd.Save(filename, arrays);
    }

    /// <summary>
    /// Loads parameters saved by <see cref="SaveParameters"/> (structural names) or, when no
    /// name in the file contains a dot, a legacy file of full names (<c>dense0_weight</c>,
    /// optionally <c>arg:</c>/<c>aux:</c>) through <see cref="ParameterDict.Load"/> with this
    /// block's prefix restored. Unless <paramref name="allowMissing"/> every parameter must be in
    /// the file (a shared parameter under any of its names); unless <paramref name="ignoreExtra"/>
    /// every name in the file must be a parameter. Everything is checked before any parameter
    /// changes, so a failed load leaves the block as it was.
    /// </summary>
    /// <exception cref="InvalidDataException">Missing or extra names (listed), or shape/dtype mismatches.</exception>
    public void LoadParameters(string filename, ContextList ctx = default, bool allowMissing = false, bool ignoreExtra = false,
        bool castDtype = false, string dtypeSource = "current")
    {
        var loaded = Nd.Load(filename);
        var entries = CollectParamsWithPrefix();
        if (loaded.Count == 0 && entries.Count == 0) return;
        if (!loaded.Any(e => e.Name.Contains('.')))
        {
            CollectParams().LoadDict(loaded, ctx, allowMissing, ignoreExtra, Prefix, $"file: {filename}", castDtype, dtypeSource);
            return;
        }
        var byName = new Dictionary<string, NDArray>(StringComparer.Ordinal);
        foreach (var (n, a) in loaded) byName[n] = a;
        var structural = new Dictionary<string, Parameter>(StringComparer.Ordinal);
        foreach (var (k, p) in entries) structural[k] = p;
        if (!allowMissing)
        {
            var aliases = new Dictionary<Parameter, List<string>>(ReferenceEqualityComparer.Instance);
            foreach (var (k, p) in entries)
            {
                if (!aliases.TryGetValue(p, out var names)) aliases[p] = names = new List<string>();
                names.Add(k);
            }
            foreach (var (k, p) in entries)
                if (!aliases[p].Any(byName.ContainsKey))
                    throw new InvalidDataException($"Parameter '{k}' is missing in file '{filename}', which contains parameters: {ParameterDict.Brief(byName.Keys)}. Set allowMissing=true to ignore missing parameters.");
        }
        foreach (var n in byName.Keys)
            if (!ignoreExtra && !structural.ContainsKey(n))
                throw new InvalidDataException($"Parameter '{n}' loaded from file '{filename}' is not present in ParameterDict, which contains parameters {ParameterDict.Brief(structural.Keys)}. Set ignoreExtra=true to ignore.");
        foreach (var (n, a) in byName)
            if (structural.TryGetValue(n, out var p)) p.CheckLoad(a, castDtype, dtypeSource, $"file: {filename}");
        foreach (var (n, a) in byName)
            if (structural.TryGetValue(n, out var p)) p.LoadInit(a, ctx, castDtype, dtypeSource);
    }

    /// <summary>
    /// Deprecated (MXNet's <c>save_params</c>): warns, then saves the parameters under their full
    /// names with this block's prefix stripped (the legacy format). Use <see cref="SaveParameters"/>.
    /// </summary>
    [Obsolete("SaveParams is deprecated as in MXNet; use SaveParameters")]
    public void SaveParams(string filename)
    {
        Warnings.Emit("save_params is deprecated. Please use save_parameters. Note that if you want load from SymbolBlock later, please use export instead.");
        CollectParams().Save(filename, stripPrefix: Prefix);
    }

    /// <summary>Deprecated (MXNet's <c>load_params</c>): warns, then calls <see cref="LoadParameters"/>.</summary>
    [Obsolete("LoadParams is deprecated as in MXNet; use LoadParameters")]
    public void LoadParams(string filename, ContextList ctx = default, bool allowMissing = false, bool ignoreExtra = false)
    {
        Warnings.Emit("load_params is deprecated. Please use load_parameters.");
        LoadParameters(filename, ctx, allowMissing, ignoreExtra);
    }
}
