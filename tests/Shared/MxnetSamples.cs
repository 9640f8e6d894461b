namespace Gluon.Tests;

/// <summary>
/// Where the real MXNet-written files of shared/external/mxnet-models are: the folder named by
/// <c>GLUON_MXNET_MODELS</c> when it is set, else a shared/external/mxnet-models beside the repo
/// or above it (a fresh clone sits beside shared/; a worktree may sit deeper), else the
/// workplace's /work/shared. One lookup for every test project (linked into each).
/// </summary>
internal static class MxnetSamples
{
    private static readonly Lazy<string> s_folder = new(Find);

    /// <summary>The full path of <paramref name="relative"/> inside the sample folder.</summary>
    /// <exception cref="DirectoryNotFoundException">No sample folder was found (the message lists where it looked).</exception>
    /// <exception cref="FileNotFoundException">The folder was found but lacks the file.</exception>
    public static string Path(params string[] relative)
    {
        string file = System.IO.Path.GetFullPath(System.IO.Path.Combine([s_folder.Value, .. relative]));
        if (!File.Exists(file)) throw new FileNotFoundException($"sample file missing from {s_folder.Value}: {string.Join('/', relative)}", file);
        return file;
    }

    private static string Find()
    {
        var tried = new List<string>();
        string? env = Environment.GetEnvironmentVariable("GLUON_MXNET_MODELS");
        if (!string.IsNullOrEmpty(env))
        {
            if (Directory.Exists(env)) return env;
            tried.Add($"{env} (GLUON_MXNET_MODELS)");
        }
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Gluon.sln"))) dir = dir.Parent;
        for (var up = dir?.Parent; up is not null; up = up.Parent)
        {
            string models = System.IO.Path.Combine(up.FullName, "shared", "external", "mxnet-models");
            tried.Add(models);
            if (Directory.Exists(models)) return models;
        }
        const string workplace = "/work/shared/external/mxnet-models";
        tried.Add(workplace);
        if (Directory.Exists(workplace)) return workplace;
        throw new DirectoryNotFoundException(
            "the MXNet sample files (shared/external/mxnet-models) were not found; set GLUON_MXNET_MODELS or place shared/ beside the repo. Looked in: "
            + string.Join(", ", tried));
    }
}
