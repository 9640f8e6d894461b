namespace Gluon.Initializers;

/// <summary>
/// Initializes parameters from saved arrays (MXNet's <c>mx.init.Load(param, default_init=None,
/// verbose=False)</c>). Names lose an <c>arg:</c> or <c>aux:</c> prefix; a parameter whose name
/// is found gets a copy of that array (the shapes must be equal), any other goes to
/// <see cref="DefaultInit"/>, and without one that is an error.
/// </summary>
public sealed class Load : Initializer
{
    private readonly Dictionary<string, NDArray> _param = new(StringComparer.Ordinal);

    /// <summary>Loads from a name → array dictionary.</summary>
    public Load(IReadOnlyDictionary<string, NDArray> param, Initializer? defaultInit = null, bool verbose = false)
        : this(param?.Select(kv => (kv.Key, kv.Value)) ?? throw new ArgumentNullException(nameof(param)), null, defaultInit, verbose)
    {
    }

    /// <summary>Loads from a file written by <c>Nd.Save</c> / <c>mx.nd.save</c> with named arrays.</summary>
    /// <exception cref="ArgumentException">The file holds an unnamed list of arrays.</exception>
    public Load(string fileName, Initializer? defaultInit = null, bool verbose = false)
        : this(ReadFile(fileName), fileName, defaultInit, verbose)
    {
    }

    private Load(IEnumerable<(string Name, NDArray Array)> param, string? fileName, Initializer? defaultInit, bool verbose)
    {
        foreach (var (name, arr) in param)
        {
            ArgumentNullException.ThrowIfNull(arr, $"Load: array '{name}'");
            bool prefixed = name.StartsWith("arg:", StringComparison.Ordinal) || name.StartsWith("aux:", StringComparison.Ordinal);
            _param[prefixed ? name[4..] : name] = arr;
        }
        DefaultInit = defaultInit;
        Verbose = verbose;
        // A dictionary cannot be written as JSON; only a file-based Load round-trips through Dumps.
        Kwargs["param"] = fileName;
        Kwargs["default_init"] = defaultInit?.Dumps();
        Kwargs["verbose"] = verbose;
    }

    /// <summary>Used for names not in the loaded set (null: such names are an error).</summary>
    public Initializer? DefaultInit { get; }

    /// <summary>Whether each parameter's source is logged (see <see cref="Initializer.Logged"/>).</summary>
    public bool Verbose { get; }

    /// <summary>The loaded names (prefixes removed).</summary>
    public IReadOnlyCollection<string> Names => _param.Keys;

    /// <summary>Copies the loaded array named <c>desc.Name</c>, or defers to <see cref="DefaultInit"/>.</summary>
    /// <exception cref="ArgumentException">Shape mismatch, or the name is missing and there is no default.</exception>
    public override void Init(InitDesc desc, NDArray arr)
    {
        ArgumentNullException.ThrowIfNull(desc);
        ArgumentNullException.ThrowIfNull(arr);
        desc.GlobalInit ??= this;
        if (_param.TryGetValue(desc.Name, out var saved))
        {
            if (saved.Shape != arr.Shape)
                throw new ArgumentException($"Parameter {desc.Name} cannot be initialized from loading. Shape mismatch, target {arr.Shape} vs loaded {saved.Shape}");
            Assign(arr, saved);
            if (Verbose) Log($"Initialized {desc.Name} by loading");
            return;
        }
        if (DefaultInit is null)
            throw new ArgumentException($"Cannot Initialize {desc.Name}. Not found in loaded param and no default Initializer is provided.");
        DefaultInit.Init(desc, arr);
        if (Verbose) Log($"Initialized {desc.Name} by default");
    }

    /// <summary>As an explicit <c>__init__</c>: the same lookup as <see cref="Init(InitDesc, NDArray)"/>.</summary>
    protected internal override void InitWeight(InitDesc desc, NDArray arr) => Init(desc, arr);

    private static IReadOnlyList<(string, NDArray)> ReadFile(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var items = Nd.Load(fileName);
        if (items.Count > 0 && items.Any(x => string.IsNullOrEmpty(x.Name)))
            throw new ArgumentException($"Load: '{fileName}' holds an unnamed list of {items.Count} arrays; Load needs a file saved from a name → array dictionary", nameof(fileName));
        return items;
    }
}
