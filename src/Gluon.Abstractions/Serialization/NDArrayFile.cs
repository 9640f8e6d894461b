namespace Gluon.Serialization;

/// <summary>
/// MXNet's NDArray-list file (<c>mx.nd.save</c> / <c>mx.nd.load</c>), the format under
/// <c>.params</c> files: a 0x112 header, the arrays, then an optional name per array (formats
/// spec §1). Files written here load in MXNet 1.x and files MXNet wrote (v0 to V3 records)
/// load here.
/// </summary>
public static class NDArrayFile
{
    // ---- save ---------------------------------------------------------------------------------

    /// <summary>
    /// Saves named arrays (<c>mx.nd.save(fname, dict)</c>), in the dictionary's enumeration order.
    /// Dense V2 records with context cpu(0); scalars and zero-size arrays use V3 records, the only
    /// form in which MXNet keeps them. The data goes to a temporary file in the same folder that
    /// then replaces <paramref name="path"/>, so a failed save leaves any previous file intact.
    /// </summary>
    /// <param name="path">The file to write (created or replaced).</param>
    /// <param name="arrays">Name → array; names are stored as UTF-8.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An array is null.</exception>
    /// <exception cref="NotSupportedException">An array has a dtype MXNet cannot save.</exception>
    /// <exception cref="ObjectDisposedException">An array was disposed.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void Save(string path, IReadOnlyDictionary<string, NDArray> arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        var (names, list) = Split(arrays);
        SaveFile(path, list, names);
    }

    /// <summary>
    /// Saves an unnamed list of arrays (<c>mx.nd.save(fname, [a, b])</c>; the file has no names).
    /// Same record forms and replace-on-success behaviour as the dictionary overload.
    /// </summary>
    /// <param name="path">The file to write (created or replaced).</param>
    /// <param name="arrays">The arrays, in order.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An array is null.</exception>
    /// <exception cref="NotSupportedException">An array has a dtype MXNet cannot save.</exception>
    /// <exception cref="ObjectDisposedException">An array was disposed.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void Save(string path, IReadOnlyList<NDArray> arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        SaveFile(path, arrays, null);
    }

    /// <summary>Writes named arrays to <paramref name="stream"/> at its current position (see <see cref="Save(string, IReadOnlyDictionary{string, NDArray})"/>).</summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    /// <param name="arrays">Name → array.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An array is null.</exception>
    /// <exception cref="NotSupportedException">An array has a dtype MXNet cannot save.</exception>
    public static void Save(Stream stream, IReadOnlyDictionary<string, NDArray> arrays)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        var (names, list) = Split(arrays);
        NDArrayFileWriter.Validate(list, names);
        NDArrayFileWriter.Write(stream, list, names);
    }

    /// <summary>Writes an unnamed list of arrays to <paramref name="stream"/> at its current position.</summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    /// <param name="arrays">The arrays, in order.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An array is null.</exception>
    /// <exception cref="NotSupportedException">An array has a dtype MXNet cannot save.</exception>
    public static void Save(Stream stream, IReadOnlyList<NDArray> arrays)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        NDArrayFileWriter.Validate(arrays, null);
        NDArrayFileWriter.Write(stream, arrays, null);
    }

    // ---- load ---------------------------------------------------------------------------------

    /// <summary>
    /// Loads every array of an NDArray-list file in file order, with its name (empty strings for
    /// an unnamed list). Reads v0, V1, V2 and V3 dense records of any Gluon dtype; the context
    /// stored in the file is ignored.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="ctx">Where the arrays go; cpu(0) when null.</param>
    /// <returns>(name, array) pairs in file order.</returns>
    /// <exception cref="InvalidDataException">The file is not a well-formed NDArray list: the message names the file, the byte offset and the fault (bad header, truncation, unknown type flag, bad dims, name count, trailing bytes).</exception>
    /// <exception cref="NotSupportedException">The file holds sparse or "none" arrays.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<(string Name, NDArray Array)> Load(string path, Context? ctx = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return new NDArrayFileReader(fs, $"NDArray file '{path}'", ctx ?? Context.Cpu(0)).ReadAll();
    }

    /// <summary>
    /// Loads an NDArray list from <paramref name="stream"/>, from its current position to its end
    /// (trailing bytes are an error). Offsets in error messages count from the starting position.
    /// </summary>
    /// <param name="stream">A readable stream; it is left open.</param>
    /// <param name="ctx">Where the arrays go; cpu(0) when null.</param>
    /// <param name="sourceName">What error messages call the data; "NDArray stream" when null.</param>
    /// <returns>(name, array) pairs in file order.</returns>
    /// <exception cref="InvalidDataException">The data is not a well-formed NDArray list (see <see cref="Load(string, Context?)"/>).</exception>
    /// <exception cref="NotSupportedException">The data holds sparse or "none" arrays.</exception>
    public static IReadOnlyList<(string Name, NDArray Array)> Load(Stream stream, Context? ctx = null, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new NDArrayFileReader(stream, sourceName ?? "NDArray stream", ctx ?? Context.Cpu(0)).ReadAll();
    }

    /// <summary>Loads a named file (what <c>mx.nd.load</c> returns as a dict), in file order.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="ctx">Where the arrays go; cpu(0) when null.</param>
    /// <exception cref="InvalidDataException">The file is malformed, is an unnamed list holding arrays, or repeats a name.</exception>
    /// <exception cref="NotSupportedException">The file holds sparse or "none" arrays.</exception>
    public static IReadOnlyDictionary<string, NDArray> LoadDict(string path, Context? ctx = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ToDict(new NDArrayFileReader(fs, $"NDArray file '{path}'", ctx ?? Context.Cpu(0)));
    }

    /// <summary>Loads a named list from <paramref name="stream"/> as a dictionary, in file order.</summary>
    /// <param name="stream">A readable stream; it is left open.</param>
    /// <param name="ctx">Where the arrays go; cpu(0) when null.</param>
    /// <param name="sourceName">What error messages call the data.</param>
    /// <exception cref="InvalidDataException">The data is malformed, is an unnamed list holding arrays, or repeats a name.</exception>
    /// <exception cref="NotSupportedException">The data holds sparse or "none" arrays.</exception>
    public static IReadOnlyDictionary<string, NDArray> LoadDict(Stream stream, Context? ctx = null, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ToDict(new NDArrayFileReader(stream, sourceName ?? "NDArray stream", ctx ?? Context.Cpu(0)));
    }

    /// <summary>Loads the arrays of a file in order, ignoring any names (what <c>mx.nd.load</c> returns as a list).</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="ctx">Where the arrays go; cpu(0) when null.</param>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    /// <exception cref="NotSupportedException">The file holds sparse or "none" arrays.</exception>
    public static IReadOnlyList<NDArray> LoadList(string path, Context? ctx = null) => Arrays(Load(path, ctx));

    /// <summary>Loads the arrays of a stream in order, ignoring any names.</summary>
    /// <param name="stream">A readable stream; it is left open.</param>
    /// <param name="ctx">Where the arrays go; cpu(0) when null.</param>
    /// <param name="sourceName">What error messages call the data.</param>
    /// <exception cref="InvalidDataException">The data is malformed.</exception>
    /// <exception cref="NotSupportedException">The data holds sparse or "none" arrays.</exception>
    public static IReadOnlyList<NDArray> LoadList(Stream stream, Context? ctx = null, string? sourceName = null) =>
        Arrays(Load(stream, ctx, sourceName));

    // ---- helpers ------------------------------------------------------------------------------

    private static void SaveFile(string path, IReadOnlyList<NDArray> arrays, IReadOnlyList<string>? names)
    {
        ArgumentNullException.ThrowIfNull(path);
        NDArrayFileWriter.Validate(arrays, names);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        // Same folder as the target, so the final move is a rename on one volume.
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                NDArrayFileWriter.Write(fs, arrays, names);
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temp file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static (string[] Names, NDArray[] Arrays) Split(IReadOnlyDictionary<string, NDArray> dict)
    {
        var names = new string[dict.Count];
        var arrays = new NDArray[dict.Count];
        int i = 0;
        foreach (var (k, v) in dict)
        {
            names[i] = k;
            arrays[i] = v;
            i++;
        }
        return (names, arrays);
    }

    private static IReadOnlyDictionary<string, NDArray> ToDict(NDArrayFileReader reader)
    {
        var items = reader.ReadAll();
        string source = reader.Source;
        var dict = new Dictionary<string, NDArray>(items.Count);
        try
        {
            if (items.Count > 0 && !reader.HasNames)
                throw new InvalidDataException($"{source}: holds an unnamed list of {items.Count} arrays, not named arrays; use LoadList");
            foreach (var (name, array) in items)
                if (!dict.TryAdd(name, array))
                    throw new InvalidDataException($"{source}: the name '{name}' appears more than once");
            return dict;
        }
        catch
        {
            foreach (var (_, a) in items) a.Dispose();
            throw;
        }
    }

    private static IReadOnlyList<NDArray> Arrays(IReadOnlyList<(string Name, NDArray Array)> items)
    {
        var r = new NDArray[items.Count];
        for (int i = 0; i < r.Length; i++) r[i] = items[i].Array;
        return r;
    }
}
