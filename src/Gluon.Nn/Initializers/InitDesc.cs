namespace Gluon.Initializers;

/// <summary>
/// What an <see cref="Initializer"/> is told about the array it fills (MXNet's
/// <c>mx.init.InitDesc</c>): the parameter's name, which selects the default rule
/// (<c>weight</c>, <c>bias</c>, <c>gamma</c>, <c>beta</c>...), attributes such as
/// <c>__init__</c> (an explicit initializer or its name/JSON, which wins over the name rule), and
/// the global initializer that dispatched the call.
/// </summary>
public sealed class InitDesc
{
    /// <summary>Describes parameter <paramref name="name"/>.</summary>
    public InitDesc(string name, IReadOnlyDictionary<string, object?>? attrs = null, Initializer? globalInit = null)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Attrs = attrs ?? new Dictionary<string, object?>();
        GlobalInit = globalInit;
    }

    /// <summary>The parameter's full name.</summary>
    public string Name { get; }

    /// <summary>Attributes; <c>__init__</c> holds an explicit initializer (instance, name or JSON).</summary>
    public IReadOnlyDictionary<string, object?> Attrs { get; }

    /// <summary>The initializer that dispatched the call (set on the first dispatch).</summary>
    public Initializer? GlobalInit { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
