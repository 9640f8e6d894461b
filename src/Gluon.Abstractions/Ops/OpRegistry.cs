using System.Reflection;

namespace Gluon.Ops;

/// <summary>
/// All op definitions by MXNet name and alias. Built on first use from every concrete
/// <see cref="OpDef"/> with a parameterless constructor and every <see cref="IOpProvider"/> in
/// this assembly, plus whatever <see cref="Register"/> adds.
/// </summary>
public static class OpRegistry
{
    private static readonly Dictionary<string, OpDef> s_ops = Build();

    private static Dictionary<string, OpDef> Build()
    {
        var d = new Dictionary<string, OpDef>(StringComparer.Ordinal);
        foreach (var t in typeof(OpRegistry).Assembly.GetTypes())
        {
            // Only top-level types register themselves; nested op classes belong to a provider.
            if (t.IsAbstract || t.IsInterface || t.ContainsGenericParameters || t.IsNested) continue;
            if (t.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is not { } ctor) continue;
            if (typeof(OpDef).IsAssignableFrom(t) && t.GetCustomAttribute<NotRegisteredAttribute>() is null)
                Add(d, (OpDef)ctor.Invoke(null));
            else if (typeof(IOpProvider).IsAssignableFrom(t))
                foreach (var op in ((IOpProvider)ctor.Invoke(null)).CreateOps()) Add(d, op);
        }
        return d;
    }

    private static void Add(Dictionary<string, OpDef> d, OpDef op)
    {
        if (!d.TryAdd(op.Name, op))
            throw new InvalidOperationException($"op '{op.Name}' is defined twice ({d[op.Name].GetType().Name}, {op.GetType().Name})");
        foreach (var a in op.Aliases)
            if (!d.TryAdd(a, op))
                throw new InvalidOperationException($"op alias '{a}' of {op.Name} is already taken by {d[a].Name}");
    }

    /// <summary>The op with this name or alias.</summary>
    /// <exception cref="KeyNotFoundException">No such op.</exception>
    public static OpDef Get(string name) =>
        s_ops.TryGetValue(name, out var op) ? op : throw new KeyNotFoundException($"operator '{name}' is not registered");

    /// <summary>The op with this name or alias, or null.</summary>
    public static OpDef? Find(string name) => s_ops.GetValueOrDefault(name);

    /// <summary>Adds an op defined outside this assembly (a user's custom op).</summary>
    public static void Register(OpDef op)
    {
        lock (s_ops) Add(s_ops, op);
    }

    /// <summary>Every distinct op (aliases folded).</summary>
    public static IEnumerable<OpDef> All => s_ops.Values.Distinct();
}

/// <summary>Keeps an <see cref="OpDef"/> type out of automatic registration (helpers, test doubles).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NotRegisteredAttribute : Attribute;
