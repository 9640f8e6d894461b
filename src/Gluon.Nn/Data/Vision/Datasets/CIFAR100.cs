namespace Gluon.Data.Vision;

/// <summary>
/// The CIFAR-100 images (MXNet's <c>gluon.data.vision.CIFAR100</c>): 50000 training or 10000 test
/// images, uint8 (32, 32, 3) HWC. Records hold 2 label bytes (coarse, fine) and 3072 CHW pixel
/// bytes; <c>fineLabel</c> picks the 100 fine classes instead of the 20 coarse ones. Files
/// <c>train.bin</c> / <c>test.bin</c> in <c>root</c> or <c>root/cifar-100-binary</c>, else
/// <c>root/cifar-100-binary.tar.gz</c> (downloaded, SHA-1 checked, when missing).
/// </summary>
public class CIFAR100 : CIFAR10
{
    /// <summary>Loads the training (<paramref name="train"/>) or test split.</summary>
    /// <param name="root">Folder of the files; null is MXNet's default <c>~/.mxnet/datasets/cifar100</c> (<c>$MXNET_HOME/datasets/cifar100</c> when MXNET_HOME is set).</param>
    /// <param name="fineLabel">Use the fine (100-class) labels instead of the coarse (20-class) ones.</param>
    /// <param name="train">Training set (true) or test set.</param>
    /// <param name="transform">Applied to every (data, label) item on read.</param>
    /// <exception cref="FileNotFoundException">The files are missing and could not be downloaded.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt (message names the file and offset).</exception>
    public CIFAR100(string? root = null, bool fineLabel = false, bool train = true,
        Func<NDArray, int, (NDArray, int)>? transform = null)
        : base("CIFAR100", "cifar100", root, train, transform, ("cifar-100-binary.tar.gz", "a0bb982c76b83111308126cc779a992fa506b90b"),
            "cifar-100-binary", [train ? "train.bin" : "test.bin"], labelBytes: 2, labelIndex: fineLabel ? 1 : 0)
    {
        FineLabel = fineLabel;
    }

    /// <summary>True when the labels are the fine (100-class) ones.</summary>
    public bool FineLabel { get; }
}
