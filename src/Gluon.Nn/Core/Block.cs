using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Gluon.Initializers;

namespace Gluon;

/// <summary>
/// The base of every layer and model (MXNet's <c>gluon.Block</c>): a prefix and parameter dict
/// named as MXNet names them (<c>dense0_</c>, <c>sequential0_dense1_</c>), child blocks, forward
/// hooks, and parameter save/load. <see cref="Forward(NDArray)"/> is ordinary C# over NDArrays,
/// so a plain Block may use any control flow (dynamic graphs).
/// </summary>
/// <remarks>
/// Children and parameters are registered with <see cref="RegisterChild{T}"/> and
/// <see cref="RegisterParameter"/>, the C# counterpart of Python attribute assignment. Blocks
/// and parameters held in fields of a subclass are also registered automatically, under the
/// field name with a leading underscore dropped and the first letter lowercased (field or
/// property <c>Dense0</c> → <c>dense0</c>), the first time the block is called or its
/// parameters or children are listed.
/// </remarks>
public partial class Block
{
    private static readonly ConcurrentDictionary<Type, (FieldInfo Field, string Name)[]> s_fields = new();

    private readonly List<KeyValuePair<string, Block>> _children = new();
    private readonly List<KeyValuePair<string, Parameter>> _regParams = new();
    private readonly List<(object Key, Action<Block, NDArray?[]> Hook)> _preHooks = new();
    private readonly List<(object Key, Action<Block, NDArray?[], NDArray[]> Hook)> _hooks = new();
    private readonly NameManager.BlockScope _scope;
    private bool _scanned;

    /// <summary>
    /// A block named from <paramref name="prefix"/> (null: automatic, e.g. <c>block0_</c>;
    /// "": no prefix and no name scope) whose parameters live in a new dict, or share those of
    /// <paramref name="params"/>.
    /// </summary>
    public Block(string? prefix = null, ParameterDict? @params = null) : this(prefix, @params, null) { }

    /// <summary>
    /// As the public constructor, with the naming hint given explicitly (MXNet's <c>_alias()</c>),
    /// for blocks whose hint depends on constructor arguments (Activation uses its act_type).
    /// </summary>
    protected Block(string? prefix, ParameterDict? @params, string? alias)
    {
        HasEmptyPrefix = prefix == "";
        (Prefix, Params) = NameManager.Create(prefix, @params, alias ?? Alias());
        Name = Prefix.EndsWith('_') ? Prefix[..^1] : Prefix;
        _scope = new NameManager.BlockScope(this);
    }

    /// <summary>The naming hint: the lowercased class name unless a layer says otherwise (conv, pool...).</summary>
    protected virtual string Alias() => GetType().Name.ToLowerInvariant();

    /// <summary>Prefix of this block and of its parameters' names, e.g. <c>dense0_</c>.</summary>
    public string Prefix { get; }

    /// <summary>The prefix without its trailing underscore, e.g. <c>dense0</c>.</summary>
    public string Name { get; }

    /// <summary>This block's own parameters (not its children's; see <see cref="CollectParams"/>).</summary>
    public ParameterDict Params { get; }

    /// <summary>True when constructed with prefix "" (then <see cref="NameScope"/> does nothing).</summary>
    internal bool HasEmptyPrefix { get; }

    /// <summary>
    /// Enters this block's naming scope: blocks created inside are named under this block's
    /// prefix with counters local to it (MXNet's <c>with self.name_scope():</c>).
    /// </summary>
    public IDisposable NameScope() => _scope.Enter();

    /// <summary>The child blocks by attribute name, in registration order.</summary>
    public IReadOnlyList<KeyValuePair<string, Block>> Children
    {
        get { ScanFields(); return _children; }
    }

    /// <summary>The parameters registered on this block by attribute name (MXNet's <c>_reg_params</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, Parameter>> RegisteredParameters
    {
        get { ScanFields(); return _regParams; }
    }

