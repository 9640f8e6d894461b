namespace Gluon;

/// <summary>
/// One or several contexts, for arguments that MXNet types as "a Context or a list of them"
/// (<c>ctx=</c> of <c>initialize</c>, <c>reset_ctx</c>, <c>split_and_load</c>). Converts
/// implicitly from a <see cref="Context"/> and from arrays and lists of them; the default value
/// (no argument) means the current context.
/// </summary>
public readonly struct ContextList
{
    private readonly Context[]? _items;

    /// <summary>A list holding <paramref name="contexts"/> (at least one, no duplicates).</summary>
    public ContextList(IEnumerable<Context> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var items = contexts.ToArray();
        if (items.Length == 0) throw new ArgumentException("a context list needs at least one context", nameof(contexts));
        if (items.Distinct().Count() != items.Length)
            throw new ArgumentException($"the context list [{string.Join(", ", items)}] names a context twice", nameof(contexts));
        _items = items;
    }

    /// <summary>True when no context was given (the default: use the current context).</summary>
    public bool IsDefault => _items is null;

    /// <summary>The contexts, or the current context when none was given.</summary>
    public IReadOnlyList<Context> Resolve() => _items ?? [Context.Current];

    /// <summary>One context.</summary>
    public static implicit operator ContextList(Context ctx) => new([ctx]);

    /// <summary>Several contexts.</summary>
    public static implicit operator ContextList(Context[] contexts) => new(contexts);

    /// <summary>Several contexts.</summary>
    public static implicit operator ContextList(List<Context> contexts) => new(contexts);

    /// <inheritdoc/>
    public override string ToString() => _items is null ? "[current]" : "[" + string.Join(", ", _items) + "]";
}
