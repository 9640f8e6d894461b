using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Gluon.Serialization;

namespace Gluon.Optimizers;

/// <summary>
/// Applies an optimizer to indexed weights and owns their states (MXNet's <c>Updater</c>): a
/// weight's state is created on its first update, and states loaded from bytes move to the
/// weight's context on their next use.
/// </summary>
/// <remarks>
/// <para>MXNet pickles the states; this port writes its own documented format instead
/// (<see cref="GetStates"/>): the 8 ASCII bytes <c>GLNSTATE</c>, a little-endian uint32 format
/// version (1), a little-endian uint32 byte length, that many bytes of UTF-8 JSON, then an MXNet
/// NDArray list file (the <c>.params</c> format) holding every state array.</para>
/// <para>The JSON object has <c>"states"</c>: for each index (a decimal string) the state's
/// structure, <c>null</c> (no state), <c>"a"</c> (one array) or a JSON array of structures (a
/// tuple); and <c>"optimizer"</c>: null, or the optimizer's name, constructor arguments,
/// hyperparameters, multipliers, per-device update counts, scheduler and subclass state. The
/// array named <c>"i"</c> is the state of index i when it is a single array; tuple elements are
/// named by their path, <c>"i:0"</c>, <c>"i:1"</c>, <c>"i:1:0"</c>. Doubles are written in
/// shortest round-trip form and arrays bit for bit, so a round trip is exact.</para>
/// </remarks>
public sealed class Updater
{
    private static readonly byte[] s_magic = "GLNSTATE"u8.ToArray();
    private const uint FormatVersion = 1;

    private Dictionary<int, object?> _states = new();
    private Dictionary<int, bool> _synced = new();