    /// <summary>
    /// Registers <paramref name="block"/> as a child under <paramref name="name"/> (default: the
    /// number of children so far, which gives Sequential its keys 0, 1, ...). Returns the block.
    /// </summary>
    public T RegisterChild<T>(T block, string? name = null) where T : Block
    {
        ArgumentNullException.ThrowIfNull(block);
        OnRegisterChild(block);
        name ??= _children.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        int i = _children.FindIndex(c => c.Key == name);
        if (i >= 0) _children[i] = new(name, block);
        else _children.Add(new(name, block));
        return block;
    }

    /// <summary>Checks a child before registration (HybridBlock accepts only HybridBlocks).</summary>
    protected virtual void OnRegisterChild(Block block) { }

    /// <summary>
    /// Registers <paramref name="parameter"/> under attribute <paramref name="name"/> (used for
    /// structural names in <see cref="SaveParameters"/>). Returns the parameter.
    /// </summary>
    /// <exception cref="InvalidOperationException">The attribute already holds another parameter.</exception>
    public Parameter RegisterParameter(string name, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        foreach (var (k, v) in _regParams)
            if (k == name)
            {
                if (ReferenceEquals(v, parameter)) return parameter;
                throw new InvalidOperationException($"Overriding Parameter attribute {name} of {GetType().Name} '{Name}' is not allowed. If you want to share parameters between blocks, please set 'params' at Block construction instead.");
            }
        _regParams.Add(new(name, parameter));
        return parameter;
    }

    /// <summary>
    /// Gets (or creates) parameter <c>Prefix + name</c> from <see cref="Params"/> and registers
    /// it under <paramref name="name"/> (MXNet's <c>self.name = self.params.get(name, ...)</c>).
    /// </summary>
    protected Parameter GetParameter(string name, GradReq? gradReq = null, Shape? shape = null, DType? dtype = null,
        double? lrMult = null, double? wdMult = null, Initializer? init = null, bool? allowDeferredInit = null, bool? differentiable = null) =>
        RegisterParameter(name, Params.Get(name, gradReq, shape, dtype, lrMult, wdMult, init, allowDeferredInit, differentiable));

    /// <summary>
    /// All parameters of this block and its descendants, in a new dict with this block's prefix;
    /// <paramref name="select"/> keeps names matching the regex at their start (Python's <c>re.match</c>).
    /// </summary>
    public ParameterDict CollectParams(string? select = null)
    {
        ScanFields();
        var ret = new ParameterDict(Params.Prefix);
        if (select is null) ret.Update(Params);
        else
        {
            var re = new Regex(@"\A(?:" + select + ")", RegexOptions.CultureInvariant);
            foreach (var (k, p) in Params)
                if (re.IsMatch(k)) ret.AddExisting(k, p);
        }
        foreach (var (_, child) in _children) ret.Update(child.CollectParams(select));
        return ret;
    }

    /// <summary>
    /// Parameters by structural name: attribute path joined by dots (<c>features.0.weight</c>),
    /// the keys of <see cref="SaveParameters"/> (MXNet's <c>_collect_params_with_prefix</c>).
    /// </summary>
    public virtual IReadOnlyList<KeyValuePair<string, Parameter>> CollectParamsWithPrefix(string prefix = "")
    {
        ScanFields();
        if (prefix.Length > 0) prefix += ".";
        var ret = new List<KeyValuePair<string, Parameter>>();
        foreach (var (k, p) in _regParams) ret.Add(new(prefix + k, p));
        foreach (var (name, child) in _children) ret.AddRange(child.CollectParamsWithPrefix(prefix + name));
        return ret;
    }

    /// <summary>Initializes every parameter of this block and its descendants (see <see cref="ParameterDict.Initialize"/>).</summary>
    public void Initialize(Initializer? init = null, ContextList ctx = default, bool verbose = false, bool forceReinit = false) =>
        CollectParams().Initialize(init, ctx, verbose, forceReinit);

