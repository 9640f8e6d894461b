using System.Runtime.CompilerServices;

namespace Gluon.Cpu.Kernels;

/// <summary>
/// Which weight array a kernel reads: its storage, the byte offset of the array in it and the
/// storage's <see cref="Storage.Version"/> taken before the kernel read the contents. The default
/// value names no array (nothing is cached for it).
/// </summary>
internal readonly struct WeightKey
{
    public readonly Storage? Storage;
    public readonly long ByteOffset, Version;

    private WeightKey(Storage storage, long byteOffset, long version) => (Storage, ByteOffset, Version) = (storage, byteOffset, version);

    /// <summary>
    /// The key of <paramref name="weight"/> as it is now. Take it before reading the contents
    /// (through <see cref="NDArray.ReadPointer"/>, which leaves the version alone).
    /// </summary>
    public static WeightKey Of(NDArray weight) => new(weight.Storage, weight.ByteOffset, weight.Storage.Version);
}

/// <summary>
/// Packed forms of weight arrays (a convolution's transformed filters) kept between calls while the
/// weights are unchanged, as ONNX Runtime prepacks its initializers and MXNet's MKL-DNN backend keeps
/// reordered weights: at batch 1 the per-call transform costs as much as a third of a layer.
/// A form is rebuilt when the storage's version moved (any op wrote the weights, or anyone took
/// their address for writing). Caching starts on the second call that finds the same version, so
/// training, whose weights change every step, never allocates here and packs per call as before.
/// Total size is bounded by <see cref="BudgetBytes"/>; forms of weights no longer used make room for new ones.
/// </summary>
internal static unsafe class WeightCache
{
    /// <summary>
    /// Most bytes held by all cached forms (one form may take at most a quarter): 96 MiB, or
    /// <c>GLUON_WEIGHT_CACHE_MB</c> from the environment (0 turns caching off).
    /// </summary>
    internal static long BudgetBytes = (long.TryParse(Environment.GetEnvironmentVariable("GLUON_WEIGHT_CACHE_MB"), out long mb) && mb >= 0 ? mb : 96) << 20;

    private static readonly ConditionalWeakTable<Storage, List<Entry>> s_table = new();
    private static readonly Lock s_gate = new();
    private static long s_clock;

    /// <summary>The cached form of one weight array for one layout, or the record that it was seen once.</summary>
    internal sealed class Entry
    {
        public long ByteOffset, Layout, Floats, LastUse;
        /// <summary>The weights' version at the last call that looked this entry up.</summary>
        public long Seen;
        /// <summary>The version whose form <see cref="Buffer"/> holds (when <see cref="Ready"/>).</summary>
        public long Version;
        /// <summary>Pinned; null until the same version was seen twice.</summary>
        public float[]? Buffer;
        public bool Ready;
        public readonly Lock InUse = new();
    }

    /// <summary>
    /// A cached form held while a kernel uses it (the entry is locked: another caller of the same
    /// weights waits, eviction skips it). <see cref="Data"/> is null when nothing is cached: the
    /// caller packs into its own scratch. When <see cref="Ready"/> is false the caller packs into
    /// <see cref="Data"/> and calls <see cref="MarkReady"/>.
    /// </summary>
    public ref struct Lease
    {
        private readonly Entry? _entry;
        private readonly long _version;

        internal Lease(Entry entry, long version)
        {
            _entry = entry;
            _version = version;
            fixed (float* p = entry.Buffer) Data = (float*)(((nint)p + 63) & ~(nint)63);
            Ready = entry.Ready && entry.Version == version;
        }

        /// <summary>The form's floats (64-byte aligned), or null for none.</summary>
        public float* Data { get; }

        /// <summary>Whether <see cref="Data"/> already holds the form of the weights' current version.</summary>
        public bool Ready { get; }

        /// <summary>Records that <see cref="Data"/> now holds the form of the version the lease was taken for.</summary>
        public readonly void MarkReady()
        {
            if (_entry is null) return;
            _entry.Version = _version;
            _entry.Ready = true;
        }

        /// <summary>Lets others use or evict the form.</summary>
        public readonly void Dispose() => _entry?.InUse.Exit();
    }

    /// <summary>
    /// The form of layout <paramref name="layout"/> (a caller-chosen code for what the
    /// <paramref name="floats"/> floats hold) of the weights named by <paramref name="key"/>.
    /// </summary>
    public static Lease Get(in WeightKey key, long layout, long floats)
    {
        Entry? entry;
        lock (s_gate)
        {
            entry = Find(key, layout, floats, out bool stable);
            if (entry is null) return default;
            if (entry.Buffer is null)
            {
                // First seen, or changed since the last call (training): keep packing per call.
                if (!stable) return default;
                if (!MakeRoom(FormBytes(floats))) return default;
                entry.Buffer = GC.AllocateUninitializedArray<float>((int)(floats + 16), pinned: true);
                entry.Ready = false;
            }
        }
        entry.InUse.Enter();
        if (entry.Buffer is null)
        {
            // Evicted between the gate and the lock.
            entry.InUse.Exit();
            return default;
        }
        return new Lease(entry, key.Version);
    }

