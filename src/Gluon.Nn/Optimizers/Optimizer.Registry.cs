using System.Globalization;
using System.Reflection;

namespace Gluon.Optimizers;

public abstract partial class Optimizer
{
    private static readonly Dictionary<string, Type> s_registry = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sgd"] = typeof(Sgd), ["nag"] = typeof(Nag), ["adam"] = typeof(Adam), ["adagrad"] = typeof(AdaGrad),
        ["rmsprop"] = typeof(RmsProp), ["adadelta"] = typeof(AdaDelta), ["ftrl"] = typeof(Ftrl), ["ftml"] = typeof(Ftml),
        ["adamax"] = typeof(Adamax), ["nadam"] = typeof(Nadam), ["signum"] = typeof(Signum), ["sgld"] = typeof(Sgld),
        ["dcasgd"] = typeof(DcaSgd), ["lamb"] = typeof(Lamb), ["lars"] = typeof(Lars), ["ccsgd"] = typeof(CcSgd),
        ["test"] = typeof(TestOptimizer),
    };
    private static readonly Lock s_registryLock = new();

    /// <summary>The registered optimizer names (lower case), MXNet's <c>opt_registry</c> keys.</summary>
    public static IReadOnlyCollection<string> RegisteredNames
    {
        get { lock (s_registryLock) return [.. s_registry.Keys]; }
    }

    /// <summary>
    /// Registers <paramref name="type"/> under <paramref name="name"/> (default: the class name in
    /// lower case), replacing an earlier registration as MXNet does (<c>register</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The type is not a concrete Optimizer with one public constructor.</exception>
    public static void Register(Type type, string? name = null)
    {
        if (!typeof(Optimizer).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructors().Length != 1)
            throw new ArgumentException($"Optimizer.Register: {type.FullName} must be a concrete Optimizer with exactly one public constructor");
        lock (s_registryLock) s_registry[name ?? type.Name.ToLowerInvariant()] = type;
    }

    /// <summary>The registry name of this optimizer's type (the name <see cref="Create"/> takes).</summary>
    public string RegistryName
    {
        get
        {
            lock (s_registryLock)
                foreach (var kv in s_registry)
                    if (kv.Value == GetType()) return kv.Key;
            return GetType().Name.ToLowerInvariant();
        }
    }

    /// <summary>
    /// Creates the optimizer registered as <paramref name="name"/> (case-insensitive) with MXNet
    /// keyword arguments (<c>create</c>): keys are MXNet's snake_case names (<c>learning_rate</c>,
    /// <c>momentum</c>, <c>clip_gradient</c>, ...), values numbers, booleans, strings, an
    /// <see cref="LRScheduler"/> or an index→name dictionary. Missing keys take the defaults.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name, unknown argument, or a value of the wrong type.</exception>
    public static Optimizer Create(string name, IDictionary<string, object?>? kwargs = null)
    {
        Type type;
        lock (s_registryLock)
            if (!s_registry.TryGetValue(name, out type!))
                throw new ArgumentException($"Cannot find optimizer {name} (registered: {string.Join(", ", s_registry.Keys.Order())})");
        var ctor = type.GetConstructors().Single();
        var ps = ctor.GetParameters();
        var args = new object?[ps.Length];
        var used = new HashSet<string>();
        for (int i = 0; i < ps.Length; i++)
        {
            var p = ps[i];
            string? key = kwargs?.Keys.FirstOrDefault(k => Normalize(k) == p.Name!.ToLowerInvariant());
            if (key is null)
            {
                args[i] = p.HasDefaultValue ? p.DefaultValue : throw new ArgumentException($"Optimizer '{name}': missing required argument '{ToSnake(p.Name!)}'");
                continue;
            }
            used.Add(key);
            args[i] = ConvertArg(name, key, kwargs![key], p.ParameterType);
        }
        if (kwargs is not null)
            foreach (var k in kwargs.Keys)
                if (!used.Contains(k))
                    throw new ArgumentException($"Optimizer '{name}' got an unexpected argument '{k}' (accepted: {string.Join(", ", ps.Select(p => ToSnake(p.Name!)))})");
        try { return (Optimizer)ctor.Invoke(args); }
        catch (TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }
    }

    private static string Normalize(string key) => key.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>camelCase → snake_case, for messages and state files (learningRate → learning_rate).</summary>
    internal static string ToSnake(string camel)
    {
        var sb = new System.Text.StringBuilder();
        foreach (char ch in camel)
        {
            if (char.IsUpper(ch)) { sb.Append('_'); sb.Append(char.ToLowerInvariant(ch)); }
            else sb.Append(ch);
        }
        return sb.ToString();
    }

    private static object? ConvertArg(string opt, string key, object? value, Type target)
    {
        var under = Nullable.GetUnderlyingType(target);
        if (value is null)
        {
            if (!target.IsValueType || under is not null) return null;
            throw new ArgumentException($"Optimizer '{opt}': argument '{key}' cannot be None");
        }
        var t = under ?? target;
        if (t.IsInstanceOfType(value)) return value;
        try
        {
            if (t == typeof(double) || t == typeof(int) || t == typeof(bool) || t == typeof(string))
            {
                if (t == typeof(bool) && value is string s) return s.Trim().ToLowerInvariant() is "true" or "1";
                if (t == typeof(int) && value is double d && d != Math.Floor(d)) throw new FormatException();
                return Convert.ChangeType(value, t, CultureInfo.InvariantCulture);
            }
            if (t == typeof(IReadOnlyList<int>) && value is System.Collections.IEnumerable seq)
                return seq.Cast<object>().Select(o => Convert.ToInt32(o, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
        }
        throw new ArgumentException($"Optimizer '{opt}': argument '{key}' expects {t.Name}, got {value.GetType().Name} '{value}'");
    }
}
