using System.Security.Cryptography;
using System.Text;

namespace Gluon.Tests.Utils;

public sealed class DownloadTests : IDisposable
{
    private readonly TestHttpServer _server = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gluon-dl-" + Guid.NewGuid().ToString("N"));

    private static readonly byte[] Payload = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("gluon payload 0123456789\n", 5000)));

    private static string Sha1Hex(byte[] b) => Convert.ToHexStringLower(SHA1.HashData(b));

    public DownloadTests()
    {
        Directory.CreateDirectory(_dir);
        _server.Routes["/data/file.bin"] = (200, Payload);
    }

    public void Dispose()
    {
        _server.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string[] LeftoverTempFiles(string folder) =>
        Directory.GetFiles(folder).Where(f => Path.GetFileName(f).Contains(".bin.")).ToArray();

    [Fact]
    public void DownloadsIntoNewFoldersAndChecksHash()
    {
        var target = Path.Combine(_dir, "a", "b", "out.bin");
        var got = Gluon.Utils.Download(_server.Url("/data/file.bin"), target, sha1Hash: Sha1Hex(Payload));
        Assert.Equal(target, got);
        Assert.Equal(Payload, File.ReadAllBytes(target));
        Assert.True(Gluon.Utils.CheckSha1(target, Sha1Hex(Payload)));
        Assert.True(Gluon.Utils.CheckSha1(target, Sha1Hex(Payload).ToUpperInvariant()));
        Assert.False(Gluon.Utils.CheckSha1(target, Sha1Hex([1, 2, 3])));
        Assert.Empty(LeftoverTempFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public void FolderPathTakesTheUrlFileName()
    {
        var got = Gluon.Utils.Download(_server.Url("/data/file.bin"), _dir);
        Assert.Equal(Path.Combine(_dir, "file.bin"), got);
        Assert.Equal(Payload, File.ReadAllBytes(got));
    }

    [Fact]
    public void ExistingFileIsKeptUnlessOverwriteOrHashMismatch()
    {
        var target = Path.Combine(_dir, "keep.bin");
        File.WriteAllText(target, "old");
        var url = _server.Url("/data/file.bin");
        Gluon.Utils.Download(url, target);
        Assert.Equal("old", File.ReadAllText(target));
        Assert.False(_server.Hits.ContainsKey("/data/file.bin"));

        // A matching hash also keeps it.
        Gluon.Utils.Download(url, target, sha1Hash: Sha1Hex(Encoding.UTF8.GetBytes("old")));
        Assert.Equal("old", File.ReadAllText(target));
        Assert.False(_server.Hits.ContainsKey("/data/file.bin"));

        // A mismatching hash fetches again.
        Gluon.Utils.Download(url, target, sha1Hash: Sha1Hex(Payload));
        Assert.Equal(Payload, File.ReadAllBytes(target));
        Assert.Equal(1, _server.Hits["/data/file.bin"]);

        // overwrite replaces even a valid file.
        File.WriteAllText(target, "old again");
        Gluon.Utils.Download(url, target, overwrite: true);
        Assert.Equal(Payload, File.ReadAllBytes(target));
        Assert.Equal(2, _server.Hits["/data/file.bin"]);
    }

    [Fact]
    public void HashMismatchRetriesThenFailsAndLeavesTargetAlone()
    {
        var target = Path.Combine(_dir, "bad.bin");
        File.WriteAllText(target, "previous");
        var e = Assert.Throws<IOException>(() =>
            Gluon.Utils.Download(_server.Url("/data/file.bin"), target, overwrite: true, sha1Hash: Sha1Hex([9]), retries: 3));
        Assert.Contains("content hash does not match", e.Message);
        Assert.Equal(3, _server.Hits["/data/file.bin"]);
        Assert.Equal("previous", File.ReadAllText(target));
        Assert.Empty(LeftoverTempFiles(_dir));
    }

    [Fact]
    public void NotFoundFailsWithStatusInMessage()
    {
        var target = Path.Combine(_dir, "missing.bin");
        var e = Assert.Throws<IOException>(() => Gluon.Utils.Download(_server.Url("/nope.bin"), target, retries: 2));
        Assert.Contains("Failed downloading url", e.Message);
        Assert.Contains("404", e.Message);
        Assert.Equal(2, _server.Hits["/nope.bin"]);
        Assert.False(File.Exists(target));
        // retries = 0 still makes one attempt (MXNet's loop).
        Assert.Throws<IOException>(() => Gluon.Utils.Download(_server.Url("/nope0.bin"), target, retries: 0));
        Assert.Equal(1, _server.Hits["/nope0.bin"]);
    }

    [Fact]
    public void ServerErrorsThenSuccessAreRetried()
    {
        var target = Path.Combine(_dir, "flaky.bin");
        _server.Routes["/flaky.bin"] = (200, Payload);
        _server.FailFirst["/flaky.bin"] = 2;
        Assert.Equal(target, Gluon.Utils.Download(_server.Url("/flaky.bin"), target, retries: 3));
        Assert.Equal(Payload, File.ReadAllBytes(target));
        Assert.Equal(3, _server.Hits["/flaky.bin"]);
        Assert.Empty(LeftoverTempFiles(_dir));
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Check.Throws<ArgumentException>(() => Gluon.Utils.Download("ftp://x/y.bin", _dir), "not an absolute http or https URL");
        Check.Throws<ArgumentException>(() => Gluon.Utils.Download(_server.Url("/dir/")), "Can't construct file-name");
        Check.Throws<ArgumentOutOfRangeException>(() => Gluon.Utils.Download(_server.Url("/data/file.bin"), Path.Combine(_dir, "x.bin"), retries: -1),
            "Number of retries should be at least 0");
        Assert.Throws<FileNotFoundException>(() => Gluon.Utils.CheckSha1(Path.Combine(_dir, "none"), "00"));
    }
}
