namespace Gluon.Data.Vision;

/// <summary>
/// Zalando's Fashion-MNIST (MXNet's <c>gluon.data.vision.FashionMNIST</c>), a drop-in replacement
/// for <see cref="MNIST"/>: same IDX format and shapes, 10 clothing classes. Looks in
/// <c>root</c>, then in <see cref="SystemDirectory"/> (Debian's <c>dataset-fashion-mnist</c>
/// package), then downloads from the Gluon repository (SHA-1 checked).
/// </summary>
public class FashionMNIST : MNIST
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the gzip IDX files.</summary>
    public const string SystemDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Loads the training (<paramref name="train"/>) or test split.</summary>
    /// <param name="root">Folder of the files; null is MXNet's default <c>~/.mxnet/datasets/fashion-mnist</c> (<c>$MXNET_HOME/datasets/fashion-mnist</c> when MXNET_HOME is set).</param>
    /// <param name="train">Training set (true) or test set.</param>
    /// <param name="transform">Applied to every (data, label) item on read.</param>
    /// <exception cref="FileNotFoundException">A file is missing and could not be downloaded.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt (message names the file and offset).</exception>
    public FashionMNIST(string? root = null, bool train = true, Func<NDArray, int, (NDArray, int)>? transform = null)
        : base("FashionMNIST", "fashion-mnist", root, train, transform,
            ("train-images-idx3-ubyte.gz", "0cf37b0d40ed5169c6b3aba31069a9770ac9043d"),
            ("train-labels-idx1-ubyte.gz", "236021d52f1e40852b06a4c3008d8de8aef1e40b"),
            ("t10k-images-idx3-ubyte.gz", "626ed6a7c06dd17c0eec72fa3be1740f146a2863"),
            ("t10k-labels-idx1-ubyte.gz", "17f9ab60e7257a1620f4ad76bbbaf857c3920701"),
            SystemDirectory)
    {
    }
}
