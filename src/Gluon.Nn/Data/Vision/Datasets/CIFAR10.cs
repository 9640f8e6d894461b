using System.Formats.Tar;
using System.IO.Compression;

namespace Gluon.Data.Vision;

/// <summary>
/// The CIFAR-10 images (MXNet's <c>gluon.data.vision.CIFAR10</c>): 50000 training or 10000 test
/// images, uint8 (32, 32, 3) HWC, with int32 labels 0..9. Reads the binary batches
/// (<c>data_batch_1..5.bin</c> or <c>test_batch.bin</c>: records of 1 label byte and 3072 CHW pixel
/// bytes) from <c>root</c> or <c>root/cifar-10-batches-bin</c>, else straight out of
/// <c>root/cifar-10-binary.tar.gz</c> (downloaded from the Gluon repository, SHA-1 checked, when missing).
/// </summary>
public class CIFAR10 : DownloadedDataset
{
    private const int Side = 32, Channels = 3, ImageBytes = Side * Side * Channels;

    /// <summary>Loads the training (<paramref name="train"/>) or test split.</summary>
    /// <param name="root">Folder of the files; null is MXNet's default <c>~/.mxnet/datasets/cifar10</c> (<c>$MXNET_HOME/datasets/cifar10</c> when MXNET_HOME is set).</param>
    /// <param name="train">Training set (true) or test set.</param>
    /// <param name="transform">Applied to every (data, label) item on read.</param>
    /// <exception cref="FileNotFoundException">The files are missing and could not be downloaded.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt (message names the file and offset).</exception>
    public CIFAR10(string? root = null, bool train = true, Func<NDArray, int, (NDArray, int)>? transform = null)
        : this("CIFAR10", "cifar10", root, train, transform, ("cifar-10-binary.tar.gz", "fab780a1e191a7eda0f345501ccd62d20f7ed891"),
            "cifar-10-batches-bin", train ? ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"] : ["test_batch.bin"],
            labelBytes: 1, labelIndex: 0)
    {
    }

    private protected CIFAR10(string dataset, string ns, string? root, bool train, Func<NDArray, int, (NDArray, int)>? transform,
        (string Name, string Sha1) archive, string archiveFolder, string[] batches, int labelBytes, int labelIndex)
        : base(root, ns, transform)
    {
        Train = train;
        var contents = new List<(string Source, byte[] Bytes)>();
        var folder = new[] { Root, Path.Combine(Root, archiveFolder) }
            .FirstOrDefault(d => batches.All(b => File.Exists(Path.Combine(d, b))));
        if (folder is not null)
        {
            foreach (var b in batches)
            {
                var path = Path.Combine(folder, b);
                contents.Add((path, File.ReadAllBytes(path)));
            }
        }
        else
        {
            var tgz = DatasetFiles.Find(dataset, Root, ns, archive.Name, archive.Sha1, [Path.Combine(Root, archive.Name)]);
            contents.AddRange(ReadFromArchive(tgz, batches));
        }
        int record = labelBytes + ImageBytes;
        long total = 0;
        foreach (var (source, bytes) in contents)
        {
            if (bytes.Length % record != 0)
                throw new InvalidDataException(
                    $"{dataset}: {source} is {bytes.Length} bytes, not a whole number of {record}-byte records; the record at offset {bytes.Length / record * (long)record} is truncated");
            total += bytes.Length / record;
        }
        int n = checked((int)total);
        var data = Nd.Empty(new Shape(n, Side, Side, Channels), DType.UInt8, Context.Cpu());
        var labels = new int[n];
        var dst = data.Span<byte>();
        int k = 0;
        foreach (var (_, bytes) in contents)
        {
            for (int r = 0; r < bytes.Length / record; r++, k++)
            {
                var rec = bytes.AsSpan(r * record, record);
                labels[k] = rec[labelIndex];
                ChwToHwc(rec[labelBytes..], dst.Slice(k * ImageBytes, ImageBytes));
            }
        }
        SetData(data, labels);
    }

    /// <summary>True for the training split.</summary>
    public bool Train { get; }

    /// <summary>Interleaves the three 32x32 planes of one record into HWC order.</summary>
    private static void ChwToHwc(ReadOnlySpan<byte> chw, Span<byte> hwc)
    {
        const int plane = Side * Side;
        var r = chw[..plane];
        var g = chw.Slice(plane, plane);
        var b = chw.Slice(2 * plane, plane);
        hwc = hwc[..(3 * plane)];
        for (int i = 0; i < plane; i++)
        {
            hwc[3 * i] = r[i];
            hwc[3 * i + 1] = g[i];
            hwc[3 * i + 2] = b[i];
        }
    }

    /// <summary>The named batch files' contents, read from a .tar.gz (matched by file name, in any folder of the archive).</summary>
    private static List<(string, byte[])> ReadFromArchive(string tgz, string[] batches)
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var file = File.OpenRead(tgz);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gz);
            while (tar.GetNextEntry() is { } entry)
            {
                var name = Path.GetFileName(entry.Name);
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !batches.Contains(name) || entry.DataStream is null)
                    continue;
                var bytes = new byte[entry.Length];
                int got = IdxReader.ReadFully(entry.DataStream, bytes);
                if (got < bytes.Length)
                    throw new InvalidDataException($"{tgz}: entry {entry.Name} is truncated at {got} of {bytes.Length} bytes");
                found[name] = bytes;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException && !e.Message.StartsWith(tgz, StringComparison.Ordinal)
                                  && e is not FileNotFoundException)
        {
            throw new InvalidDataException($"{tgz}: not a readable .tar.gz archive: {e.Message}", e);
        }
        var result = new List<(string, byte[])>();
        foreach (var b in batches)
        {
            if (!found.TryGetValue(b, out var bytes))
                throw new InvalidDataException($"{tgz}: the archive has no entry named {b}");
            result.Add(($"{tgz}:{b}", bytes));
        }
        return result;
    }
}
