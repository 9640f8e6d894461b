using System.Text;

namespace Gluon.Metrics;

/// <summary>
/// Base class of the evaluation metrics (MXNet's <c>mx.metric.EvalMetric</c>, 1.9 semantics).
/// A metric accumulates <see cref="SumMetric"/> and <see cref="NumInst"/> over calls to
/// <see cref="Update(IReadOnlyList{NDArray}, IReadOnlyList{NDArray})"/>; <see cref="Get"/> returns
/// <c>SumMetric / NumInst</c> (NaN before any instance). Metrics with global statistics also keep
/// <see cref="GlobalSumMetric"/>/<see cref="GlobalNumInst"/>, which <see cref="ResetLocal"/> leaves alone.
/// </summary>
public abstract class EvalMetric
{
    /// <summary>Creates a metric.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="outputNames">Prediction names used by <see cref="UpdateDict"/> (null = all, in order).</param>
    /// <param name="labelNames">Label names used by <see cref="UpdateDict"/> (null = all, in order).</param>
    /// <param name="hasGlobalStats">Whether the metric keeps global statistics that survive <see cref="ResetLocal"/>.</param>
    protected EvalMetric(string name, IReadOnlyList<string>? outputNames = null, IReadOnlyList<string>? labelNames = null,
        bool hasGlobalStats = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        OutputNames = outputNames;
        LabelNames = labelNames;
        HasGlobalStats = hasGlobalStats;
    }

    /// <summary>Display name (MXNet's <c>name</c>).</summary>
    public string Name { get; protected set; }

    /// <summary>Prediction names selected by <see cref="UpdateDict"/>; null selects every prediction.</summary>
    public IReadOnlyList<string>? OutputNames { get; }

    /// <summary>Label names selected by <see cref="UpdateDict"/>; null selects every label.</summary>
    public IReadOnlyList<string>? LabelNames { get; }

    /// <summary>Whether <see cref="GetGlobal"/> reads separate global statistics (else it equals <see cref="Get"/>).</summary>
    public bool HasGlobalStats { get; }

    /// <summary>Accumulated metric sum since the last reset (MXNet's <c>sum_metric</c>).</summary>
    public double SumMetric { get; protected set; }

    /// <summary>Number of accumulated instances since the last reset (MXNet's <c>num_inst</c>).</summary>
    public long NumInst { get; protected set; }

    /// <summary>Accumulated metric sum since the last full <see cref="Reset"/> (MXNet's <c>global_sum_metric</c>).</summary>
    public double GlobalSumMetric { get; protected set; }

    /// <summary>Number of instances since the last full <see cref="Reset"/> (MXNet's <c>global_num_inst</c>).</summary>
    public long GlobalNumInst { get; protected set; }

    /// <summary>Adds <paramref name="sum"/> and <paramref name="count"/> to both the local and the global statistics.</summary>
    protected void Accumulate(double sum, long count)
    {
        SumMetric += sum;
        GlobalSumMetric += sum;
        NumInst += count;
        GlobalNumInst += count;
    }

    /// <summary>Updates the statistics with one (label, prediction) pair per list entry.</summary>
    /// <param name="labels">The labels, one array per output.</param>
    /// <param name="preds">The predictions, one array per output.</param>
    /// <exception cref="ArgumentException">The lists or arrays do not match (the message names both sizes or shapes).</exception>
    public abstract void Update(IReadOnlyList<NDArray> labels, IReadOnlyList<NDArray> preds);

