using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace Gluon;

public static partial class Utils
{
    /// <summary>
    /// True when the SHA-1 of the file's content, as hex digits, equals <paramref name="sha1Hash"/>
    /// (MXNet's <c>check_sha1</c>; the file is read in 1 MiB chunks; hex case is ignored).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static bool CheckSha1(string filename, string sha1Hash)
    {
        ArgumentNullException.ThrowIfNull(filename);
        ArgumentNullException.ThrowIfNull(sha1Hash);
        using var f = new FileStream(filename, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        var digest = SHA1.HashData(f);
        return string.Equals(Convert.ToHexStringLower(digest), sha1Hash, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Moves <paramref name="src"/> over <paramref name="dst"/>, replacing it (MXNet's
    /// <c>replace_file</c>, atomic on one file system). On failure the source is deleted.
    /// </summary>
    /// <exception cref="IOException">The move failed.</exception>
    public static void ReplaceFile(string src, string dst)
    {
        try
        {
            File.Move(src, dst, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(src);
            throw new IOException($"Moving downloaded temp file - {src}, to {dst} failed. Please retry the download.", e);
        }
    }

    /// <summary>
    /// Downloads <paramref name="url"/> (http or https) to a file (MXNet's <c>download</c>) and
    /// returns its path. The target is <paramref name="path"/>, or the last URL segment inside
    /// it when it is an existing folder, or the last URL segment in the current folder when it
    /// is null (<c>~</c> expands to the home folder). Nothing is fetched when the file exists,
    /// <paramref name="overwrite"/> is false and (when given) its SHA-1 matches. Otherwise missing
    /// folders are created, the body is written to <c>target.&lt;guid&gt;</c> and then moved over
    /// the target. A non-200 status, a transport error, or a SHA-1 mismatch of the downloaded
    /// body fails the attempt (the target is then left as it was); <c>max(retries, 1)</c> attempts are made (MXNet's count) and the last
    /// error is thrown. Unlike MXNet 1.9, which keeps an existing file whose hash matches (or
    /// when no hash is given) even with <c>overwrite=True</c>, an overwrite here replaces it.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <param name="path">Target file or folder; null for the current folder.</param>
    /// <param name="overwrite">Download even when the target exists.</param>
    /// <param name="sha1Hash">Expected SHA-1 in hex; an existing file with another hash is downloaded again.</param>
    /// <param name="retries">Number of attempts (at least 0; 0 still makes one attempt).</param>
    /// <param name="verifySsl">Verify TLS certificates (false warns, as MXNet does).</param>
    /// <returns>The path of the file.</returns>
    /// <exception cref="ArgumentException">The URL is not absolute http(s), or no file name can be derived from it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retries"/> is negative.</exception>
    /// <exception cref="IOException">Every attempt failed (HTTP status, hash mismatch, transport or file error); the message names the URL and the cause.</exception>
    public static string Download(string url, string? path = null, bool overwrite = false, string? sha1Hash = null, int retries = 5, bool verifySsl = true)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"download: '{url}' is not an absolute http or https URL", nameof(url));
        string lastSegment = url.Split('/')[^1];
        string fname;
        if (path is null)
        {
            if (lastSegment.Length == 0)
                throw new ArgumentException($"download: Can't construct file-name from the URL '{url}'. Please set the `path` option manually.", nameof(url));
            fname = lastSegment;
        }
        else
        {
            path = ExpandUser(path);
            if (Directory.Exists(path))
            {
                if (lastSegment.Length == 0)
                    throw new ArgumentException($"download: Can't construct file-name from the URL '{url}' inside folder '{path}'. Please give a file path.", nameof(url));
                fname = Path.Combine(path, lastSegment);
            }
            else fname = path;
        }
        if (retries < 0)
            throw new ArgumentOutOfRangeException(nameof(retries), retries, $"Number of retries should be at least 0, currently it's {retries}");
        if (!verifySsl)
            Warnings.Emit("Unverified HTTPS request is being made (verify_ssl=False). Adding certificate verification is strongly advised.");

        if (!overwrite && File.Exists(fname) && (sha1Hash is null || CheckSha1(fname, sha1Hash)))
            return fname;

        var dir = Path.GetDirectoryName(Path.GetFullPath(fname));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);

        using var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None };
        if (!verifySsl) handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        using var client = new HttpClient(handler);
        int attemptsLeft = Math.Max(retries, 1);
        while (true)
        {
            try
            {
                DownloadOnce(client, url, fname, overwrite, sha1Hash);
                return fname;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TaskCanceledException or UnauthorizedAccessException)
            {
                attemptsLeft--;
                if (attemptsLeft <= 0)
                    throw e as IOException ?? new IOException($"Failed downloading url {url}: {e.Message}", e);
                Trace.TraceInformation($"download failed due to {e.Message}, retrying, {attemptsLeft} attempt{(attemptsLeft > 1 ? "s" : "")} left");
            }
        }
    }

    private static void DownloadOnce(HttpClient client, string url, string fname, bool overwrite, string? sha1Hash)
    {
        Trace.TraceInformation($"Downloading {fname} from {url}...");
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new IOException($"Failed downloading url {url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        string temp = $"{fname}.{Guid.NewGuid()}";
        try
        {
            using (var body = response.Content.ReadAsStream())
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                body.CopyTo(f);
            // Checked before the move, so a bad download never replaces the target.
            if (sha1Hash is not null && !CheckSha1(temp, sha1Hash))
                throw new IOException($"File {fname} is downloaded but the content hash does not match. The repo may be outdated or download may be incomplete. " +
                    "If the \"repo_url\" is overridden, consider switching to the default repo.");
            // Another process may have produced the file meanwhile; keep it when it is valid.
            if (overwrite || !File.Exists(fname) || (sha1Hash is not null && !CheckSha1(fname, sha1Hash)))
                ReplaceFile(temp, fname);
            else
                Warnings.Emit($"File {fname} exists in file system so the downloaded file is deleted");
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static string ExpandUser(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
            return Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..];
        return path;
    }

    private static void TryDelete(string file)
    {
        try
        {
            if (File.Exists(file)) File.Delete(file);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless; the caller's error matters more.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// True when every dimension of <paramref name="shape"/> is known (MXNet's <c>shape_is_known</c>
    /// in legacy shape mode, where 0 means unknown): false for null, a 0-d shape or any 0 dimension.
    /// </summary>
    public static bool ShapeIsKnown(Shape? shape)
    {
        if (shape is null || shape.Rank == 0) return false;
        foreach (var d in shape)
            if (d == 0) return false;
        return true;
    }
}
