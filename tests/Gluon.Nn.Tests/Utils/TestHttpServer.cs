using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gluon.Tests.Utils;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 for download tests: GET only, one request per
/// connection, responses from a path table, and a hit count per path.
/// </summary>
internal sealed class TestHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;

    public ConcurrentDictionary<string, (int Status, byte[] Body)> Routes { get; } = new();
    public ConcurrentDictionary<string, int> Hits { get; } = new();

    /// <summary>Per path, how many requests get a 500 before the route's own response.</summary>
    public ConcurrentDictionary<string, int> FailFirst { get; } = new();

    public TestHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    private async Task AcceptLoop()
    {
        while (!_cts.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_cts.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync();
            if (requestLine is null) return;
            string? line;
            while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync())) { }
            var path = requestLine.Split(' ')[1];
            Hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            var (status, body) = Routes.TryGetValue(path, out var r) ? r : (404, Encoding.ASCII.GetBytes("not found"));
            if (FailFirst.TryGetValue(path, out int left) && left > 0 && FailFirst.TryUpdate(path, left - 1, left))
                (status, body) = (500, []);
            var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : status == 404 ? "Not Found" : "Error")}\r\n" +
                       $"Content-Length: {body.Length}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body);
            await stream.FlushAsync();
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _listener.Stop();
        try { _loop.Wait(1000); } catch (AggregateException) { }
        _cts.Dispose();
    }
}
