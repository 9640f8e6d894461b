using System.Reflection;

namespace Gluon.Backends;

/// <summary>
/// Finds the backend of a device type on first use: loads its assembly by name and reads its
/// <see cref="GluonBackendAttribute"/>. A missing backend gives an error naming the package.
/// </summary>
public static class BackendRegistry
{
    private static readonly Backend?[] s_byType = new Backend?[8];
    private static readonly object s_lock = new();

    /// <summary>The backend serving <paramref name="context"/>.</summary>
    /// <exception cref="InvalidOperationException">No backend for that device type is referenced.</exception>
    public static Backend Get(Context context)
    {
        int slot = context.IsCpu ? (int)DeviceType.Cpu : (int)context.DeviceType;
        return s_byType[slot] ?? Load(slot, context);
    }

    /// <summary>Installs a backend explicitly (tests, or a host that ships its own).</summary>
    public static void Register(Backend backend)
    {
        lock (s_lock) s_byType[(int)backend.DeviceType] = backend;
    }

    private static Backend Load(int slot, Context context)
    {
        lock (s_lock)
        {
            if (s_byType[slot] is { } b) return b;
            string assemblyName = slot == (int)DeviceType.Gpu ? "Gluon.Cuda" : "Gluon.Cpu";
            Assembly asm;
            try
            {
                asm = Assembly.Load(assemblyName);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                throw new InvalidOperationException(
                    $"no backend for {context}: reference the NuGet package '{assemblyName}' to run on this device", e);
            }
            var attr = asm.GetCustomAttribute<GluonBackendAttribute>()
                ?? throw new InvalidOperationException($"assembly {assemblyName} declares no [GluonBackend] for {context}");
            var backend = (Backend)Activator.CreateInstance(attr.BackendType)!;
            s_byType[slot] = backend;
            return backend;
        }
    }
}
