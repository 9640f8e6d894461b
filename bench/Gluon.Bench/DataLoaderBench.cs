using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Gluon.Data;
using Gluon.Data.Vision;
using Gluon.Data.Vision.Transforms;

namespace Gluon.Bench;

/// <summary>
/// One epoch of MNIST-shaped data (60000 uint8 28x28x1 images, int labels) through the
/// DataLoader at batch size 128, against a bare memcpy of the same bytes in the same order
/// (the floor for building the batches).
/// </summary>
[MemoryDiagnoser]
public class DataLoaderBench
{
    private const int N = 60000, Batch = 128;
    private Dataset<(NDArray, int)> _ds = null!;
    private byte[] _src = null!, _dst = null!;
    private int[] _perm = null!;

    [Params(0, 2)] public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _src = new byte[N * 784];
        new Random(1).NextBytes(_src);
        _dst = new byte[Batch * 784];
        _perm = Enumerable.Range(0, N).ToArray();
        new Random(2).Shuffle(_perm);
        var images = Nd.Array<byte>(_src, new Shape(N, 28, 28, 1));
        _ds = ArrayDataset.Create(images, Enumerable.Range(0, N).Select(i => i % 10).ToArray());
    }

    [Params(true, false)] public bool Shuffle { get; set; }

    [Benchmark]
    public int Epoch()
    {
        using var loader = new DataLoader<(NDArray, int)>(_ds, batchSize: Batch, shuffle: Shuffle, numWorkers: Workers);
        int n = 0;
        foreach (var (data, _) in loader) n += data.Shape[0];
        return n;
    }

    [Benchmark(Baseline = true)]
    public int MemcpyEpoch()
    {
        for (int b = 0; b < N; b += Batch)
            for (int i = b; i < Math.Min(N, b + Batch); i++)
                Buffer.BlockCopy(_src, _perm[i] * 784, _dst, (i - b) * 784, 784);
        return _dst[0];
    }

    /// <summary>Median milliseconds over a few epochs, plus Fashion-MNIST loading and a ToTensor epoch when the files are installed.</summary>
    public static void RunQuick()
    {
        var b = new DataLoaderBench();
        b.Setup();
        foreach (bool shuffle in new[] { false, true })
            foreach (int w in new[] { 0, 2 })
            {
                (b.Workers, b.Shuffle) = (w, shuffle);
                Report($"DataLoader epoch, 60000 x 28x28 uint8, batch 128, shuffle={shuffle}, {w} workers", () => b.Epoch());
            }
        Report("memcpy of the same 60000 x 784 bytes in shuffled order into one reused buffer", () => b.MemcpyEpoch());
        if (File.Exists(Path.Combine(FashionMNIST.SystemDirectory, "train-images-idx3-ubyte.gz")))
        {
            var root = Path.Combine(Path.GetTempPath(), "gluon-bench-empty");
            Report("FashionMNIST(train) load from /usr/share/datasets (gunzip + parse)", () => new FashionMNIST(root).Count, reps: 3);
            var ds = new FashionMNIST(root);
            var toTensor = new ToTensor();
            foreach (int w in new[] { 0, 2 })
                Report($"FashionMNIST epoch with TransformFirst(ToTensor), batch 128, {w} workers", () =>
                {
                    using var loader = new DataLoader<(NDArray, int)>(ds.TransformFirst(toTensor.Call), batchSize: 128, shuffle: true, numWorkers: w);
                    int n = 0;
                    foreach (var (data, _) in loader) n += data.Shape[0];
                    return n;
                }, reps: 5);
        }
    }

    private static void Report(string what, Func<int> run, int reps = 9)
    {
        run();
        var times = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            run();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"{what}: median {times[reps / 2]:F1} ms (min {times[0]:F1})");
    }
}