    /// <summary>Calls <paramref name="fn"/> on every descendant (children first, recursively), then on this block.</summary>
    public Block Apply(Action<Block> fn)
    {
        foreach (var (_, child) in Children) child.Apply(fn);
        fn(this);
        return this;
    }

    /// <summary>Converts the parameters of the children, then this block's own, to <paramref name="dtype"/>.</summary>
    public virtual void Cast(DType dtype)
    {
        foreach (var (_, child) in Children) child.Cast(dtype);
        foreach (var p in Params.Values) p.Cast(dtype);
    }

    /// <summary>
    /// Turns hybridization on or off. A plain Block only passes the call on to its children;
    /// HybridBlocks record the flags.
    /// </summary>
    public virtual void Hybridize(bool active = true, bool staticAlloc = false, bool staticShape = false)
    {
        foreach (var (_, child) in Children) child.Hybridize(active, staticAlloc, staticShape);
    }

    /// <summary>Registers <paramref name="hook"/>(block, inputs) to run before every forward.</summary>
    public HookHandle RegisterForwardPreHook(Action<Block, NDArray?[]> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        var key = new object();
        _preHooks.Add((key, hook));
        return new HookHandle(() => _preHooks.RemoveAll(h => h.Key == key));
    }

    /// <summary>Registers <paramref name="hook"/>(block, inputs, outputs) to run after every forward.</summary>
    public HookHandle RegisterForwardHook(Action<Block, NDArray?[], NDArray[]> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        var key = new object();
        _hooks.Add((key, hook));
        return new HookHandle(() => _hooks.RemoveAll(h => h.Key == key));
    }

    /// <summary>True when forward hooks or pre-hooks are registered.</summary>
    protected bool HasHooks => _preHooks.Count > 0 || _hooks.Count > 0;

    /// <summary>Runs the block on one input and returns its (first) output (Python's <c>block(x)</c>).</summary>
    public NDArray Call(NDArray x) => CallMulti(x)[0];

    /// <summary>Runs the block on several inputs (null for an omitted optional one) and returns the first output.</summary>
    public NDArray Call(NDArray x, params NDArray?[] args)
    {
        var inputs = new NDArray?[args.Length + 1];
        inputs[0] = x;
        args.CopyTo(inputs, 1);
        return CallMulti(inputs)[0];
    }

    /// <summary>Runs pre-hooks, the forward pass, then hooks, and returns every output.</summary>
    public NDArray[] CallMulti(params NDArray?[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!_scanned) ScanFields();
        if (_preHooks.Count > 0)
            foreach (var (_, h) in _preHooks.ToArray()) h(this, inputs);
        NDArray[] outputs;
        // Deferred parameters hand out placeholders during a forward pass; the op that first
        // uses one infers its shape and initializes it (MXNet's deferred initialization).
        using (Parameter.AllowPlaceholders()) outputs = CallCore(inputs);
        if (_hooks.Count > 0)
            foreach (var (_, h) in _hooks.ToArray()) h(this, inputs, outputs);
        return outputs;
    }

    /// <summary>The forward step of <see cref="CallMulti"/> (HybridBlock adds context checks).</summary>
    protected virtual NDArray[] CallCore(NDArray?[] inputs) => ForwardMulti(inputs);

    /// <summary>
    /// The forward pass over any number of inputs returning any number of outputs. By default it
    /// dispatches on the input count to <see cref="Forward(NDArray)"/>,
    /// <see cref="Forward(NDArray, NDArray)"/> or <see cref="Forward(NDArray, NDArray, NDArray)"/>;
    /// blocks with more inputs or several outputs override it.
    /// </summary>
    public virtual NDArray[] ForwardMulti(NDArray?[] inputs) => inputs.Length switch
    {
        1 => [Forward(inputs[0] ?? throw new ArgumentNullException(nameof(inputs), $"{GetType().Name} '{Name}': the first input is null"))],
        2 => [Forward(inputs[0]!, inputs[1])],
        3 => [Forward(inputs[0]!, inputs[1], inputs[2])],
        _ => throw new NotImplementedException($"{GetType().Name} '{Name}' does not define a forward pass for {inputs.Length} inputs (override ForwardMulti)"),
    };

