using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using Gluon.Data;
using Gluon.Data.Vision;

namespace Gluon.Tests.Data;

[Collection(ProcessStateCollection.Name)]
public sealed class VisionDatasetTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gluon-data-" + Guid.NewGuid().ToString("N"));

    public VisionDatasetTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var b = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(b, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(b, 4 + 4 * dims.Length);
        return b;
    }

    private static byte[] Gzip(byte[] raw)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return ms.ToArray();
    }

    private static byte Pixel(int image, int i) => (byte)((image * 31 + i * 7) % 256);

    /// <summary>Writes n 28x28 test images (pixel (k, i) = Pixel(k, i)) and labels (k*3 % 10) as t10k IDX files.</summary>
    private void WriteMnist(int n, bool gzip)
    {
        var pixels = new byte[n * 784];
        for (int k = 0; k < n; k++)
            for (int i = 0; i < 784; i++) pixels[k * 784 + i] = Pixel(k, i);
        var labels = Enumerable.Range(0, n).Select(k => (byte)(k * 3 % 10)).ToArray();
        var img = Idx(0x803, [n, 28, 28], pixels);
        var lab = Idx(0x801, [n], labels);
        File.WriteAllBytes(Path.Combine(_dir, "t10k-images-idx3-ubyte" + (gzip ? ".gz" : "")), gzip ? Gzip(img) : img);
        File.WriteAllBytes(Path.Combine(_dir, "t10k-labels-idx1-ubyte" + (gzip ? ".gz" : "")), gzip ? Gzip(lab) : lab);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MnistReadsIdxFilesGzippedOrRaw(bool gzip)
    {
        WriteMnist(5, gzip);
        var ds = new MNIST(root: _dir, train: false);
        Assert.Equal(5, ds.Count);
        Assert.Equal(new Shape(5, 28, 28, 1), ds.Data.Shape);
        var (image, label) = ds[3];
        Assert.Equal(new Shape(28, 28, 1), image.Shape);
        Assert.Equal(DType.UInt8, image.DType);
        Assert.Equal(9, label);
        var px = image.ToArray<byte>();
        for (int i = 0; i < 784; i++) Assert.Equal(Pixel(3, i), px[i]);
    }

    [Fact]
    public void MnistTransformIsAppliedPerItem()
    {
        WriteMnist(2, gzip: true);
        var ds = new MNIST(root: _dir, train: false, transform: (d, l) => (d.AsType(DType.Float32), l + 100));
        var (image, label) = ds[1];
        Assert.Equal(DType.Float32, image.DType);
        Assert.Equal(103, label);
        Assert.Equal(Pixel(1, 5), image.ToArray<float>()[5]);
    }

    [Fact]
    public void MnistBadMagicIsReportedWithFileAndOffset()
    {
        WriteMnist(2, gzip: false);
        var path = Path.Combine(_dir, "t10k-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(path);
        bytes[3] = 0x01;
        File.WriteAllBytes(path, bytes);
        Check.Throws<InvalidDataException>(() => new MNIST(root: _dir, train: false), path, "magic number 0x00000801 at offset 0", "0x00000803");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MnistTruncatedFileIsReportedWithFileAndOffset(bool gzip)
    {
        WriteMnist(3, gzip: false);
        var path = Path.Combine(_dir, "t10k-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(path)[..(16 + 784 * 2 + 100)];
        File.Delete(path);
        if (gzip) File.WriteAllBytes(path + ".gz", Gzip(bytes));
        else File.WriteAllBytes(path, bytes);
        Check.Throws<InvalidDataException>(() => new MNIST(root: _dir, train: false), "t10k-images-idx3-ubyte", "truncated data",
            "[3, 28, 28] = 2352 bytes from offset 16", $"ends at offset {16 + 784 * 2 + 100}");
    }

    [Fact]
    public void MnistCorruptGzipAndCountMismatchAreReported()
    {
        WriteMnist(3, gzip: true);
        var labels = Path.Combine(_dir, "t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(labels, Gzip(Idx(0x801, [2], [1, 2])));
        Check.Throws<InvalidDataException>(() => new MNIST(root: _dir, train: false), "3 images", "2 labels");
        var garbage = Gzip(Idx(0x801, [3], [1, 2, 3]));
        for (int i = 10; i < garbage.Length - 8; i++) garbage[i] ^= 0x5a;
        File.WriteAllBytes(labels, garbage);
        Check.Throws<InvalidDataException>(() => new MNIST(root: _dir, train: false), labels);
    }

    [Fact]
    public void MissingFilesWithoutNetworkNameWhereItLooked()
    {
        var old = Environment.GetEnvironmentVariable("MXNET_GLUON_REPO");
        // A repository URL that fails at once, so the test never waits on a network.
        Environment.SetEnvironmentVariable("MXNET_GLUON_REPO", "http://127.0.0.1:9/");
        try
        {
            Check.Throws<FileNotFoundException>(() => new MNIST(root: _dir, train: false), "MNIST", "t10k-images-idx3-ubyte.gz not found",
                _dir, "http://127.0.0.1:9/gluon/dataset/mnist/t10k-images-idx3-ubyte.gz");
        }
        finally
        {
            Environment.SetEnvironmentVariable("MXNET_GLUON_REPO", old);
        }
    }

    [Fact]
    public void DefaultRootFollowsMxnetHome()
    {
        var old = Environment.GetEnvironmentVariable("MXNET_HOME");
        Environment.SetEnvironmentVariable("MXNET_HOME", _dir);
        try
        {
            var folder = Path.Combine(_dir, "datasets", "cifar10");
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), CifarRecords(2, 1));
            var ds = new CIFAR10(train: false);
            Assert.Equal(folder, ds.Root);
            Assert.Equal(2, ds.Count);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MXNET_HOME", old);
        }
    }

    /// <summary>n CIFAR records: label bytes then the CHW planes, pixel (k, c, p) = (k + 3c + p) % 256.</summary>
    private static byte[] CifarRecords(int n, int labelBytes)
    {
        int rec = labelBytes + 3072;
        var b = new byte[n * rec];
        for (int k = 0; k < n; k++)
        {
            for (int l = 0; l < labelBytes; l++) b[k * rec + l] = (byte)(k + 10 * l);
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < 1024; p++) b[k * rec + labelBytes + c * 1024 + p] = (byte)((k + 3 * c + p) % 256);
        }
        return b;
    }

    private static void CheckCifarImage(NDArray image, int k)
    {
        Assert.Equal(new Shape(32, 32, 3), image.Shape);
        var hwc = image.ToArray<byte>();
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal((byte)((k + 3 * c + y * 32 + x) % 256), hwc[(y * 32 + x) * 3 + c]);
    }

    [Fact]
    public void Cifar10ReadsBinaryBatchesAsHwc()
    {
        File.WriteAllBytes(Path.Combine(_dir, "test_batch.bin"), CifarRecords(4, 1));
        var ds = new CIFAR10(root: _dir, train: false);
        Assert.Equal(4, ds.Count);
        Assert.Equal(new Shape(4, 32, 32, 3), ds.Data.Shape);
        Assert.Equal(2, ds[2].Label);
        CheckCifarImage(ds[2].Data, 2);
    }

    [Fact]
    public void Cifar10ReadsTheTarGzArchive()
    {
        var tgz = Path.Combine(_dir, "cifar-10-binary.tar.gz");
        using (var file = File.Create(tgz))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "cifar-10-batches-bin/"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "cifar-10-batches-bin/readme.html") { DataStream = new MemoryStream([1, 2, 3]) });
            for (int i = 1; i <= 5; i++)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"cifar-10-batches-bin/data_batch_{i}.bin")
                { DataStream = new MemoryStream(CifarRecords(i, 1)) });
        }
        var ds = new CIFAR10(root: _dir, train: true);
        Assert.Equal(1 + 2 + 3 + 4 + 5, ds.Count);
        // Batches are concatenated in order: item 1 is record 0 of data_batch_2.
        Assert.Equal(0, ds[1].Label);
        CheckCifarImage(ds[1].Data, 0);
        Assert.Equal(4, ds[14].Label);
        CheckCifarImage(ds[14].Data, 4);
    }

    [Fact]
    public void Cifar100PicksCoarseOrFineLabels()
    {
        var folder = Path.Combine(_dir, "cifar-100-binary");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "train.bin"), CifarRecords(3, 2));
        var coarse = new CIFAR100(root: _dir);
        var fine = new CIFAR100(root: _dir, fineLabel: true);
        Assert.Equal([0, 1, 2], coarse.Label);
        Assert.Equal([10, 11, 12], fine.Label);
        CheckCifarImage(fine[1].Data, 1);
    }

    [Fact]
    public void CifarTruncatedRecordAndBadArchiveAreReported()
    {
        var path = Path.Combine(_dir, "test_batch.bin");
        File.WriteAllBytes(path, CifarRecords(3, 1)[..(3073 * 2 + 5)]);
        Check.Throws<InvalidDataException>(() => new CIFAR10(root: _dir, train: false), path, "3073-byte records", "offset 6146");
        File.Delete(path);
        var tgz = Path.Combine(_dir, "cifar-10-binary.tar.gz");
        File.WriteAllBytes(tgz, Gzip([1, 2, 3, 4, 5, 6, 7, 8, 9]));
        Check.Throws<InvalidDataException>(() => new CIFAR10(root: _dir, train: false), tgz);
    }

    [Fact]
    public void FashionMnistFromTheSystemPackage()
    {
        if (!File.Exists(Path.Combine(FashionMNIST.SystemDirectory, "train-images-idx3-ubyte.gz")))
        {
            // scripts/setup.sh (run by .ci/run) installs Debian's dataset-fashion-mnist; without it there is nothing to read.
            Console.WriteLine($"SKIPPED FashionMnistFromTheSystemPackage: {FashionMNIST.SystemDirectory} is absent (run scripts/setup.sh)");
            return;
        }
        // An empty root, so the files can only come from the system folder.
        var train = new FashionMNIST(root: _dir);
        var test = new FashionMNIST(root: _dir, train: false);
        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal(new Shape(60000, 28, 28, 1), train.Data.Shape);
        Assert.Equal([9, 0, 0, 3, 0, 2, 7, 2, 5, 5], train.Label.Take(10));
        Assert.Equal([9, 2, 1, 1, 6, 1, 4, 6, 5, 7], test.Label.Take(10));
        // Balanced classes: 6000 / 1000 of each, so the label sums are 6000·45 and 1000·45.
        Assert.Equal(270000, train.Label.Sum());
        Assert.Equal(45000, test.Label.Sum());
        var first = train[0].Data.ToArray<byte>();
        Assert.Equal(76247, first.Sum(b => (int)b));
        Assert.Equal(204, train[1].Data.ToArray<byte>()[14 * 28 + 14]);
        var all = train.Data.Span<byte>();
        Assert.Equal(255, (int)System.Numerics.Tensors.TensorPrimitives.Max<byte>(all));
        Assert.Equal(0, (int)System.Numerics.Tensors.TensorPrimitives.Min<byte>(all));

        var loader = new DataLoader<(NDArray, int)>(test, batchSize: 128, lastBatch: LastBatch.Discard, numWorkers: 2);
        Assert.Equal(78, loader.Count);
        var (data, label) = loader.First();
        Assert.Equal(new Shape(128, 28, 28, 1), data.Shape);
        Assert.Equal([9, 2, 1, 1, 6], label.ToArray<int>()[..5]);
    }
}
