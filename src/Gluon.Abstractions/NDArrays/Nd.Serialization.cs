using Gluon.Serialization;

namespace Gluon;

public static partial class Nd
{
    /// <summary>
    /// Saves named arrays to an MXNet NDArray-list file (<c>mx.nd.save(fname, dict)</c>); see
    /// <see cref="NDArrayFile.Save(string, IReadOnlyDictionary{string, NDArray})"/>.
    /// </summary>
    /// <param name="path">The file to write (created or replaced only when the save succeeds).</param>
    /// <param name="arrays">Name → array.</param>
    /// <exception cref="ArgumentException">An array is null.</exception>
    /// <exception cref="NotSupportedException">An array has a dtype MXNet cannot save.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void Save(string path, IReadOnlyDictionary<string, NDArray> arrays) => NDArrayFile.Save(path, arrays);

    /// <summary>Saves an unnamed list of arrays (<c>mx.nd.save(fname, [a, b])</c>).</summary>
    /// <param name="path">The file to write (created or replaced only when the save succeeds).</param>
    /// <param name="arrays">The arrays, in order.</param>
    /// <exception cref="ArgumentException">An array is null.</exception>
    /// <exception cref="NotSupportedException">An array has a dtype MXNet cannot save.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void Save(string path, IReadOnlyList<NDArray> arrays) => NDArrayFile.Save(path, arrays);

    /// <summary>Saves one array as a one-element unnamed list (<c>mx.nd.save(fname, a)</c>).</summary>
    /// <param name="path">The file to write (created or replaced only when the save succeeds).</param>
    /// <param name="array">The array.</param>
    /// <exception cref="NotSupportedException">The array has a dtype MXNet cannot save.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void Save(string path, NDArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        NDArrayFile.Save(path, new[] { array });
    }

    /// <summary>
    /// Loads an MXNet NDArray-list file (<c>mx.nd.load</c>): (name, array) pairs in file order,
    /// names empty for an unnamed list. See <see cref="NDArrayFile.Load(string, Context?)"/>.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="ctx">Where the arrays go; cpu(0) when null.</param>
    /// <exception cref="InvalidDataException">The file is malformed (the message names the byte offset).</exception>
    /// <exception cref="NotSupportedException">The file holds sparse or "none" arrays.</exception>
    public static IReadOnlyList<(string Name, NDArray Array)> Load(string path, Context? ctx = null) => NDArrayFile.Load(path, ctx);
}
