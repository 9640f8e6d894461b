namespace Gluon.Optimizers;

/// <summary>
/// Base of the optimizers (MXNet's <c>mx.optimizer.Optimizer</c>). Holds the common
/// hyperparameters, per-parameter learning-rate and weight-decay multipliers, and the update
/// counts; subclasses implement <see cref="Update"/> (one step on one weight) and
/// <see cref="CreateState"/>. The rate for index i is
/// <c>(lr_scheduler(num_update) or learning_rate) × lr_mult(i)</c>, where the multiplier comes from
/// the parameter itself (<see cref="ParamDict"/>), else the index entry of <see cref="LrMult"/>,
/// else the entry for the index's name in <see cref="ParamIdx2Name"/>; weight decay likewise.
/// The gradient the rules see is <c>rescale_grad·grad</c>, clipped to ±clip_gradient when set.
/// </summary>
public abstract partial class Optimizer
{
    private readonly Dictionary<int, Dictionary<int, int>> _allIndexUpdateCounts = new() { [0] = new() };
    private Dictionary<int, int> _indexUpdateCount;
    private readonly Dictionary<int, string> _idx2Name;

    /// <summary>Sets the common hyperparameters (MXNet's <c>Optimizer.__init__</c>).</summary>
    /// <param name="learningRate">The rate; 0.01 when null and no scheduler is given. When both are given the scheduler's base_lr is overwritten.</param>
    /// <param name="rescaleGrad">Gradient multiplier, usually 1/batch_size (<c>rescale_grad</c>).</param>
    /// <param name="wd">Weight decay (<c>wd</c>).</param>
    /// <param name="clipGradient">Clip bound of the rescaled gradient, or null (<c>clip_gradient</c>).</param>
    /// <param name="lrScheduler">Learning-rate schedule, or null (<c>lr_scheduler</c>).</param>
    /// <param name="beginNumUpdate">The update count to start from (<c>begin_num_update</c>).</param>
    /// <param name="multiPrecision">Keep float32 master copies of float16 weights (<c>multi_precision</c>).</param>
    /// <param name="paramIdx2Name">Index → parameter name (the Module API's <c>param_idx2name</c>); names not ending in _weight or _gamma get wd_mult 0.</param>
    /// <exception cref="ArgumentException">A negative begin_num_update.</exception>
    protected Optimizer(double? learningRate, double rescaleGrad, double wd, double? clipGradient, LRScheduler? lrScheduler,
        int beginNumUpdate, bool multiPrecision, IReadOnlyDictionary<int, string>? paramIdx2Name)
    {
        if (beginNumUpdate < 0) throw new ArgumentException($"{GetType().Name}: begin_num_update must be non-negative, got {beginNumUpdate}");
        RescaleGrad = rescaleGrad;
        LrScheduler = lrScheduler;
        Lr = learningRate ?? (lrScheduler is null ? 0.01 : null);
        if (lrScheduler is not null && learningRate is { } given) lrScheduler.BaseLr = given;
        Wd = wd;
        ClipGradient = clipGradient;
        BeginNumUpdate = beginNumUpdate;
        NumUpdate = beginNumUpdate;
        MultiPrecision = multiPrecision;
        _idx2Name = paramIdx2Name is null ? new() : new(paramIdx2Name);
        _indexUpdateCount = _allIndexUpdateCounts[0];
        SetLrMult(new Dictionary<string, double>());
        SetWdMult(new Dictionary<string, double>());
    }

    /// <summary>Gradient multiplier (<c>rescale_grad</c>); the Trainer sets it to 1/batch_size on each step.</summary>
    public double RescaleGrad { get; set; }

    /// <summary>The fixed learning rate (<c>lr</c>), or null when a scheduler drives it.</summary>
    public double? Lr { get; private set; }

    /// <summary>Weight decay (<c>wd</c>).</summary>
    public double Wd { get; set; }

    /// <summary>Clip bound of the rescaled gradient, or null for none (<c>clip_gradient</c>).</summary>
    public double? ClipGradient { get; set; }

    /// <summary>The learning-rate schedule, or null (<c>lr_scheduler</c>).</summary>
    public LRScheduler? LrScheduler { get; private set; }

    /// <summary>The update count the optimizer started from (<c>begin_num_update</c>).</summary>
    public int BeginNumUpdate { get; }

    /// <summary>The largest per-index update count so far (<c>num_update</c>); the scheduler reads it.</summary>
    public int NumUpdate { get; private set; }

    /// <summary>Whether float16 weights are updated through float32 master copies (<c>multi_precision</c>).</summary>
    public bool MultiPrecision { get; }

    /// <summary>Index → name, as given (<c>idx2name</c>).</summary>
    public IReadOnlyDictionary<int, string> ParamIdx2Name => _idx2Name;

    /// <summary>
    /// Index → the parameter's multipliers (<c>param_dict</c>, set by the Trainer): when an index is
    /// here its <see cref="IParamMultipliers.LrMult"/> and <see cref="IParamMultipliers.WdMult"/>
    /// are read on every update.
    /// </summary>
    public IDictionary<int, IParamMultipliers> ParamDict { get; set; } = new Dictionary<int, IParamMultipliers>();

