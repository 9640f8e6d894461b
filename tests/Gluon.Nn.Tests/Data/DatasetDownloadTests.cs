using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gluon.Data.Vision;

namespace Gluon.Tests.Data;

/// <summary>The dataset downloader against a local HTTP server (no outside network).</summary>
[Collection(ProcessStateCollection.Name)]
public sealed class DatasetDownloadTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gluon-dl-" + Guid.NewGuid().ToString("N"));
    private readonly HttpListener _server = new();
    private readonly string _url;
    private readonly byte[] _body = Enumerable.Range(0, 5000).Select(i => (byte)(i * 13)).ToArray();

    public DatasetDownloadTests()
    {
        Directory.CreateDirectory(_dir);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _url = $"http://127.0.0.1:{port}/";
        _server.Prefixes.Add(_url);
        _server.Start();
        _ = Task.Run(async () =>
        {
            while (_server.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _server.GetContextAsync(); }
                catch (Exception) { return; }
                if (ctx.Request.Url!.AbsolutePath.EndsWith("/file.bin", StringComparison.Ordinal))
                {
                    ctx.Response.ContentLength64 = _body.Length;
                    await ctx.Response.OutputStream.WriteAsync(_body);
                }
                else
                {
                    ctx.Response.StatusCode = 404;
                }
                ctx.Response.Close();
            }
        });
    }

    public void Dispose()
    {
        _server.Close();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void AMissingFileIsDownloadedFromTheRepositoryWithItsSha1Checked()
    {
        var old = Environment.GetEnvironmentVariable("MXNET_GLUON_REPO");
        Environment.SetEnvironmentVariable("MXNET_GLUON_REPO", _url);
        try
        {
            var sha1 = Convert.ToHexStringLower(SHA1.HashData(_body));
            var root = Path.Combine(_dir, "root");
            var got = DatasetFiles.Find("Test", root, "x", "file.bin", sha1, [Path.Combine(root, "file.bin")]);
            Assert.Equal(Path.Combine(root, "file.bin"), got);
            Assert.Equal(_body, File.ReadAllBytes(got));

            var other = Path.Combine(_dir, "other");
            Check.Throws<FileNotFoundException>(() => DatasetFiles.Find("Test", other, "x", "file.bin", new string('0', 40), []),
                "Test: file.bin not found", _url + "gluon/dataset/x/file.bin", "hash does not match");
            Assert.False(File.Exists(Path.Combine(other, "file.bin")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MXNET_GLUON_REPO", old);
        }
    }

    [Fact]
    public void UrlFollowsMxnetGluonRepo()
    {
        var old = Environment.GetEnvironmentVariable("MXNET_GLUON_REPO");
        try
        {
            Environment.SetEnvironmentVariable("MXNET_GLUON_REPO", null);
            Assert.Equal("https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/gluon/dataset/fashion-mnist/t10k-labels-idx1-ubyte.gz",
                DatasetFiles.Url("fashion-mnist", "t10k-labels-idx1-ubyte.gz"));
            Environment.SetEnvironmentVariable("MXNET_GLUON_REPO", "http://mirror.example/repo");
            Assert.Equal("http://mirror.example/repo/gluon/dataset/mnist/a.gz", DatasetFiles.Url("mnist", "a.gz"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MXNET_GLUON_REPO", old);
        }
    }
}
