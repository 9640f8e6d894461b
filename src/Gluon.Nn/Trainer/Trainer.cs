using Gluon.Optimizers;

namespace Gluon;

/// <summary>
/// Applies an optimizer to a set of Parameters (MXNet's <c>gluon.Trainer</c>). Parameter i is the
/// i-th of the list (a dictionary is taken in key order). With several contexts, gradients are
/// summed across the copies through a <see cref="KVStore"/> and every copy receives the same
/// update, either computed once by the store (update_on_kvstore) or by one <see cref="Updater"/>
/// per context. <see cref="Step"/> sets <c>rescale_grad = 1/batch_size</c> (times the optimizer's
/// original rescale_grad), reduces the gradients and updates.
/// </summary>
public sealed class Trainer
{
    private readonly List<Parameter> _params = new();
    private readonly IReadOnlyList<Context> _contexts;
    private readonly string? _kvstoreType;
    private readonly bool? _updateOnKvstoreArg;
    private readonly double _scale;
    private List<Updater> _updaters;
    private Optimizer _optimizer;
    private bool _kvInitialized;
    private KVStore? _kvstore;
    private bool? _updateOnKvstore;
    private List<Parameter> _paramsToInit = new();

    /// <summary>A trainer over <paramref name="params"/> (in key order) with the optimizer registered as <paramref name="optimizer"/>.</summary>
    /// <param name="params">The parameters, e.g. <c>net.CollectParams()</c>.</param>
    /// <param name="optimizer">Registry name (<c>sgd</c>, <c>adam</c>, ...).</param>
    /// <param name="optimizerParams">MXNet keyword arguments of the optimizer (<c>learning_rate</c>, <c>momentum</c>, ...).</param>
    /// <param name="kvstore"><c>device</c>, <c>local</c> or null (no store: each context reduces nothing and updates alone).</param>
    /// <param name="updateOnKvstore">Whether the store runs the optimizer; null lets the kvstore type decide (MXNet's default).</param>
    /// <exception cref="ArgumentException">Parameters on different contexts, a bad optimizer name or argument, or an unknown kvstore type.</exception>
    public Trainer(ParameterDict @params, string optimizer, Dictionary<string, object?>? optimizerParams = null, string? kvstore = "device", bool? updateOnKvstore = null)
        : this(Sorted(@params), optimizer, optimizerParams, kvstore, updateOnKvstore) { }

    /// <summary>A trainer over a dictionary of parameters, taken in key order (MXNet sorts dict keys).</summary>
    /// <inheritdoc cref="Trainer(ParameterDict, string, Dictionary{string, object?}?, string?, bool?)"/>
    public Trainer(IReadOnlyDictionary<string, Parameter> @params, string optimizer, Dictionary<string, object?>? optimizerParams = null, string? kvstore = "device", bool? updateOnKvstore = null)
        : this(Sorted(@params), optimizer, optimizerParams, kvstore, updateOnKvstore) { }

    /// <summary>A trainer over a list of parameters (index = position; a repeated parameter is kept once).</summary>
    /// <inheritdoc cref="Trainer(ParameterDict, string, Dictionary{string, object?}?, string?, bool?)"/>
    public Trainer(IEnumerable<Parameter> @params, string optimizer, Dictionary<string, object?>? optimizerParams = null, string? kvstore = "device", bool? updateOnKvstore = null)
        : this(@params, (object)optimizer, optimizerParams, kvstore, updateOnKvstore) { }

    /// <summary>A trainer using an optimizer instance (its param_dict is linked to these parameters).</summary>
    /// <param name="params">The parameters, in key order.</param>
    /// <param name="optimizer">The optimizer; its settings are used as they are.</param>
    /// <param name="kvstore"><c>device</c>, <c>local</c> or null.</param>
    /// <param name="updateOnKvstore">Whether the store runs the optimizer; null lets the kvstore type decide.</param>
    /// <exception cref="ArgumentException">Parameters on different contexts, or an unknown kvstore type.</exception>
    public Trainer(ParameterDict @params, Optimizer optimizer, string? kvstore = "device", bool? updateOnKvstore = null)
        : this(Sorted(@params), optimizer, null, kvstore, updateOnKvstore) { }

