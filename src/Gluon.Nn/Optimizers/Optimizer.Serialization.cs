using System.Reflection;
using System.Text.Json.Nodes;

namespace Gluon.Optimizers;

public abstract partial class Optimizer
{
    private static readonly HashSet<string> s_baseArgs =
        ["learningRate", "rescaleGrad", "wd", "clipGradient", "lrScheduler", "beginNumUpdate", "multiPrecision", "paramIdx2Name"];

    /// <summary>
    /// The optimizer as JSON: registry name, constructor arguments, the common hyperparameters, the
    /// multipliers, every device's update counts, the scheduler and subclass state. Doubles are
    /// written in their shortest round-trip form, so <see cref="FromJson"/> restores them exactly.
    /// </summary>
    internal JsonObject ToJson()
    {
        var args = new JsonObject();
        foreach (var p in GetType().GetConstructors().Single().GetParameters())
        {
            if (s_baseArgs.Contains(p.Name!)) continue;
            var prop = GetType().GetProperty(char.ToUpperInvariant(p.Name![0]) + p.Name[1..], BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{GetType().Name}: constructor argument '{p.Name}' has no matching property, so it cannot be saved");
            args[ToSnake(p.Name)] = JsonValue.Create(prop.GetValue(this));
        }
        var counts = new JsonObject();
        foreach (var (dev, table) in _allIndexUpdateCounts) counts[Key(dev)] = IntMap(table);
        var o = new JsonObject
        {
            ["name"] = RegistryName, ["args"] = args, ["lr"] = Lr, ["rescale_grad"] = RescaleGrad, ["wd"] = Wd,
            ["clip_gradient"] = ClipGradient, ["begin_num_update"] = BeginNumUpdate, ["num_update"] = NumUpdate,
            ["multi_precision"] = MultiPrecision, ["idx2name"] = new JsonObject(_idx2Name.Select(kv => KeyValuePair.Create(Key(kv.Key), (JsonNode?)kv.Value))),
            ["lr_mult"] = DoubleMap(LrMult), ["lr_mult_index"] = DoubleMap(LrMultByIndex.ToDictionary(kv => Key(kv.Key), kv => kv.Value)),
            ["wd_mult"] = DoubleMap(WdMult), ["wd_mult_index"] = DoubleMap(WdMultByIndex.ToDictionary(kv => Key(kv.Key), kv => kv.Value)),
            ["index_update_counts"] = counts, ["lr_scheduler"] = LrScheduler?.ToJson(),
        };
        var extra = new JsonObject();
        WriteExtraState(extra);
        o["extra"] = extra;
        return o;
    }

    /// <summary>Rebuilds an optimizer written by <see cref="ToJson"/> (param_dict is left empty; the Trainer re-links it).</summary>
    /// <exception cref="FormatException">Missing fields or an unknown optimizer.</exception>
    internal static Optimizer FromJson(JsonObject o)
    {
        string name = (string?)o["name"] ?? throw new FormatException("optimizer state: missing 'name'");
        var kwargs = new Dictionary<string, object?>();
        if (o["args"] is JsonObject args)
            foreach (var (k, v) in args) kwargs[k] = v is null ? null : FromJsonValue(v);
        var sched = o["lr_scheduler"] is JsonObject so ? LRScheduler.FromJson(so) : null;
        double? lr = (double?)o["lr"];
        double? schedBase = sched?.BaseLr;
        kwargs["learning_rate"] = lr;
        kwargs["lr_scheduler"] = sched;
        kwargs["begin_num_update"] = (int?)o["begin_num_update"] ?? 0;
        kwargs["multi_precision"] = (bool?)o["multi_precision"] ?? false;
        kwargs["param_idx2name"] = o["idx2name"] is JsonObject i2n
            ? i2n.ToDictionary(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => (string)kv.Value!) as IReadOnlyDictionary<int, string>
            : null;
        Optimizer opt;
        try { opt = Create(name, kwargs); }
        catch (ArgumentException e) { throw new FormatException($"optimizer state: {e.Message}", e); }
        if (sched is not null) sched.BaseLr = schedBase!.Value;
        opt.Lr = lr;
        opt.RescaleGrad = (double?)o["rescale_grad"] ?? 1.0;
        opt.Wd = (double?)o["wd"] ?? 0.0;
        opt.ClipGradient = (double?)o["clip_gradient"];
        opt.NumUpdate = (int?)o["num_update"] ?? opt.BeginNumUpdate;
        opt.SetLrMult(ReadDoubles(o["lr_mult"]), ReadDoubles(o["lr_mult_index"]).ToDictionary(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value));
        opt.WdMult = ReadDoubles(o["wd_mult"]);
        opt.WdMultByIndex = ReadDoubles(o["wd_mult_index"]).ToDictionary(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value);
        opt._allIndexUpdateCounts.Clear();
        if (o["index_update_counts"] is JsonObject counts)
            foreach (var (dev, table) in counts)
                opt._allIndexUpdateCounts[int.Parse(dev, System.Globalization.CultureInfo.InvariantCulture)] =
                    (table as JsonObject ?? []).ToDictionary(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => (int)kv.Value!);
        if (!opt._allIndexUpdateCounts.ContainsKey(0)) opt._allIndexUpdateCounts[0] = new();
        opt._indexUpdateCount = opt._allIndexUpdateCounts[0];
        if (o["extra"] is JsonObject extra) opt.ReadExtraState(extra);
        return opt;
    }

    /// <summary>Writes optimizer-wide state a subclass keeps besides its constructor arguments (Nadam's m_schedule, LARS's last rates).</summary>
    internal virtual void WriteExtraState(JsonObject o) { }

    /// <summary>Restores what <see cref="WriteExtraState"/> wrote.</summary>
    internal virtual void ReadExtraState(JsonObject o) { }

    private static string Key(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject IntMap(Dictionary<int, int> d) => new(d.Select(kv => KeyValuePair.Create(Key(kv.Key), (JsonNode?)kv.Value)));

    private static JsonObject DoubleMap(IEnumerable<KeyValuePair<string, double>> d) => new(d.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    private static Dictionary<string, double> ReadDoubles(JsonNode? n) =>
        n is JsonObject o ? o.ToDictionary(kv => kv.Key, kv => (double)kv.Value!) : new();

    private static object? FromJsonValue(JsonNode v) => v.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        System.Text.Json.JsonValueKind.Number => v.GetValue<double>(),
        System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        _ => throw new FormatException($"optimizer state: unsupported argument value {v.ToJsonString()}"),
    };
}