    /// <summary>Learning-rate multipliers by parameter name (<c>lr_mult</c> with string keys).</summary>
    public IReadOnlyDictionary<string, double> LrMult { get; private set; } = new Dictionary<string, double>();

    /// <summary>Learning-rate multipliers by index (<c>lr_mult</c> with int keys).</summary>
    public IReadOnlyDictionary<int, double> LrMultByIndex { get; private set; } = new Dictionary<int, double>();

    /// <summary>Weight-decay multipliers by parameter name (<c>wd_mult</c> with string keys).</summary>
    public IReadOnlyDictionary<string, double> WdMult { get; private set; } = new Dictionary<string, double>();

    /// <summary>Weight-decay multipliers by index (<c>wd_mult</c> with int keys).</summary>
    public IReadOnlyDictionary<int, double> WdMultByIndex { get; private set; } = new Dictionary<int, double>();

    /// <summary>The update count of each index on the current device (<c>_index_update_count</c>).</summary>
    public IReadOnlyDictionary<int, int> IndexUpdateCount => _indexUpdateCount;

    /// <summary>The current learning rate: the scheduler's rate at <see cref="NumUpdate"/>, else <see cref="Lr"/> (<c>learning_rate</c>).</summary>
    public double LearningRate => LrScheduler is { } s ? s.GetLearningRate(NumUpdate) : Lr!.Value;

    /// <summary>Sets the fixed learning rate (<c>set_learning_rate</c>).</summary>
    /// <exception cref="InvalidOperationException">A scheduler is set (it owns the rate).</exception>
    public void SetLearningRate(double lr)
    {
        if (LrScheduler is not null)
            throw new InvalidOperationException("LRScheduler of the optimizer has already been defined. Note that set_learning_rate can mutate " +
                "the value of the learning rate of the optimizer only when the LRScheduler of the optimizer is undefined.");
        Lr = lr;
    }

    /// <summary>Replaces the learning-rate multipliers (<c>set_lr_mult</c>); keys are parameter names or, in <paramref name="byIndex"/>, indices.</summary>
    public void SetLrMult(IReadOnlyDictionary<string, double> argsLrMult, IReadOnlyDictionary<int, double>? byIndex = null)
    {
        LrMult = new Dictionary<string, double>(argsLrMult);
        LrMultByIndex = byIndex is null ? new Dictionary<int, double>() : new Dictionary<int, double>(byIndex);
    }

    /// <summary>
    /// Replaces the weight-decay multipliers (<c>set_wd_mult</c>). First every name in
    /// <see cref="ParamIdx2Name"/> that is not a weight gets 0 (<see cref="IsDecayedName"/>), then the given entries apply.
    /// </summary>
    public void SetWdMult(IReadOnlyDictionary<string, double> argsWdMult, IReadOnlyDictionary<int, double>? byIndex = null)
    {
        var d = new Dictionary<string, double>();
        foreach (var n in _idx2Name.Values)
            if (!IsDecayedName(n)) d[n] = 0.0;
        foreach (var kv in argsWdMult) d[kv.Key] = kv.Value;
        WdMult = d;
        WdMultByIndex = byIndex is null ? new Dictionary<int, double>() : new Dictionary<int, double>(byIndex);
    }

    /// <summary>Whether a parameter name gets weight decay by default: names ending in <c>_weight</c> or <c>_gamma</c> (LARS: <c>_weight</c> only).</summary>
    protected virtual bool IsDecayedName(string name) => name.EndsWith("_weight", StringComparison.Ordinal) || name.EndsWith("_gamma", StringComparison.Ordinal);

    /// <summary>
    /// Selects the update-count table of device <paramref name="deviceId"/> (MXNet keeps one per
    /// device, so data-parallel copies of a weight each count their own updates).
    /// </summary>
    public void SetCurrentContext(int deviceId)
    {
        if (!_allIndexUpdateCounts.TryGetValue(deviceId, out var t)) _allIndexUpdateCounts[deviceId] = t = new Dictionary<int, int>();
        _indexUpdateCount = t;
    }

    /// <summary>Counts one update of <paramref name="index"/> and raises <see cref="NumUpdate"/> to it (<c>_update_count</c>).</summary>
    protected void UpdateCount(int index)
    {
        int c = _indexUpdateCount.TryGetValue(index, out var v) ? v : BeginNumUpdate;
        _indexUpdateCount[index] = ++c;
        NumUpdate = Math.Max(c, NumUpdate);
    }

    /// <summary>The update count of <paramref name="index"/> after the current update (the <c>t</c> of Adam and friends).</summary>
    protected int UpdateCountOf(int index) => _indexUpdateCount[index];

    /// <summary>The base learning rate before multipliers: the scheduler at <see cref="NumUpdate"/>, else <see cref="Lr"/>.</summary>
    protected double BaseLearningRate() => LrScheduler is { } s ? s.GetLearningRate(NumUpdate) : Lr!.Value;

