namespace Gluon.Data.Vision;

/// <summary>
/// The MNIST handwritten digits (MXNet's <c>gluon.data.vision.MNIST</c>): 60000 training or 10000
/// test images, uint8 (28, 28, 1) HWC, with int32 labels 0..9. Reads the IDX files
/// (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-...</c>) from
/// <c>root</c>, gzip-compressed (<c>.gz</c>) or not, and downloads the <c>.gz</c> files from the
/// Gluon repository (SHA-1 checked) when they are missing.
/// </summary>
public class MNIST : DownloadedDataset
{

    /// <summary>Loads the training (<paramref name="train"/>) or test split.</summary>
    /// <param name="root">Folder of the files; null is MXNet's default <c>~/.mxnet/datasets/mnist</c> (<c>$MXNET_HOME/datasets/mnist</c> when MXNET_HOME is set).</param>
    /// <param name="train">Training set (true) or test set.</param>
    /// <param name="transform">Applied to every (data, label) item on read.</param>
    /// <exception cref="FileNotFoundException">A file is missing and could not be downloaded.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt (message names the file and offset).</exception>
    public MNIST(string? root = null, bool train = true, Func<NDArray, int, (NDArray, int)>? transform = null)
        : this("MNIST", "mnist", root, train, transform,
            ("train-images-idx3-ubyte.gz", "6c95f4b05d2bf285e1bfb0e7960c31bd3b3f8a7d"),
            ("train-labels-idx1-ubyte.gz", "2a80914081dc54586dbdf242f9805a6b8d2a15fc"),
            ("t10k-images-idx3-ubyte.gz", "c3a25af1f52dad7f726cce8cacb138654b760d48"),
            ("t10k-labels-idx1-ubyte.gz", "763e7fa3757d93b0cdec073cef058b2004252c17"),
            systemDir: null)
    {
    }

    private protected MNIST(string dataset, string ns, string? root, bool train, Func<NDArray, int, (NDArray, int)>? transform,
        (string Name, string Sha1) trainData, (string Name, string Sha1) trainLabel,
        (string Name, string Sha1) testData, (string Name, string Sha1) testLabel, string? systemDir)
        : base(root, ns, transform)
    {
        Train = train;
        var (data, label) = train ? (trainData, trainLabel) : (testData, testLabel);
        var dataFile = Locate(dataset, ns, data, systemDir);
        var labelFile = Locate(dataset, ns, label, systemDir);
        var (labelDims, labelBytes) = IdxReader.Read(labelFile, 1);
        var (dims, pixels) = IdxReader.Read(dataFile, 3);
        if (dims[0] != labelDims[0])
            throw new InvalidDataException($"{dataset}: {dataFile} holds {dims[0]} images but {labelFile} holds {labelDims[0]} labels");
        var labels = new int[labelBytes.Length];
        for (int i = 0; i < labels.Length; i++) labels[i] = labelBytes[i];
        SetData(Nd.Array<byte>(pixels, new Shape(dims[0], dims[1], dims[2], 1), Context.Cpu()), labels);
    }

    /// <summary>True for the training split.</summary>
    public bool Train { get; }

    /// <summary>
    /// The file to read: <c>root/name.gz</c>, <c>root/name</c> (uncompressed), the same in
    /// <paramref name="systemDir"/> (a distribution's package), else a download into root.
    /// </summary>
    private string Locate(string dataset, string ns, (string Name, string Sha1) file, string? systemDir)
    {
        var raw = file.Name[..^3];
        var candidates = new List<string> { Path.Combine(Root, file.Name), Path.Combine(Root, raw) };
        if (systemDir is not null)
        {
            candidates.Add(Path.Combine(systemDir, file.Name));
            candidates.Add(Path.Combine(systemDir, raw));
        }
        return DatasetFiles.Find(dataset, Root, ns, file.Name, file.Sha1, candidates);
    }
}