    /// <summary>
    /// Updates with a single label and prediction array. As in MXNet, the two arrays must first
    /// agree in their length along the first axis (<c>check_label_shapes(labels, preds, wrap=True)</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The first dimensions differ, or the arrays do not match for this metric.</exception>
    public virtual void Update(NDArray label, NDArray pred)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(pred);
        CheckLabelShapes(Length(label), Length(pred));
        Update([label], [pred]);
    }

    /// <summary>
    /// Updates from named arrays (MXNet's <c>update_dict</c>): selects <see cref="OutputNames"/> and
    /// <see cref="LabelNames"/> when set, otherwise takes every value in enumeration order.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A selected name is missing.</exception>
    public virtual void UpdateDict(IReadOnlyDictionary<string, NDArray> labels, IReadOnlyDictionary<string, NDArray> preds)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(preds);
        Update(Select(labels, LabelNames, "label"), Select(preds, OutputNames, "output"));
    }

    private List<NDArray> Select(IReadOnlyDictionary<string, NDArray> dict, IReadOnlyList<string>? names, string what)
    {
        if (names is null) return dict.Values.ToList();
        var list = new List<NDArray>(names.Count);
        foreach (var n in names)
        {
            if (!dict.TryGetValue(n, out var a))
                throw new KeyNotFoundException($"{GetType().Name} '{Name}': {what} '{n}' is not among the given names [{string.Join(", ", dict.Keys)}]");
            list.Add(a);
        }
        return list;
    }

    /// <summary>Clears the local and the global statistics.</summary>
    public virtual void Reset()
    {
        NumInst = 0;
        SumMetric = 0;
        GlobalNumInst = 0;
        GlobalSumMetric = 0;
    }

    /// <summary>Clears the local statistics only (MXNet's <c>reset_local</c>).</summary>
    public virtual void ResetLocal()
    {
        NumInst = 0;
        SumMetric = 0;
    }

    /// <summary>The name and <c>SumMetric / NumInst</c> (NaN when no instance was seen).</summary>
    public virtual (string Name, double Value) Get() =>
        (Name, NumInst == 0 ? double.NaN : SumMetric / NumInst);

    /// <summary>The name and <c>GlobalSumMetric / GlobalNumInst</c> (NaN when none), or <see cref="Get"/> without global statistics.</summary>
    public virtual (string Name, double Value) GetGlobal()
    {
        if (!HasGlobalStats) return Get();
        return (Name, GlobalNumInst == 0 ? double.NaN : GlobalSumMetric / GlobalNumInst);
    }

    /// <summary>The (name, value) pairs of <see cref="Get"/> (MXNet's <c>get_name_value</c>).</summary>
    public virtual IReadOnlyList<(string Name, double Value)> GetNameValue() => [Get()];

    /// <summary>The (name, value) pairs of <see cref="GetGlobal"/> (MXNet's <c>get_global_name_value</c>).</summary>
    public virtual IReadOnlyList<(string Name, double Value)> GetGlobalNameValue() => [GetGlobal()];

    /// <summary>MXNet's <c>str(metric)</c>: <c>EvalMetric: {'name': value}</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("EvalMetric: {");
        var pairs = GetNameValue();
        for (int i = 0; i < pairs.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append('\'').Append(pairs[i].Name).Append("': ").Append(Ops.OpAttrs.FormatFloat(pairs[i].Value));
        }
        return sb.Append('}').ToString();
    }

    /// <summary>
    /// MXNet's <c>check_label_shapes</c> on lengths: throws when the label and prediction counts differ.
    /// </summary>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    protected void CheckLabelShapes(long labelCount, long predCount)
    {
        if (labelCount != predCount)
            throw new ArgumentException($"{GetType().Name}: Shape of labels {labelCount} does not match shape of predictions {predCount}");
    }

    /// <summary>Checks that two lists are non-null and of equal length (the list form of <c>check_label_shapes</c>).</summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    protected void CheckLists(IReadOnlyList<NDArray> labels, IReadOnlyList<NDArray> preds)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(preds);
        CheckLabelShapes(labels.Count, preds.Count);
    }

    /// <summary>Python's <c>len(array)</c>: the first dimension (1 for a 0-d array).</summary>
    internal static int Length(NDArray a) => a.NDim == 0 ? 1 : a.Shape[0];

    /// <summary>The values as host doubles (MXNet reads metrics on the host with <c>asnumpy</c>).</summary>
    internal static double[] Host(NDArray a) => a.ToArray<double>();
}
