using System.Security.Cryptography;

namespace Gluon.Data.Vision;

/// <summary>
/// Finds a dataset file locally or downloads it from the Gluon repository (MXNet's
/// <c>gluon.utils.download</c> with <c>sha1_hash</c>, from <c>{MXNET_GLUON_REPO}gluon/dataset/{namespace}/{file}</c>).
/// A file already present is used as is; a downloaded file must match its SHA-1 before it is
/// moved into place (downloads go to a temporary file first).
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
            Download(url, target, sha1);
            return target;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new FileNotFoundException(
                $"{dataset}: {fileName} not found (looked for {string.Join(", ", looked)}) and downloading {url} failed: {e.Message}", target, e);
        }
    }

    /// <summary>Downloads <paramref name="url"/> to <paramref name="path"/>, checking its SHA-1.</summary>
    public static void Download(string url, string path, string sha1)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) })
            using (var response = http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult())
            {
                response.EnsureSuccessStatusCode();
                using var body = response.Content.ReadAsStream();
                using var file = File.Create(tmp);
                body.CopyTo(file);
            }
            var actual = Sha1(tmp);
            if (!string.Equals(actual, sha1, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"the downloaded file has SHA-1 {actual}, expected {sha1}");
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>The lowercase hex SHA-1 of a file (<c>check_sha1</c>).</summary>
    public static string Sha1(string path)
    {
        using var f = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA1.HashData(f));
    }
}