    /// <summary>A trainer over a list of parameters using an optimizer instance.</summary>
    /// <inheritdoc cref="Trainer(ParameterDict, Optimizer, string?, bool?)"/>
    public Trainer(IEnumerable<Parameter> @params, Optimizer optimizer, string? kvstore = "device", bool? updateOnKvstore = null)
        : this(@params, (object)optimizer, null, kvstore, updateOnKvstore) { }

    private Trainer(IEnumerable<Parameter> @params, object optimizer, IDictionary<string, object?>? optimizerParams, string? kvstore, bool? updateOnKvstore)
    {
        ArgumentNullException.ThrowIfNull(@params);
        if (kvstore is not (null or "device" or "local"))
            throw new ArgumentException($"Trainer: kvstore must be 'device', 'local' or null, got '{kvstore}' (distributed stores are not implemented)");
        foreach (var p in @params)
        {
            if (p is null) throw new ArgumentException("Trainer: the parameter list contains null");
            if (!_params.Contains(p)) _params.Add(p);
        }
        _contexts = CheckContexts();
        _optimizer = optimizer is Optimizer o ? o : Optimizer.Create((string)optimizer, optimizerParams);
        LinkParamDict(_optimizer);
        _updaters = _contexts.Select(_ => new Updater(_optimizer)).ToList();
        _scale = _optimizer.RescaleGrad;
        _kvstoreType = kvstore;
        _updateOnKvstoreArg = updateOnKvstore;
        // A weak link, so parameters do not keep discarded trainers alive.
        var self = new WeakReference<Trainer>(this);
        foreach (var p in _params) p.DataReset += _ => { if (self.TryGetTarget(out var t)) t.OnDataReset(); };
        ResetKvstore();
    }

