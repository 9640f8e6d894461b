namespace Gluon;

/// <summary>
/// MXNet's automatic block naming (<c>mxnet.name.NameManager</c> and <c>gluon.block._BlockScope</c>):
/// outside any <see cref="Block.NameScope"/> a block without a prefix gets
/// <c>{hint}{n}_</c> from a per-thread counter per hint (<c>dense0_</c>, <c>dense1_</c>); inside a
/// parent's scope it gets a counter local to that parent, appended to the parent's prefix.
/// </summary>
internal static class NameManager
{
    [ThreadStatic] private static Dictionary<string, int>? t_global;
    [ThreadStatic] private static BlockScope? t_current;

    /// <summary>The scope of the block whose <c>NameScope()</c> is active on this thread, if any.</summary>
    internal static BlockScope? Current => t_current;

    /// <summary>The global name for <paramref name="hint"/>: hint + per-thread count.</summary>
    internal static string NextGlobal(string hint)
    {
        t_global ??= new Dictionary<string, int>(StringComparer.Ordinal);
        t_global.TryGetValue(hint, out int n);
        t_global[hint] = n + 1;
        return hint + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Forgets the global counters of this thread (tests that check exact names start from 0).</summary>
    internal static void ResetGlobal() => t_global = null;

    /// <summary>
    /// Works out the prefix and parameter dict of a new block (MXNet's <c>_BlockScope.create</c>).
    /// </summary>
    internal static (string Prefix, ParameterDict Params) Create(string? prefix, ParameterDict? @params, string hint)
    {
        var current = t_current;
        if (current is null)
        {
            prefix ??= NextGlobal(hint) + "_";
            return (prefix, @params is null ? new ParameterDict(prefix) : new ParameterDict(@params.Prefix, @params));
        }
        if (prefix is null)
        {
            current.Counter.TryGetValue(hint, out int count);
            prefix = hint + count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_";
            current.Counter[hint] = count + 1;
        }
        var parent = current.Block.Params;
        var dict = @params is null ? new ParameterDict(parent.Prefix + prefix, parent.Shared) : new ParameterDict(@params.Prefix, @params);
        return (current.Block.Prefix + prefix, dict);
    }

    /// <summary>A block's naming scope; its counters persist across entries, as in MXNet.</summary>
    internal sealed class BlockScope(Block block)
    {
        public readonly Block Block = block;
        public readonly Dictionary<string, int> Counter = new(StringComparer.Ordinal);

        public IDisposable Enter()
        {
            if (Block.HasEmptyPrefix) return new Exit(null, false);
            var old = t_current;
            t_current = this;
            return new Exit(old, true);
        }

        private sealed class Exit(BlockScope? old, bool restore) : IDisposable
        {
            private bool _done;

            public void Dispose()
            {
                if (_done || !restore) return;
                _done = true;
                t_current = old;
            }
        }
    }
}
