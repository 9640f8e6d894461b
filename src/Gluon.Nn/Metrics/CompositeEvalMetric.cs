namespace Gluon.Metrics;

/// <summary>
/// Several metrics updated together (<c>mx.metric.CompositeEvalMetric</c>). Every update goes to
/// each child; <see cref="GetNameValue"/> concatenates the children's (name, value) pairs.
/// </summary>
public sealed class CompositeEvalMetric : EvalMetric
{
    private readonly List<EvalMetric> _metrics = [];

    /// <summary>Creates the composite.</summary>
    /// <param name="metrics">Initial children: <see cref="EvalMetric"/> instances or registered names (see <see cref="Metric.Create(object, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="name">Display name (MXNet always uses <c>composite</c>; kept for signature parity).</param>
    /// <param name="outputNames">Prediction names kept by <see cref="UpdateDict"/> before it reaches the children.</param>
    /// <param name="labelNames">Label names kept by <see cref="UpdateDict"/> before it reaches the children.</param>
    public CompositeEvalMetric(IEnumerable<object>? metrics = null, string name = "composite",
        IReadOnlyList<string>? outputNames = null, IReadOnlyList<string>? labelNames = null)
        : base("composite", outputNames, labelNames)
    {
        _ = name;
        if (metrics is not null)
            foreach (var m in metrics) _metrics.Add(Metric.Create(m));
    }

    /// <summary>The children in order.</summary>
    public IReadOnlyList<EvalMetric> Metrics => _metrics;

    /// <summary>Adds a child: an <see cref="EvalMetric"/> or a registered name.</summary>
    public void Add(object metric) => _metrics.Add(Metric.Create(metric));

    /// <summary>The child at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No child has that index.</exception>
    public EvalMetric GetMetric(int index) =>
        index >= 0 && index < _metrics.Count ? _metrics[index]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"Metric index {index} is out of range 0 and {_metrics.Count}");

    /// <summary>Passes the lists to every child.</summary>
    public override void Update(IReadOnlyList<NDArray> labels, IReadOnlyList<NDArray> preds)
    {
        foreach (var m in _metrics) m.Update(labels, preds);
    }

    /// <summary>Passes the arrays to every child.</summary>
    public override void Update(NDArray label, NDArray pred)
    {
        foreach (var m in _metrics) m.Update(label, pred);
    }

    /// <summary>Keeps the entries named in <see cref="EvalMetric.LabelNames"/>/<see cref="EvalMetric.OutputNames"/> (when set) and passes the dictionaries to every child.</summary>
    public override void UpdateDict(IReadOnlyDictionary<string, NDArray> labels, IReadOnlyDictionary<string, NDArray> preds)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(preds);
        if (LabelNames is not null) labels = Filter(labels, LabelNames);
        if (OutputNames is not null) preds = Filter(preds, OutputNames);
        foreach (var m in _metrics) m.UpdateDict(labels, preds);
    }

    private static Dictionary<string, NDArray> Filter(IReadOnlyDictionary<string, NDArray> d, IReadOnlyList<string> keep)
    {
        var r = new Dictionary<string, NDArray>();
        foreach (var (k, v) in d)
            if (keep.Contains(k)) r[k] = v;
        return r;
    }

    /// <summary>Resets every child.</summary>
    public override void Reset()
    {
        base.Reset();
        foreach (var m in _metrics) m.Reset();
    }

    /// <summary>Resets the local statistics of every child.</summary>
    public override void ResetLocal()
    {
        base.ResetLocal();
        foreach (var m in _metrics) m.ResetLocal();
    }

    /// <summary>
    /// The single child's result. MXNet returns lists of names and values here; in C# use
    /// <see cref="GetNameValue"/> (all children) or <see cref="Get"/> with exactly one child.
    /// </summary>
    /// <exception cref="InvalidOperationException">The composite does not hold exactly one child.</exception>
    public override (string Name, double Value) Get() =>
        _metrics.Count == 1 ? _metrics[0].Get()
            : throw new InvalidOperationException($"CompositeEvalMetric holds {_metrics.Count} metrics; use GetNameValue() for their (name, value) pairs");

    /// <summary>The single child's global result; see <see cref="Get"/>.</summary>
    /// <exception cref="InvalidOperationException">The composite does not hold exactly one child.</exception>
    public override (string Name, double Value) GetGlobal() =>
        _metrics.Count == 1 ? _metrics[0].GetGlobal()
            : throw new InvalidOperationException($"CompositeEvalMetric holds {_metrics.Count} metrics; use GetGlobalNameValue() for their (name, value) pairs");

    /// <summary>Every child's (name, value) pairs, in order (MXNet's composite <c>get()</c> zipped).</summary>
    public override IReadOnlyList<(string Name, double Value)> GetNameValue() => _metrics.SelectMany(m => m.GetNameValue()).ToList();

    /// <summary>Every child's global (name, value) pairs, in order.</summary>
    public override IReadOnlyList<(string Name, double Value)> GetGlobalNameValue() => _metrics.SelectMany(m => m.GetGlobalNameValue()).ToList();
}
