using Gluon.Initializers;

namespace Gluon;

/// <summary>
/// A weight of a Block (MXNet's <c>gluon.Parameter</c>): one data array (and, unless
/// <see cref="GradReq"/> is <see cref="Gluon.GradReq.Null"/>, one gradient array) per context it
/// was initialized on. The shape may have unknown dims (0) until the first forward pass fills
/// them in (deferred initialization).
/// </summary>
public class Parameter
{
    private static readonly string[] s_stypes = ["default", "row_sparse", "csr"];

    [ThreadStatic] private static int t_allowPlaceholders;

    private Shape? _shape;
    private DType _dtype;
    private GradReq _gradReq;
    private List<NDArray>? _data;
    private List<NDArray>? _grad;
    private Context[]? _ctxList;
    private DeferredInit? _deferred;
    private Dictionary<Context, NDArray>? _placeholders;

    /// <summary>What <see cref="Initialize"/> stored while the shape was unknown.</summary>
    private sealed record DeferredInit(Initializer? Init, Context[] Contexts, Initializer DefaultInit, NDArray? Data);

    /// <summary>
    /// Creates parameter <paramref name="name"/>. <paramref name="differentiable"/> false forces
    /// <paramref name="gradReq"/> to null. Sparse storage types are not supported yet.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown storage type.</exception>
    /// <exception cref="NotSupportedException">row_sparse or csr storage.</exception>
    public Parameter(string name, GradReq gradReq = GradReq.Write, Shape? shape = null, DType dtype = DType.Float32,
        double lrMult = 1.0, double wdMult = 1.0, Initializer? init = null, bool allowDeferredInit = false,
        bool differentiable = true, string stype = "default", string gradStype = "default")
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        foreach (var (arg, v) in new[] { (nameof(stype), stype), (nameof(gradStype), gradStype) })
        {
            if (!s_stypes.Contains(v))
                throw new ArgumentException($"Parameter '{name}': {arg} must be one of default, row_sparse, csr, got '{v}'", arg);
            if (v != "default")
                throw new NotSupportedException($"Parameter '{name}': {arg}='{v}' (sparse storage) is not supported yet; use 'default'");
        }
        Differentiable = differentiable;
        _gradReq = differentiable ? gradReq : GradReq.Null;
        _shape = shape;
        _dtype = dtype;
        LrMult = lrMult;
        WdMult = wdMult;
        Init = init;
        AllowDeferredInit = allowDeferredInit;
        Stype = stype;
        GradStype = gradStype;
    }

    /// <summary>The full name, e.g. <c>dense0_weight</c>.</summary>
    public string Name { get; }

    /// <summary>Learning-rate multiplier the Trainer applies to this parameter.</summary>
    public double LrMult { get; set; }

    /// <summary>Weight-decay multiplier the Trainer applies to this parameter.</summary>
    public double WdMult { get; set; }

    /// <summary>This parameter's own initializer (wins over the global default), or null.</summary>
    public Initializer? Init { get; set; }

    /// <summary>Whether <see cref="Initialize"/> may wait for the shape to be inferred.</summary>
    public bool AllowDeferredInit { get; set; }

    /// <summary>False when the parameter never takes gradients (grad_req is forced to null).</summary>
    public bool Differentiable { get; }

    /// <summary>Storage type of the data (only "default" is supported).</summary>
    public string Stype { get; }

    /// <summary>Storage type of the gradient (only "default" is supported).</summary>
    public string GradStype { get; }

    /// <summary>True once data arrays exist.</summary>
    public bool IsInitialized => _data is not null;

    /// <summary>True while initialization waits for the first forward pass to infer the shape.</summary>
    public bool IsDeferred => _data is null && _deferred is not null;

    /// <summary>Set by the Trainer that owns this parameter; told when <see cref="SetData"/> replaces the data.</summary>
    internal Action<Parameter>? DataReset { get; set; }

    /// <summary>
    /// How gradients are written: write (overwrite each backward), add (accumulate; clear with
    /// <see cref="ZeroGrad"/>) or null (none). Setting null after initialization drops the
    /// gradients and detaches the data; setting write/add allocates zeroed gradients.
    /// </summary>
    public virtual GradReq GradReq
    {
        get => _gradReq;
        set
        {
            if (!Enum.IsDefined(value)) throw new ArgumentException($"Parameter '{Name}': grad_req must be write, add or null, got {value}");
            if (!Differentiable) value = GradReq.Null;
            if (_gradReq == value) return;
            _gradReq = value;
            if (value == GradReq.Null && _grad is not null)
            {
                _grad = null;
                for (int i = 0; i < _data!.Count; i++) _data[i] = _data[i].Detach();
            }
            else if (_data is not null) InitGrad();
        }
    }

    /// <summary>
    /// The shape; 0 marks a dim not known yet. A new shape is accepted only with the same rank
    /// and with every known dim unchanged (this is how deferred shapes are completed).
    /// </summary>
    public Shape? Shape
    {
        get => _shape;
        set
        {
            if (value is not Shape s) throw new ArgumentNullException(nameof(value), $"Parameter '{Name}': shape cannot be reset to unknown");
            if (_shape is Shape old)
            {
                bool ok = old.Rank == s.Rank;
                for (int i = 0; ok && i < old.Rank; i++) ok = old[i] == 0 || old[i] == s[i];
                if (!ok) throw new ArgumentException($"Parameter '{Name}': expected shape {s} is incompatible with given shape {old}");
            }
            _shape = s;
        }
    }

    /// <summary>The element type; setting it is <see cref="Cast"/>.</summary>
    public DType DType
    {
        get => _dtype;
        set => Cast(value);
    }

    /// <summary>True when every dim of the shape is known.</summary>
    public bool ShapeIsKnown => _shape is Shape s && ShapeKnown(s);

    private static bool ShapeKnown(Shape s)
    {
        for (int i = 0; i < s.Rank; i++) if (s[i] == 0) return false;
        return true;
    }

    /// <summary>
    /// Initializes data (and gradients) on <paramref name="ctx"/> (default: the current
    /// context). The initializer used is <paramref name="init"/>, else <see cref="Init"/>, else
    /// <paramref name="defaultInit"/> (default <see cref="Uniform"/>). An initialized parameter
    /// is left alone (with a warning) unless <paramref name="forceReinit"/>. With unknown dims
    /// the work is deferred to the first forward pass when <see cref="AllowDeferredInit"/> is set.
    /// </summary>
    /// <exception cref="ArgumentException">The shape has unknown dims and deferral is not allowed.</exception>
    public void Initialize(Initializer? init = null, ContextList ctx = default, Initializer? defaultInit = null, bool forceReinit = false)
    {
        if (_data is not null && !forceReinit)
        {
            Warnings.Emit($"Parameter '{Name}' is already initialized, ignoring. Set forceReinit=true to re-initialize.");
            return;
        }
        var contexts = ctx.Resolve().ToArray();
        init ??= Init;
        defaultInit ??= new Uniform();
        if (!ShapeIsKnown)
        {
            if (!AllowDeferredInit)
                throw new ArgumentException($"Cannot initialize Parameter '{Name}' because it has invalid shape: {ShapeText}.");
            _data = null;
            _grad = null;
            _deferred = new DeferredInit(init, contexts, defaultInit, null);
            _placeholders = null;
            return;
        }
        _data = null;
        _grad = null;
        _deferred = new DeferredInit(init, contexts, defaultInit, null);
        FinishDeferredInit();
    }

    /// <summary>
    /// Completes a deferred initialization once the shape is known (MXNet's
    /// <c>_finish_deferred_init</c>); runs with autograd paused. Data given by
    /// <see cref="SetData"/> meanwhile is used instead of the initializer.
    /// </summary>
    internal void FinishDeferredInit()
    {
        if (_deferred is not { } d) return;
        if (!ShapeIsKnown)
            throw new InvalidOperationException($"Cannot initialize Parameter '{Name}' because it has invalid shape: {ShapeText}. Please specify in_units, in_channels, etc for Blocks.");
        using (Autograd.Pause())
        {
            var data = d.Data;
            if (data is null)
            {
                data = Nd.Zeros(_shape!, _dtype, Context.Cpu());
                var attrs = new Dictionary<string, object?> { ["__init__"] = d.Init };
                d.DefaultInit.Init(new InitDesc(Name, attrs), data);
            }
            InitImpl(data, d.Contexts);
        }
        _deferred = null;
        _placeholders = null;
    }

    private void InitImpl(NDArray data, Context[] contexts)
    {
        var copies = new List<NDArray>(contexts.Length);
        foreach (var c in contexts)
        {
            var copy = data.CopyTo(c);
            copies.Add(copy.DType == _dtype ? copy : copy.AsType(_dtype));
        }
        _ctxList = contexts;
        _data = copies;
        InitGrad();
    }

    private void InitGrad()
    {
        if (_gradReq == GradReq.Null || _data is null) { _grad = null; return; }
        _grad = new List<NDArray>(_data.Count);
        foreach (var d in _data) _grad.Add(Nd.Zeros(d.Shape, d.DType, d.Context));
        Autograd.MarkVariables(_data, _grad, _gradReq);
    }

    /// <summary>
    /// The data on <paramref name="ctx"/>; null means the only copy, or the current context
    /// when there are several.
    /// </summary>
    /// <exception cref="DeferredInitializationError">Initialization waits for the first forward pass.</exception>
    /// <exception cref="InvalidOperationException">Not initialized, or not on <paramref name="ctx"/>.</exception>
    public NDArray Data(Context? ctx = null)
    {
        if (_data is null && _deferred is { } d && t_allowPlaceholders > 0) return Placeholder(d, ctx);
        return CheckAndGet(_data, ctx);
    }

    /// <summary>The data arrays, one per context, in <see cref="ListCtx"/> order.</summary>
    public IReadOnlyList<NDArray> ListData()
    {
        CheckAndGet(_data, null, any: true);
        return _data!.AsReadOnly();
    }

    /// <summary>The gradient on <paramref name="ctx"/> (null as in <see cref="Data"/>).</summary>
    /// <exception cref="InvalidOperationException">grad_req is null, or as <see cref="Data"/>.</exception>
    public NDArray Grad(Context? ctx = null)
    {
        if (_data is not null && _grad is null)
            throw new InvalidOperationException($"Cannot get gradient array for Parameter '{Name}' because grad_req='null'");
        return CheckAndGet(_grad, ctx);
    }

    /// <summary>The gradient arrays, one per context.</summary>
    public IReadOnlyList<NDArray> ListGrad()
    {
        if (_data is not null && _grad is null)
            throw new InvalidOperationException($"Cannot get gradient array for Parameter '{Name}' because grad_req='null'");
        CheckAndGet(_grad, null, any: true);
        return _grad!.AsReadOnly();
    }

    /// <summary>The contexts the parameter lives on (or will, when deferred).</summary>
    /// <exception cref="InvalidOperationException">Not initialized.</exception>
    public IReadOnlyList<Context> ListCtx()
    {
        if (_data is null)
        {
            if (_deferred is { } d) return d.Contexts;
            throw new InvalidOperationException($"Parameter '{Name}' has not been initialized");
        }
        return _ctxList!;
    }

    private NDArray CheckAndGet(List<NDArray>? arrays, Context? ctx, bool any = false)
    {
        if (arrays is not null)
        {
            if (any) return arrays[0];
            if (ctx is null)
            {
                if (arrays.Count == 1) return arrays[0];
                ctx = Context.Current;
            }
            int idx = Array.IndexOf(_ctxList!, ctx.Value);
            if (idx >= 0) return arrays[idx];
            throw new InvalidOperationException($"Parameter '{Name}' was not initialized on context {ctx}. It was only initialized on [{string.Join(", ", _ctxList!)}].");
        }
        if (_deferred is not null)
            throw new DeferredInitializationError($"Parameter '{Name}' has not been initialized yet because initialization was deferred. Actual initialization happens during the first forward pass. Please pass one batch of data through the network before accessing Parameters. You can also avoid deferred initialization by specifying in_units, num_features, etc., for network layers.");
        throw new InvalidOperationException($"Parameter '{Name}' has not been initialized. Note that you should initialize parameters and create Trainer with Block.CollectParams() instead of Block.Params because the later does not include Parameters of nested child Blocks");
    }

    /// <summary>
    /// Inside a Block's forward, a deferred parameter hands out a placeholder; the first op that
    /// uses it infers the shape and initializes the parameter (see <see cref="NDArray.CreateDeferred"/>).
    /// </summary>
    private NDArray Placeholder(DeferredInit d, Context? ctx)
    {
        var c = ctx ?? (d.Contexts.Length == 1 ? d.Contexts[0] : Context.Current);
        if (Array.IndexOf(d.Contexts, c) < 0)
            throw new InvalidOperationException($"Parameter '{Name}' was not initialized on context {c}. It was only initialized on [{string.Join(", ", d.Contexts)}].");
        _placeholders ??= new Dictionary<Context, NDArray>();
        if (_placeholders.TryGetValue(c, out var p)) return p;
        var partial = _shape ?? throw new InvalidOperationException($"Parameter '{Name}' has deferred initialization but no shape at all");
        p = NDArray.CreateDeferred(Name, partial, _dtype, c, full =>
        {
            if (_data is null)
            {
                Shape = full;
                FinishDeferredInit();
            }
            return Data(c);
        });
        _placeholders[c] = p;
        return p;
    }

    /// <summary>Allows deferred parameters to hand out placeholders on this thread until disposed (used by Block calls).</summary>
    internal static IDisposable AllowPlaceholders()
    {
        t_allowPlaceholders++;
        return new PlaceholderScope();
    }

    private sealed class PlaceholderScope : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            t_allowPlaceholders--;
        }
    }

    /// <summary>
    /// Writes <paramref name="data"/> into every copy and takes its shape; while initialization
    /// is deferred, keeps it to be used at completion instead of the initializer.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not initialized and not deferred.</exception>
    public void SetData(NDArray data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var old = _shape;
        Shape = data.Shape;
        if (_data is null)
        {
            if (_deferred is { } d)
            {
                _deferred = d with { Data = data };
                return;
            }
            _shape = old;
            throw new InvalidOperationException($"Parameter '{Name}' has not been initialized");
        }
        foreach (var arr in _data)
        {
            var src = data.DType == arr.DType ? data : data.AsType(arr.DType);
            src.AsInContext(arr.Context).CopyTo(arr);
        }
        DataReset?.Invoke(this);
    }

    /// <summary>Sets every gradient copy to 0 (nothing to do without gradients).</summary>
    public void ZeroGrad()
    {
        if (_grad is null) return;
        foreach (var g in _grad) Nd.Zeros(g.Shape, g.DType, g.Context).CopyTo(g);
    }

    /// <summary>
    /// Moves the parameter to <paramref name="ctx"/>: the copies are averaged on the CPU and
    /// copied to the new contexts; a deferred parameter only changes its future contexts.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither initialized nor deferred.</exception>
    public void ResetCtx(ContextList ctx)
    {
        var contexts = ctx.Resolve().ToArray();
        if (_data is not null)
        {
            using (Autograd.Pause()) InitImpl(Reduce(), contexts);
        }
        else if (_deferred is { } d)
        {
            _deferred = d with { Contexts = contexts };
            _placeholders = null;
        }
        else throw new InvalidOperationException($"Cannot reset context for Parameter '{Name}' because it has not been initialized.");
    }

    /// <summary>
    /// The value on the CPU for saving: the single copy, or the mean of several (MXNet's <c>_reduce</c>).
    /// </summary>
    public NDArray Reduce()
    {
        var data = ListData();
        var cpu = Context.Cpu();
        using var _ = Autograd.Pause();
        if (data.Count == 1) return data[0].CopyTo(cpu);
        var onCpu = data.Select(d => d.CopyTo(cpu)).ToArray();
        return Nd.AddN(onCpu) / data.Count;
    }

    /// <summary>
    /// Changes the dtype; initialized data and gradients are converted (with autograd paused)
    /// and the variables re-marked.
    /// </summary>
    public virtual void Cast(DType dtype)
    {
        _dtype = dtype;
        _placeholders = null;
        if (_data is null) return;
        using (Autograd.Pause())
        {
            for (int i = 0; i < _data.Count; i++) _data[i] = _data[i].AsType(dtype);
            if (_grad is null) return;
            for (int i = 0; i < _grad.Count; i++) _grad[i] = _grad[i].AsType(dtype);
            Autograd.MarkVariables(_data, _grad, _gradReq);
        }
    }

    /// <summary>
    /// Validates loaded <paramref name="data"/> against this parameter without changing
    /// anything (used so that a failed load leaves every parameter as it was).
    /// </summary>
    internal void CheckLoad(NDArray data, bool castDtype, string dtypeSource, string source)
    {
        if (_shape is Shape s)
        {
            bool ok = s.Rank == data.Shape.Rank;
            for (int i = 0; ok && i < s.Rank; i++) ok = s[i] == 0 || s[i] == data.Shape[i];
            if (!ok)
                throw new InvalidDataException($"Failed loading Parameter '{Name}' from saved params ({source}): shape incompatible expected {s} vs saved {data.Shape}");
        }
        if (!castDtype && data.DType != _dtype)
            throw new InvalidDataException($"Failed loading Parameter '{Name}' from saved params ({source}): dtype incompatible expected {_dtype.Name()} vs saved {data.DType.Name()}. Set castDtype=true to cast the dtype of saved params.");
        if (dtypeSource is not ("current" or "saved"))
            throw new ArgumentException($"dtypeSource must be 'current' or 'saved', got '{dtypeSource}'");
    }

    /// <summary>
    /// Loads <paramref name="data"/> (MXNet's <c>_load_init</c>): fills unknown dims, converts
    /// the dtype when <paramref name="castDtype"/> (to the current dtype, or adopts the saved one
    /// with <paramref name="dtypeSource"/> "saved"), then initializes on <paramref name="ctx"/>
    /// (the deferred contexts, else the CPU) or copies into the existing copies.
    /// </summary>
    /// <exception cref="InvalidDataException">Shape or dtype mismatch.</exception>
    public void LoadInit(NDArray data, ContextList ctx = default, bool castDtype = false, string dtypeSource = "current")
    {
        CheckLoad(data, castDtype, dtypeSource, "data");
        Shape = data.Shape;
        if (castDtype)
        {
            if (dtypeSource == "current") data = data.DType == _dtype ? data : data.AsType(_dtype);
            else _dtype = data.DType;
        }
        if (_data is null)
        {
            Context[] contexts = _deferred is { } d ? d.Contexts : ctx.IsDefault ? [Context.Cpu()] : ctx.Resolve().ToArray();
            using (Autograd.Pause()) InitImpl(data, contexts);
            _deferred = null;
            _placeholders = null;
        }
        else
        {
            if (!ctx.IsDefault)
            {
                var want = ctx.Resolve();
                if (want.Count != _ctxList!.Length || want.Except(_ctxList).Any())
                    throw new InvalidOperationException($"Failed to load Parameter '{Name}' on [{string.Join(", ", want)}] because it was previously initialized on [{string.Join(", ", _ctxList)}].");
            }
            if (data.DType != _dtype)
            {
                // dtype_source 'saved' on an initialized parameter: re-create the copies in the saved dtype.
                using (Autograd.Pause()) InitImpl(data, _ctxList!);
            }
            else SetData(data);
        }
    }

    private string ShapeText => _shape?.ToString() ?? "None";

    /// <summary>MXNet's repr: <c>Parameter dense0_weight (shape=(10, 5), dtype=float32)</c>.</summary>
    public override string ToString() => $"{GetType().Name} {Name} (shape={ShapeText}, dtype={_dtype.Name()})";
}
