namespace Gluon.Data.Vision;

/// <summary>
/// Finds a dataset file locally or downloads it from the Gluon repository (MXNet's
/// <c>gluon.utils.download</c> with <c>sha1_hash</c>, from <c>{MXNET_GLUON_REPO}gluon/dataset/{namespace}/{file}</c>).
/// A file already present is used as is; a download goes through <see cref="Utils.Download"/>,
/// which checks the SHA-1 before moving the file into place.
/// </summary>
internal static class DatasetFiles
{
    private const string DefaultRepo = "https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/";

    /// <summary>MXNet's repository URL for a dataset file (<c>_get_repo_file_url('gluon/dataset/' + ns, name)</c>).</summary>
    public static string Url(string ns, string fileName)
    {
        var repo = Environment.GetEnvironmentVariable("MXNET_GLUON_REPO");
        if (string.IsNullOrEmpty(repo)) repo = DefaultRepo;
        if (!repo.EndsWith('/')) repo += "/";
        return $"{repo}gluon/dataset/{ns}/{fileName}";
    }

    /// <summary>
    /// The first existing path among <paramref name="candidates"/>; otherwise downloads <paramref name="fileName"/>
    /// into <paramref name="root"/> and returns its path.
    /// </summary>
    /// <exception cref="FileNotFoundException">No candidate exists and the download failed (the message lists where it looked).</exception>
    public static string Find(string dataset, string root, string ns, string fileName, string sha1, IEnumerable<string> candidates)
    {
        var looked = new List<string>();
        foreach (var c in candidates)
        {
            if (File.Exists(c)) return c;
            looked.Add(c);
        }
        var target = Path.Combine(root, fileName);
        var url = Url(ns, fileName);
        try
        {
            return Utils.Download(url, target, sha1Hash: sha1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileNotFoundException(
                $"{dataset}: {fileName} not found (looked for {string.Join(", ", looked)}) and downloading {url} failed: {e.Message}", target, e);
        }
    }
}