    /// <summary>The forward pass for one input. Override it (or another arity) to define the block.</summary>
    public virtual NDArray Forward(NDArray x) =>
        throw new NotImplementedException($"{GetType().Name} '{Name}' does not define Forward(x)");

    /// <summary>The forward pass for two inputs (the second may be null when optional).</summary>
    public virtual NDArray Forward(NDArray x, NDArray? y) =>
        throw new NotImplementedException($"{GetType().Name} '{Name}' does not define Forward(x, y)");

    /// <summary>The forward pass for three inputs (later ones may be null when optional).</summary>
    public virtual NDArray Forward(NDArray x, NDArray? y, NDArray? z) =>
        throw new NotImplementedException($"{GetType().Name} '{Name}' does not define Forward(x, y, z)");

    /// <summary>MXNet's repr: <c>ClassName(\n  (child): repr\n)</c>.</summary>
    public override string ToString()
    {
        var children = Children;
        if (children.Count == 0) return GetType().Name + "(\n\n)";
        var sb = new StringBuilder(GetType().Name).Append("(\n");
        for (int i = 0; i < children.Count; i++)
        {
            sb.Append("  (").Append(children[i].Key).Append("): ").Append(Indent(children[i].Value.ToString(), 2));
            sb.Append(i + 1 < children.Count ? "\n" : "\n");
        }
        return sb.Append(')').ToString();
    }

    /// <summary>Indents every line after the first by <paramref name="n"/> spaces (MXNet's <c>_indent</c>).</summary>
    protected static string Indent(string s, int n) => s.Replace("\n", "\n" + new string(' ', n));

    /// <summary>
    /// Registers blocks and parameters held in fields of subclasses that were not registered
    /// explicitly (the counterpart of Python's attribute assignment).
    /// </summary>
    private void ScanFields()
    {
        _scanned = true;
        foreach (var (field, name) in s_fields.GetOrAdd(GetType(), FieldsOf))
        {
            switch (field.GetValue(this))
            {
                case Block b when !ReferenceEquals(b, this) && !_children.Any(c => ReferenceEquals(c.Value, b)):
                    RegisterChild(b, UniqueChildName(name));
                    break;
                case Parameter p when !_regParams.Any(r => ReferenceEquals(r.Value, p)):
                    if (!_regParams.Any(r => r.Key == name)) _regParams.Add(new(name, p));
                    break;
            }
        }
    }

    private string UniqueChildName(string name) => _children.Any(c => c.Key == name) ? name + "_" + _children.Count : name;

    private static (FieldInfo, string)[] FieldsOf(Type t)
    {
        var chain = new List<Type>();
        for (var c = t; c is not null && c != typeof(Block); c = c.BaseType) chain.Add(c);
        chain.Reverse();
        var list = new List<(FieldInfo, string)>();
        foreach (var c in chain)
        {
            // Blocks of this library register their children explicitly; scanning them would
            // only find the same objects again.
            if (c.Assembly == typeof(Block).Assembly) continue;
            foreach (var f in c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!typeof(Block).IsAssignableFrom(f.FieldType) && !typeof(Parameter).IsAssignableFrom(f.FieldType)) continue;
                list.Add((f, AttributeName(f.Name)));
            }
        }
        return list.ToArray();
    }

    private static string AttributeName(string field)
    {
        if (field.StartsWith('<') && field.IndexOf('>') is int e and > 1) field = field[1..e];
        field = field.TrimStart('_');
        return field.Length == 0 ? "field" : char.ToLowerInvariant(field[0]) + field[1..];
    }
}