    /// <summary>The learning rate for <paramref name="index"/> (<c>_get_lr</c>).</summary>
    protected double GetLr(int index) => BaseLearningRate() * LrMultOf(index);

    /// <summary>The learning-rate multiplier of <paramref name="index"/> (param_dict, then index, then name; 1 by default).</summary>
    protected double LrMultOf(int index)
    {
        if (ParamDict.TryGetValue(index, out var p)) return p.LrMult;
        if (LrMultByIndex.TryGetValue(index, out var m)) return m;
        if (_idx2Name.TryGetValue(index, out var name)) return LrMult.GetValueOrDefault(name, 1.0);
        return 1.0;
    }

    /// <summary>The weight decay for <paramref name="index"/> (<c>_get_wd</c>).</summary>
    protected double GetWd(int index)
    {
        if (ParamDict.TryGetValue(index, out var p)) return Wd * p.WdMult;
        if (WdMultByIndex.TryGetValue(index, out var m)) return Wd * m;
        if (_idx2Name.TryGetValue(index, out var name)) return Wd * WdMult.GetValueOrDefault(name, 1.0);
        return Wd;
    }

    /// <summary>The clip bound handed to the fused kernels: −1 (off) when clip_gradient is null or 0, as Python's truth test does.</summary>
    protected double FusedClip => ClipGradient is { } c && c != 0 ? c : -1.0;

    /// <summary><c>clip(rescale_grad·grad)</c> for the composite rules (clipping whenever clip_gradient is not null).</summary>
    protected NDArray RescaledGrad(NDArray grad)
    {
        var g = grad * RescaleGrad;
        return ClipGradient is { } c ? Nd.Clip(g, -c, c) : g;
    }

    /// <summary>
    /// Creates the state of weight <paramref name="index"/> (<c>create_state</c>): null, an NDArray,
    /// or an <c>NDArray?[]</c> tuple. Called once per weight by the <see cref="Updater"/>.
    /// </summary>
    public virtual object? CreateState(int index, NDArray weight) => null;

    /// <summary>
    /// Creates the state with a float32 master copy when <see cref="MultiPrecision"/> and the weight
    /// is float16: the tuple <c>(master, inner state)</c>; otherwise <see cref="CreateState"/>.
    /// </summary>
    public virtual object? CreateStateMultiPrecision(int index, NDArray weight)
    {
        if (MultiPrecision && weight.DType == DType.Float16)
        {
            var master = weight.AsType(DType.Float32);
            return new object?[] { master, CreateState(index, master) };
        }
        return CreateState(index, weight);
    }

    /// <summary>One update of <paramref name="weight"/> (in place) from <paramref name="grad"/> and the state (<c>update</c>).</summary>
    public abstract void Update(int index, NDArray weight, NDArray grad, object? state);

    /// <summary>
    /// <see cref="Update"/>, through the float32 master copy when the state holds one
    /// (<c>update_multi_precision</c>): the float32 rule runs on the master copy and the weight
    /// receives it cast back.
    /// </summary>
    public virtual void UpdateMultiPrecision(int index, NDArray weight, NDArray grad, object? state)
    {
        if (MultiPrecision && weight.DType == DType.Float16)
        {
            var s = (object?[])state!;
            var master = (NDArray)s[0]!;
            Update(index, master, grad.AsType(DType.Float32), s[1]);
            master.CopyTo(weight);
        }
        else Update(index, weight, grad, state);
    }

    /// <summary>Zeros shaped and typed like <paramref name="weight"/>, on its context.</summary>
    protected static NDArray ZerosLike(NDArray weight) => Nd.Zeros(weight.Shape, weight.DType, weight.Context);

    /// <summary>Checks the shared preconditions of <see cref="Update"/>.</summary>
    /// <exception cref="ArgumentException">Weight and grad differ in shape or context.</exception>
    protected void CheckArgs(NDArray weight, NDArray grad)
    {
        if (weight.Shape != grad.Shape)
            throw new ArgumentException($"{GetType().Name}.Update: grad shape {grad.Shape} differs from weight shape {weight.Shape}");
        if (weight.Context != grad.Context)
            throw new ArgumentException($"{GetType().Name}.Update: grad is on {grad.Context} but weight is on {weight.Context}");
    }

    /// <summary>
    /// The common start of an update: checks the arguments, counts the update of
    /// <paramref name="index"/>, then reads its learning rate (at the new count) and weight decay.
    /// </summary>
    /// <exception cref="ArgumentException">Weight and grad differ in shape or context.</exception>
    protected (double Lr, double Wd) BeginUpdate(int index, NDArray weight, NDArray grad)
    {
        CheckArgs(weight, grad);
        UpdateCount(index);
        return (GetLr(index), GetWd(index));
    }

    /// <summary>The state slot <paramref name="i"/> of a tuple state.</summary>
    protected static NDArray Slot(object? state, int i) => (NDArray)((object?[])state!)[i]!;
}
