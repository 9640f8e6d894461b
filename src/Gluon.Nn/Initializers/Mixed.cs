using System.Text.RegularExpressions;

namespace Gluon.Initializers;

/// <summary>
/// Routes each parameter to the first initializer whose pattern matches its name (MXNet's
/// <c>mx.init.Mixed(patterns, initializers)</c>; Python's <c>re.match</c>, i.e. a match that
/// starts at the beginning of the name). A name no pattern matches is an error, so end with
/// <c>".*"</c> for a default.
/// </summary>
public sealed class Mixed : Initializer
{
    private readonly (Regex Pattern, Initializer Init)[] _map;

    /// <summary>Pairs <paramref name="patterns"/>[i] (regular expressions) with <paramref name="initializers"/>[i].</summary>
    /// <exception cref="ArgumentException">The lists differ in length, or a pattern is not a valid regular expression.</exception>
    public Mixed(IReadOnlyList<string> patterns, IReadOnlyList<Initializer> initializers)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(initializers);
        if (patterns.Count != initializers.Count)
            throw new ArgumentException($"Mixed: {patterns.Count} patterns but {initializers.Count} initializers; they must pair up");
        _map = new (Regex, Initializer)[patterns.Count];
        for (int i = 0; i < patterns.Count; i++)
        {
            Regex re;
            try { re = new Regex(patterns[i] ?? throw new ArgumentNullException(nameof(patterns)), RegexOptions.CultureInvariant); }
            catch (ArgumentException e) when (e is not ArgumentNullException)
            {
                throw new ArgumentException($"Mixed: pattern {i} '{patterns[i]}' is not a valid regular expression: {e.Message}", nameof(patterns), e);
            }
            _map[i] = (re, initializers[i] ?? throw new ArgumentNullException(nameof(initializers), $"Mixed: initializer {i} is null"));
        }
        Kwargs["patterns"] = patterns.ToArray();
        // Nested dumps strings, as MXNet's FusedRNN stores its inner initializer.
        Kwargs["initializers"] = initializers.Select(x => x.Dumps()).ToArray();
    }

    /// <summary>Runs the matching initializer's full dispatch on <paramref name="desc"/>.</summary>
    /// <exception cref="ArgumentException">No pattern matches the name.</exception>
    public override void Init(InitDesc desc, NDArray arr)
    {
        ArgumentNullException.ThrowIfNull(desc);
        ArgumentNullException.ThrowIfNull(arr);
        desc.GlobalInit ??= this;
        Find(desc).Init(desc, arr);
    }

    /// <summary>As an explicit <c>__init__</c>: the matching initializer's weight rule.</summary>
    protected internal override void InitWeight(InitDesc desc, NDArray arr) => Find(desc).InitWeight(desc, arr);

    private Initializer Find(InitDesc desc)
    {
        foreach (var (re, init) in _map)
        {
            // The leftmost match starts at 0 whenever any match does, so this is re.match.
            var m = re.Match(desc.Name);
            if (m.Success && m.Index == 0) return init;
        }
        throw new ArgumentException($"Parameter name {desc.Name} did not match any pattern of Mixed ({string.Join(", ", _map.Select(x => "'" + x.Pattern + "'"))}). Consider adding a \".*\" pattern at the end with a default Initializer.");
    }
}