    private static IEnumerable<Parameter> Sorted(IEnumerable<KeyValuePair<string, Parameter>> d) =>
        d.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value);

    private IReadOnlyList<Context> CheckContexts()
    {
        IReadOnlyList<Context>? contexts = null;
        foreach (var p in _params)
        {
            var ctx = p.ListCtx();
            if (contexts is not null && !contexts.SequenceEqual(ctx))
                throw new ArgumentException($"Trainer: all Parameters must be initialized on the same set of contexts, but Parameter {p.Name} is initialized on " +
                    $"[{string.Join(", ", ctx)}] while previous Parameters are initialized on [{string.Join(", ", contexts)}].");
            contexts = ctx;
        }
        return contexts ?? [Context.Current];
    }

    private void LinkParamDict(Optimizer opt)
    {
        var d = new Dictionary<int, IParamMultipliers>();
        for (int i = 0; i < _params.Count; i++) d[i] = new ParamMultipliers(_params[i]);
        opt.ParamDict = d;
    }

    /// <summary>Reads the multipliers from the live Parameter, so later changes to lr_mult/wd_mult take effect.</summary>
    private sealed class ParamMultipliers(Parameter p) : IParamMultipliers
    {
        public double LrMult => p.LrMult;
        public double WdMult => p.WdMult;
    }

    /// <summary>The optimizer (replaced by <see cref="LoadStates"/> when the file holds one).</summary>
    public Optimizer Optimizer => _optimizer;

    /// <summary>The parameters in index order.</summary>
    public IReadOnlyList<Parameter> Parameters => _params;

    /// <summary>The kvstore in use once initialized (null with one context or kvstore null).</summary>
    public KVStore? KVStore => _kvstore;

    /// <summary>Whether the kvstore runs the optimizer (null until initialized, and when there is no kvstore).</summary>
    public bool? UpdateOnKvstore => _updateOnKvstore;

    /// <summary>The optimizer's current learning rate (<c>learning_rate</c>).</summary>
    public double LearningRate => _optimizer.LearningRate;

    /// <summary>Sets the optimizer's learning rate (<c>set_learning_rate</c>).</summary>
    /// <exception cref="InvalidOperationException">The optimizer has a scheduler.</exception>
    public void SetLearningRate(double lr) => _optimizer.SetLearningRate(lr);

    // ---- kvstore -------------------------------------------------------------------------------

    private void OnDataReset()
    {
        // The store holds its own weight copy: new data must reach it (MXNet's _reset_kvstore).
        if (_kvInitialized && _updateOnKvstore == true) ResetKvstore();
    }

    private void ResetKvstore()
    {
        _kvInitialized = false;
        _kvstore = null;
        _updateOnKvstore = null;
        _paramsToInit = [.. _params];
    }

    private void InitKvstore()
    {
        // MXNet's _create_kvstore: no store for one device; 'local' turns update_on_kvstore off for huge arrays.
        bool update = (Environment.GetEnvironmentVariable("MXNET_UPDATE_ON_KVSTORE") ?? "1") != "0";
        KVStore? kv = null;
        if (_kvstoreType is not null && _contexts.Count > 1)
        {
            kv = Gluon.KVStore.Create(_kvstoreType);
            if (_kvstoreType == "local" && _params.Where(p => p.IsInitialized).Select(p => p.Data(_contexts[0]).Size).DefaultIfEmpty(0).Max() > 16 * 1024 * 1024)
                update = false;
        }
        if (kv is null) update = false;
        if (_updateOnKvstoreArg is { } explicitArg) update = explicitArg;
        if (kv is not null)
        {
            if (update) kv.SetOptimizer(_optimizer);
            _kvstore = kv;
            _updateOnKvstore = update;
        }
        else
        {
            _kvstore = null;
            _updateOnKvstore = null;
        }
        _kvInitialized = true;
    }

    private void InitParams()
    {
        var waiting = new List<Parameter>();
        if (_kvstore is { } kv)
            foreach (var p in _paramsToInit)
            {
                if (!p.IsInitialized) { waiting.Add(p); continue; }
                var data = p.ListData();
                // Every copy starts equal to the first one.
                kv.Broadcast(_params.IndexOf(p), data[0], data);
            }
        _paramsToInit = waiting;
    }

    private void EnsureKvstore()
    {
        if (!_kvInitialized) InitKvstore();
        if (_paramsToInit.Count > 0) InitParams();
    }

    // ---- steps ---------------------------------------------------------------------------------

    /// <summary>
    /// One optimization step (<c>step</c>): rescale_grad = scale/<paramref name="batchSize"/>, sum the
    /// gradients over contexts, then update every parameter whose grad_req is not null.
    /// </summary>
    /// <param name="batchSize">Total batch size over all contexts; gradients are divided by it.</param>
    /// <param name="ignoreStaleGrad">Skip parameters whose gradient backward did not refresh, instead of failing.</param>
    /// <exception cref="InvalidOperationException">A gradient is stale (not refreshed by backward since the last step) and ignoreStaleGrad is false; nothing is updated.</exception>
    public void Step(int batchSize, bool ignoreStaleGrad = false)
    {
        CheckBatchSize(batchSize);
        _optimizer.RescaleGrad = _scale / batchSize;
        EnsureKvstore();
        if (!ignoreStaleGrad) CheckStale();
        AllreduceGradsImpl();
        UpdateImpl(ignoreStaleGrad);
    }

    /// <summary>
    /// Sums the gradients over contexts, writing the sum into every copy (<c>allreduce_grads</c>);
    /// with <see cref="Update"/>, the split form of <see cref="Step"/> (e.g. to clip gradients in between).
    /// </summary>
    /// <exception cref="InvalidOperationException">The kvstore runs the optimizer (create the trainer with updateOnKvstore: false).</exception>
    public void AllreduceGrads()
    {
        EnsureKvstore();
        if (_kvstore is not null && _updateOnKvstore == true)
            throw new InvalidOperationException("allreduce_grads() when parameters are updated on kvstore is not supported. Try setting `update_on_kvstore` to False when creating trainer.");
        AllreduceGradsImpl();
    }

    /// <summary>Updates the parameters from their (already reduced) gradients (<c>update</c>).</summary>
    /// <exception cref="InvalidOperationException">The kvstore runs the optimizer, or a gradient is stale (see <see cref="Step"/>).</exception>
    public void Update(int batchSize, bool ignoreStaleGrad = false)
    {
        CheckBatchSize(batchSize);
        EnsureKvstore();
        if (_kvstore is not null && _updateOnKvstore == true)
            throw new InvalidOperationException("update() when parameters are updated on kvstore is not supported. Try setting `update_on_kvstore` to False when creating trainer.");
        _optimizer.RescaleGrad = _scale / batchSize;
        if (!ignoreStaleGrad) CheckStale();
        UpdateImpl(ignoreStaleGrad);
    }

    private static void CheckBatchSize(int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Trainer: batch_size must be positive");
    }

    private void CheckStale()
    {
        foreach (var p in _params)
        {
            if (p.GradReq == GradReq.Null) continue;
            foreach (var data in p.ListData())
                if (!data.FreshGrad)
                    throw new InvalidOperationException(
                        $"Gradient of Parameter `{p.Name}` on context {data.Context} has not been updated by backward since last `step`. " +
                        "This could mean a bug in your model that made it only use a subset of the Parameters (Blocks) for this iteration. " +
                        "If you are intentionally only using a subset, call step with ignore_stale_grad=True to suppress this warning " +
                        "and skip updating of Parameters with stale gradient");
        }
    }

    private void AllreduceGradsImpl()
    {
        if (_kvstore is not { } kv) return;
        for (int i = 0; i < _params.Count; i++)
        {
            var p = _params[i];
            if (p.GradReq == GradReq.Null) continue;
            if (_updateOnKvstore == true) kv.PushPull(i, p.ListGrad(), p.ListData());
            else kv.PushPull(i, p.ListGrad());
        }
    }

    private void UpdateImpl(bool ignoreStaleGrad)
    {
        bool onKv = _kvstore is not null && _updateOnKvstore == true;
        for (int i = 0; i < _params.Count; i++)
        {
            var p = _params[i];
            if (p.GradReq == GradReq.Null) continue;
            var data = p.ListData();
            var grads = p.ListGrad();
            for (int c = 0; c < data.Count; c++)
            {
                if (ignoreStaleGrad && !data[c].FreshGrad) continue;
                if (!onKv) _updaters[c].Call(i, grads[c], data[c]);
                data[c].FreshGrad = false;
            }
        }
    }

    // ---- states --------------------------------------------------------------------------------

    /// <summary>
    /// Writes the optimizer states and the optimizer to <paramref name="fname"/> (<c>save_states</c>)
    /// in the format of <see cref="Updater"/>; the previous file is replaced only once the new one is complete.
    /// </summary>
    /// <exception cref="InvalidOperationException">With update_on_kvstore, some parameters are not initialized yet.</exception>
    public void SaveStates(string fname)
    {
        EnsureKvstore();
        if (_updateOnKvstore == true)
        {
            if (_paramsToInit.Count > 0)
                throw new InvalidOperationException("Cannot save trainer states when some parameters are not yet initialized in kvstore.");
            _kvstore!.SaveOptimizerStates(fname, dumpOptimizer: true);
        }
        else StatesFile.Write(fname, _updaters[0].GetStates(dumpOptimizer: true));
    }

    /// <summary>
    /// Restores states and the optimizer written by <see cref="SaveStates"/> (<c>load_states</c>);
    /// every context's updater gets the states and the optimizer is re-linked to these parameters.
    /// </summary>
    /// <exception cref="FormatException">The file is not a states file (the trainer is then unchanged).</exception>
    public void LoadStates(string fname)
    {
        EnsureKvstore();
        if (_updateOnKvstore == true)
        {
            _kvstore!.LoadOptimizerStates(fname);
            _optimizer = _kvstore.Updater!.Optimizer;
        }
        else
        {
            var bytes = StatesFile.Read(fname);
            _updaters[0].SetStates(bytes);
            for (int c = 1; c < _updaters.Count; c++)
            {
                _updaters[c].SetStates(bytes);
                _updaters[c].Optimizer = _updaters[0].Optimizer;
            }
            _optimizer = _updaters[0].Optimizer;
        }
        LinkParamDict(_optimizer);
    }
}
