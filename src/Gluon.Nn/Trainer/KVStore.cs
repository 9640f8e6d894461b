using Gluon.Optimizers;

namespace Gluon;

/// <summary>
/// An in-process key-value store for data-parallel training on several devices of one machine
/// (MXNet's <c>local</c> and <c>device</c> KVStore types). <see cref="PushPull"/> sums the values
/// pushed for a key (in device-list order, so every reader gets bit-identical sums) and either
/// writes the sum back or, with an optimizer set (<see cref="SetOptimizer"/>), updates the
/// stored weight once and hands it to every output. <c>local</c> reduces on the CPU, <c>device</c>
/// on the first value's device.
/// </summary>
public sealed class KVStore
{
    private readonly Dictionary<int, NDArray> _store = new();

    private KVStore(string type) => Type = type;

    /// <summary>Creates a store of type <c>local</c> or <c>device</c> (<c>mx.kv.create</c>).</summary>
    /// <exception cref="ArgumentException">Another type (the dist_* types need a cluster, which this port does not have).</exception>
    public static KVStore Create(string type = "local") => type switch
    {
        "local" or "device" => new KVStore(type),
        _ => throw new ArgumentException($"KVStore type '{type}' is not supported; use 'local' or 'device' (distributed stores are not implemented)"),
    };

    /// <summary>The store type (<c>local</c> or <c>device</c>).</summary>
    public string Type { get; }

    /// <summary>Number of worker processes: always 1 here.</summary>
    public int NumWorkers => 1;

    /// <summary>This worker's rank: always 0 here.</summary>
    public int Rank => 0;

    /// <summary>The updater run by <see cref="PushPull"/> when an optimizer is set, else null.</summary>
    public Updater? Updater { get; private set; }

    /// <summary>Stores a copy of <paramref name="value"/> under <paramref name="key"/> (<c>init</c>).</summary>
    /// <exception cref="ArgumentException">The key already exists.</exception>
    public void Init(int key, NDArray value)
    {
        if (_store.ContainsKey(key)) throw new ArgumentException($"KVStore.Init: key {key} is already initialized");
        _store[key] = Nd.Copy(value.AsInContext(ReduceContext(value)));
    }

    /// <summary>Initializes <paramref name="key"/> with <paramref name="value"/> and copies it to every output (<c>broadcast</c>).</summary>
    public void Broadcast(int key, NDArray value, IReadOnlyList<NDArray> outs)
    {
        if (_store.ContainsKey(key)) _store.Remove(key);
        Init(key, value);
        Pull(key, outs);
    }

    /// <summary>Copies the stored value of <paramref name="key"/> into every output (<c>pull</c>).</summary>
    /// <exception cref="KeyNotFoundException">The key was never initialized.</exception>
    public void Pull(int key, IReadOnlyList<NDArray> outs)
    {
        var v = Stored(key);
        foreach (var o in outs) v.CopyTo(o);
    }

    /// <summary>
    /// Sums <paramref name="values"/> (<c>pushpull</c>). With an optimizer set, the stored weight is
    /// updated once with the sum and copied into <paramref name="outs"/>; without, the sum is
    /// copied into <paramref name="outs"/>, or into the values themselves when outs is null.
    /// </summary>
    /// <exception cref="ArgumentException">No values, or values of different shapes.</exception>
    public void PushPull(int key, IReadOnlyList<NDArray> values, IReadOnlyList<NDArray>? outs = null)
    {
        if (values.Count == 0) throw new ArgumentException($"KVStore.PushPull: no values for key {key}");
        foreach (var v in values)
            if (v.Shape != values[0].Shape)
                throw new ArgumentException($"KVStore.PushPull: key {key} got values of shapes {values[0].Shape} and {v.Shape}");
        var ctx = ReduceContext(values[0]);
        var sum = Nd.Copy(values[0].AsInContext(ctx));
        for (int i = 1; i < values.Count; i++) (sum + values[i].AsInContext(ctx)).CopyTo(sum);
        if (Updater is { } up)
        {
            var w = Stored(key);
            up.Call(key, sum, w);
            foreach (var o in outs ?? values) w.CopyTo(o);
            return;
        }
        foreach (var o in outs ?? values) sum.CopyTo(o);
    }

    /// <summary>Makes <see cref="PushPull"/> update the stored weights with <paramref name="optimizer"/> (<c>set_optimizer</c>).</summary>
    public void SetOptimizer(Optimizer optimizer) => Updater = new Updater(optimizer);

    /// <summary>Writes the updater's states (and optimizer) to <paramref name="fname"/> (<c>save_optimizer_states</c>).</summary>
    /// <exception cref="InvalidOperationException">No optimizer is set.</exception>
    public void SaveOptimizerStates(string fname, bool dumpOptimizer = false)
    {
        var up = Updater ?? throw new InvalidOperationException("KVStore.SaveOptimizerStates: no optimizer set (call SetOptimizer first)");
        StatesFile.Write(fname, up.GetStates(dumpOptimizer));
    }

    /// <summary>Restores states written by <see cref="SaveOptimizerStates"/> (<c>load_optimizer_states</c>).</summary>
    /// <exception cref="InvalidOperationException">No optimizer is set.</exception>
    /// <exception cref="FormatException">The file is not a states file.</exception>
    public void LoadOptimizerStates(string fname)
    {
        var up = Updater ?? throw new InvalidOperationException("KVStore.LoadOptimizerStates: no optimizer set (call SetOptimizer first)");
        up.SetStates(StatesFile.Read(fname));
    }

    private NDArray Stored(int key) =>
        _store.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"KVStore: key {key} has not been initialized");

    private Context ReduceContext(NDArray first) => Type == "local" ? Context.Cpu() : first.Context;
}