    /// <summary>
    /// True when the form of <paramref name="layout"/> of the weights named by <paramref name="key"/>
    /// is cached for their current version or will be by the next <see cref="Get"/> (this version
    /// was seen before): a kernel whose per-call transform would not pay may take its transformed
    /// path then. A first sighting is recorded, as by <see cref="Get"/>.
    /// </summary>
    public static bool Holds(in WeightKey key, long layout, long floats)
    {
        lock (s_gate) return Find(key, layout, floats, out bool stable) is not null && stable;
    }

    /// <summary>
    /// The entry of (key, layout, floats) under the gate, added when new; null where nothing may be
    /// cached. <paramref name="stable"/>: the previous lookup saw the same version (false for a new
    /// entry). Every lookup records the version it saw, so the second call after a write finds the
    /// weights stable again.
    /// </summary>
    private static Entry? Find(in WeightKey key, long layout, long floats, out bool stable)
    {
        stable = false;
        var storage = key.Storage;
        if (storage is null || storage.IsReleased || FormBytes(floats) > BudgetBytes / 4) return null;
        var list = s_table.GetOrCreateValue(storage);
        var entry = Match(list, key, layout, floats);
        if (entry is null) list.Add(entry = new Entry { ByteOffset = key.ByteOffset, Layout = layout, Floats = floats, Seen = key.Version });
        else stable = entry.Seen == key.Version;
        entry.Seen = key.Version;
        entry.LastUse = ++s_clock;
        return entry;
    }

    /// <summary>The entry of <paramref name="list"/> for (key's offset, layout, floats), or null.</summary>
    private static Entry? Match(List<Entry> list, in WeightKey key, long layout, long floats)
    {
        foreach (var e in list)
            if (e.ByteOffset == key.ByteOffset && e.Layout == layout && e.Floats == floats) return e;
        return null;
    }

    /// <summary>Bytes a form of <paramref name="floats"/> floats holds (its buffer has room to align the start to 64 bytes).</summary>
    private static long FormBytes(long floats) => floats * sizeof(float) + 64;

    /// <summary>
    /// Under the gate: bytes held by the forms of live weights, the number of entries (forms and
    /// records) and the least recently used form.
    /// </summary>
    private static long Held(out long entries, out Entry? oldest)
    {
        long held = 0;
        entries = 0;
        oldest = null;
        foreach (var (_, list) in s_table)
            foreach (var e in list)
            {
                entries++;
                if (e.Buffer is null) continue;
                held += FormBytes(e.Floats);
                if (oldest is null || e.LastUse < oldest.LastUse) oldest = e;
            }
        return held;
    }

    /// <summary>
    /// Evicts least recently used forms not in use until <paramref name="bytes"/> more fit (under
    /// the gate). Only stale forms go: those not used while every weight in the table could have
    /// been used twice (a network no longer run). Forms of weights used in the same round stay,
    /// so a network whose forms outgrow the budget keeps the ones that fit and packs the rest per
    /// call, instead of evicting and reallocating large buffers on every call. The held total is
    /// summed over the live table each time: forms of collected weights leave it with them.
    /// </summary>
    private static bool MakeRoom(long bytes)
    {
        while (true)
        {
            long held = Held(out long entries, out var oldest);
            if (held + bytes <= BudgetBytes) return true;
            if (oldest is null || s_clock - oldest.LastUse <= 2 * entries || !oldest.InUse.TryEnter()) return false;
            oldest.Buffer = null;
            oldest.Ready = false;
            oldest.InUse.Exit();
        }
    }

    /// <summary>Whether the form of the weights' current version is held now (tests).</summary>
    internal static bool HoldsForm(in WeightKey key, long layout, long floats)
    {
        lock (s_gate)
        {
            if (key.Storage is null || !s_table.TryGetValue(key.Storage, out var list)) return false;
            return Match(list, key, layout, floats) is { Buffer: not null, Ready: true } e && e.Version == key.Version;
        }
    }

    /// <summary>Bytes held by the cached forms of live weights now (tests).</summary>
    internal static long HeldBytes
    {
        get
        {
            lock (s_gate) return Held(out _, out _);
        }
    }

    /// <summary>Drops every cached form (tests).</summary>
    internal static void Clear()
    {
        lock (s_gate)
        {
            foreach (var (_, list) in s_table)
                foreach (var e in list)
                {
                    e.InUse.Enter();
                    e.Buffer = null;
                    e.Ready = false;
                    e.InUse.Exit();
                }
            s_table.Clear();
        }
    }
}