    /// <summary>Creates an updater for <paramref name="optimizer"/>.</summary>
    public Updater(Optimizer optimizer) => _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));

    private Optimizer _optimizer;

    /// <summary>The optimizer (replaced by <see cref="SetStates"/> when the bytes hold one; the Trainer shares one between its updaters).</summary>
    public Optimizer Optimizer
    {
        get => _optimizer;
        set => _optimizer = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The states by index: null, an NDArray, or an <c>object?[]</c> tuple.</summary>
    public IReadOnlyDictionary<int, object?> States => _states;

    /// <summary>
    /// Updates <paramref name="weight"/> in place from <paramref name="grad"/> (MXNet's
    /// <c>__call__(index, grad, weight)</c>), creating the state on first use and selecting the
    /// update-count table of the weight's device.
    /// </summary>
    public void Call(int index, NDArray grad, NDArray weight)
    {
        if (!_states.TryGetValue(index, out var state))
        {
            state = Optimizer.CreateStateMultiPrecision(index, weight);
            _states[index] = state;
            _synced[index] = true;
        }
        else if (!_synced[index])
        {
            state = SyncStateContext(state, weight.Context);
            _states[index] = state;
            _synced[index] = true;
        }
        Optimizer.SetCurrentContext(weight.Context.DeviceId);
        Optimizer.UpdateMultiPrecision(index, weight, grad, state);
    }

    private static object? SyncStateContext(object? state, Context ctx) => state switch
    {
        NDArray a => a.AsInContext(ctx),
        object?[] t => t.Select(s => SyncStateContext(s, ctx)).ToArray(),
        _ => state,
    };

    /// <summary>The states (and with <paramref name="dumpOptimizer"/> the optimizer) as bytes in the format of the remarks (<c>get_states</c>).</summary>
    public byte[] GetStates(bool dumpOptimizer = false)
    {
        var structure = new JsonObject();
        var names = new List<string>();
        var arrays = new List<NDArray>();
        foreach (var (index, state) in _states.OrderBy(kv => kv.Key))
        {
            string key = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            structure[key] = Flatten(state, key, names, arrays);
        }
        var header = new JsonObject { ["states"] = structure, ["optimizer"] = dumpOptimizer ? Optimizer.ToJson() : null };
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var ms = new MemoryStream();
        ms.Write(s_magic);
        Span<byte> u = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(u, FormatVersion);
        ms.Write(u);
        BinaryPrimitives.WriteUInt32LittleEndian(u, (uint)json.Length);
        ms.Write(u);
        ms.Write(json);
        var dict = new Dictionary<string, NDArray>();
        for (int i = 0; i < names.Count; i++) dict[names[i]] = arrays[i];
        NDArrayFile.Save(ms, dict);
        return ms.ToArray();
    }

    private static JsonNode? Flatten(object? state, string path, List<string> names, List<NDArray> arrays)
    {
        switch (state)
        {
            case null: return null;
            case NDArray a:
                names.Add(path);
                arrays.Add(a);
                return "a";
            case object?[] t:
                var arr = new JsonArray();
                for (int i = 0; i < t.Length; i++) arr.Add(Flatten(t[i], $"{path}:{i}", names, arrays));
                return arr;
            default:
                throw new InvalidOperationException($"Updater.GetStates: state at '{path}' is a {state.GetType().Name}; only NDArray, null and object?[] tuples can be saved");
        }
    }

    /// <summary>
    /// Restores states (and the optimizer, when saved with it) from <see cref="GetStates"/> bytes
    /// (<c>set_states</c>). Arrays load on the CPU and move to each weight's context on its next update.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not a states file or are corrupt (the message gives the offset); the updater is then unchanged.</exception>
    public void SetStates(byte[] states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Length < 16 || !states.AsSpan(0, 8).SequenceEqual(s_magic))
            throw new FormatException("Updater.SetStates: not a Gluon optimizer states file (bad magic at offset 0)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(states.AsSpan(8));
        if (version != FormatVersion)
            throw new FormatException($"Updater.SetStates: unsupported format version {version} at offset 8 (expected {FormatVersion})");
        uint len = BinaryPrimitives.ReadUInt32LittleEndian(states.AsSpan(12));
        if (len > states.Length - 16)
            throw new FormatException($"Updater.SetStates: JSON header length {len} at offset 12 runs past the end ({states.Length} bytes)");
        JsonObject header;
        try { header = JsonNode.Parse(states.AsSpan(16, (int)len)) as JsonObject ?? throw new FormatException("header is not a JSON object"); }
        catch (System.Text.Json.JsonException e) { throw new FormatException($"Updater.SetStates: bad JSON header at offset 16: {e.Message}", e); }
        IReadOnlyDictionary<string, NDArray> arrays;
        using (var ms = new MemoryStream(states, 16 + (int)len, states.Length - 16 - (int)len))
            arrays = NDArrayFile.LoadDict(ms, Context.Cpu(), "optimizer states");
        var newStates = new Dictionary<int, object?>();
        if (header["states"] is JsonObject st)
            foreach (var (key, node) in st)
            {
                if (!int.TryParse(key, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int index))
                    throw new FormatException($"Updater.SetStates: state key '{key}' is not an index");
                newStates[index] = Rebuild(node, key, arrays);
            }
        var opt = header["optimizer"] is JsonObject oj ? Optimizer.FromJson(oj) : null;
        _states = newStates;
        _synced = newStates.Keys.ToDictionary(k => k, _ => false);
        if (opt is not null) Optimizer = opt;
    }

    private static object? Rebuild(JsonNode? node, string path, IReadOnlyDictionary<string, NDArray> arrays) => node switch
    {
        null => null,
        JsonArray t => t.Select((n, i) => Rebuild(n, $"{path}:{i}", arrays)).ToArray(),
        JsonValue v when (string?)v == "a" => arrays.TryGetValue(path, out var a) ? a
            : throw new FormatException($"Updater.SetStates: array '{path}' is missing from the array section"),
        _ => throw new FormatException($"Updater.SetStates: bad structure at '{path}': {node.ToJsonString()}"),
    };
}
