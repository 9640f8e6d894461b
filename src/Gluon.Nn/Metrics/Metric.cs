using System.Globalization;

namespace Gluon.Metrics;

/// <summary>
/// Metric factory (MXNet's <c>mx.metric.create</c>). Registered names, case-insensitive:
/// <c>acc</c>/<c>accuracy</c>, <c>top_k_accuracy</c>/<c>top_k_acc</c>/<c>topkaccuracy</c>,
/// <c>f1</c>, <c>mae</c>, <c>mse</c>, <c>rmse</c>, <c>ce</c>/<c>crossentropy</c>,
/// <c>perplexity</c>, <c>loss</c>, <c>composite</c>/<c>compositeevalmetric</c>.
/// </summary>
public static class Metric
{
    private delegate EvalMetric Factory(Args a);

    private static readonly Dictionary<string, Factory> s_registry = new(StringComparer.Ordinal)
    {
        ["accuracy"] = a => new Accuracy(a.Int("axis", 1), a.Str("name", "accuracy"), a.Names("output_names"), a.Names("label_names")),
        ["acc"] = a => new Accuracy(a.Int("axis", 1), a.Str("name", "accuracy"), a.Names("output_names"), a.Names("label_names")),
        ["topkaccuracy"] = TopK,
        ["top_k_accuracy"] = TopK,
        ["top_k_acc"] = TopK,
        ["f1"] = a => new F1(a.Str("name", "f1"), a.Names("output_names"), a.Names("label_names"), a.Str("average", "macro")),
        ["mae"] = a => new MAE(a.Str("name", "mae"), a.Names("output_names"), a.Names("label_names")),
        ["mse"] = a => new MSE(a.Str("name", "mse"), a.Names("output_names"), a.Names("label_names")),
        ["rmse"] = a => new RMSE(a.Str("name", "rmse"), a.Names("output_names"), a.Names("label_names")),
        ["crossentropy"] = Ce,
        ["ce"] = Ce,
        ["perplexity"] = a => new Perplexity(a.RequiredNullableInt("ignore_label", "Perplexity"), a.Int("axis", -1), a.Str("name", "perplexity"),
            a.Names("output_names"), a.Names("label_names")),
        ["loss"] = a => new Loss(a.Str("name", "loss"), a.Names("output_names"), a.Names("label_names")),
        ["compositeevalmetric"] = Composite,
        ["composite"] = Composite,
    };

    private static EvalMetric TopK(Args a) =>
        new TopKAccuracy(a.Int("top_k", 1), a.Str("name", "top_k_accuracy"), a.Names("output_names"), a.Names("label_names"));

    private static EvalMetric Ce(Args a) =>
        new CrossEntropy(a.Double("eps", 1e-12), a.Str("name", "cross-entropy"), a.Names("output_names"), a.Names("label_names"));

    private static EvalMetric Composite(Args a) =>
        new CompositeEvalMetric(a.Objects("metrics"), a.Str("name", "composite"), a.Names("output_names"), a.Names("label_names"));

    /// <summary>The registered metric names.</summary>
    public static IReadOnlyCollection<string> Names => s_registry.Keys;

    /// <summary>
    /// Creates a metric from a registered name with MXNet's keyword arguments (snake_case keys such
    /// as <c>axis</c>, <c>top_k</c>, <c>average</c>, <c>ignore_label</c>, <c>eps</c>, <c>name</c>,
    /// <c>output_names</c>, <c>label_names</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The name is not registered, an argument is unknown or of the wrong type, or a required argument is missing.</exception>
    public static EvalMetric Create(string name, IReadOnlyDictionary<string, object?>? kwargs = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!s_registry.TryGetValue(name.ToLowerInvariant(), out var factory))
            throw new ArgumentException($"Metric.Create: '{name}' is not a registered metric; registered: {string.Join(", ", s_registry.Keys)}", nameof(name));
        var args = new Args(name, kwargs);
        var metric = factory(args);
        args.ThrowIfUnused();
        return metric;
    }

    /// <summary>
    /// MXNet's <c>create(metric)</c>: an <see cref="EvalMetric"/> is returned as is, a string is
    /// looked up by name, and a list gives a <see cref="CompositeEvalMetric"/> of its items (each
    /// created with the same <paramref name="kwargs"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="metric"/> is none of these, or <see cref="Create(string, IReadOnlyDictionary{string, object?}?)"/> fails.</exception>
    public static EvalMetric Create(object metric, IReadOnlyDictionary<string, object?>? kwargs = null) => metric switch
    {
        EvalMetric m => m,
        string s => Create(s, kwargs),
        IEnumerable<object> list => CreateComposite(list, kwargs),
        null => throw new ArgumentNullException(nameof(metric)),
        _ => throw new ArgumentException($"Metric.Create: expected an EvalMetric, a metric name or a list of them, got {metric.GetType().Name}", nameof(metric)),
    };

    private static CompositeEvalMetric CreateComposite(IEnumerable<object> list, IReadOnlyDictionary<string, object?>? kwargs)
    {
        var c = new CompositeEvalMetric();
        foreach (var item in list) c.Add(Create(item, kwargs));
        return c;
    }

    /// <summary>Keyword arguments with use tracking, so unknown keys are reported.</summary>
    private sealed class Args(string metric, IReadOnlyDictionary<string, object?>? kwargs)
    {
        private readonly HashSet<string> _used = [];

        private bool TryGet(string key, out object? value)
        {
            _used.Add(key);
            value = null;
            return kwargs is not null && kwargs.TryGetValue(key, out value);
        }

        private ArgumentException Bad(string key, object? v, string want) =>
            new($"Metric.Create('{metric}'): argument '{key}' must be {want}, got {v ?? "null"} ({v?.GetType().Name ?? "null"})");

        public string Str(string key, string dflt) =>
            !TryGet(key, out var v) ? dflt : v as string ?? throw Bad(key, v, "a string");

        public int Int(string key, int dflt) => !TryGet(key, out var v) ? dflt : ToInt(key, v);

        private int ToInt(string key, object? v) => v switch
        {
            int i => i,
            long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
            _ => throw Bad(key, v, "an integer"),
        };

        public double Double(string key, double dflt) => !TryGet(key, out var v) ? dflt : v switch
        {
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            _ => throw Bad(key, v, "a number"),
        };

        public int? RequiredNullableInt(string key, string cls)
        {
            if (!TryGet(key, out var v))
                throw new ArgumentException($"Metric.Create('{metric}'): {cls} requires the argument '{key}' (an integer, or null)");
            return v is null ? null : ToInt(key, v);
        }

        public IReadOnlyList<string>? Names(string key)
        {
            if (!TryGet(key, out var v) || v is null) return null;
            return v is not string && v is IEnumerable<string> e ? e.ToList() : throw Bad(key, v, "a list of strings");
        }

        public IEnumerable<object>? Objects(string key)
        {
            if (!TryGet(key, out var v) || v is null) return null;
            return v as IEnumerable<object> ?? throw Bad(key, v, "a list of metrics");
        }

        public void ThrowIfUnused()
        {
            if (kwargs is null) return;
            foreach (var k in kwargs.Keys)
                if (!_used.Contains(k))
                    throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                        "Metric.Create('{0}'): unexpected argument '{1}'", metric, k));
        }
    }
}
