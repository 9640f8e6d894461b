namespace Gluon.Data.Vision;

/// <summary>
/// A labelled image dataset held in memory (MXNet's <c>_DownloadedDataset</c>): all images in one
/// uint8 NDArray of shape (N, H, W, C) and the labels as int32. Item i is (image i as an (H, W, C)
/// view, label i), or transform(image, label) when a transform was given.
/// </summary>
public abstract class DownloadedDataset : Dataset<(NDArray Data, int Label)>
{
    private readonly Func<NDArray, int, (NDArray, int)>? _transform;
    private NDArray _data = null!;
    private int[] _label = [];
    private Shape _itemShape = Shape.Scalar;
    private int _itemSize;

    /// <summary>
    /// Sets the root folder (a leading <c>~</c> is the user's home; null is MXNet's default
    /// <c>{MXNET_HOME or ~/.mxnet}/datasets/{defaultFolder}</c>) and the transform; the subclass then calls <see cref="SetData"/>.
    /// </summary>
    private protected DownloadedDataset(string? root, string defaultFolder, Func<NDArray, int, (NDArray, int)>? transform)
    {
        Root = ExpandUser(root ?? Path.Combine(DataDir(), "datasets", defaultFolder));
        _transform = transform;
    }

    /// <summary>The folder the files are read from (and downloaded to).</summary>
    public string Root { get; }

    /// <summary>All images, uint8 (N, H, W, C).</summary>
    public NDArray Data => _data;

    /// <summary>All labels.</summary>
    public IReadOnlyList<int> Label => _label;

    /// <inheritdoc />
    public override int Count => _label.Length;

    /// <inheritdoc />
    public override (NDArray Data, int Label) this[int index]
    {
        get
        {
            CheckIndex(index);
            var image = _data.View(_itemShape, index * _itemSize);
            return _transform is null ? (image, _label[index]) : _transform(image, _label[index]);
        }
    }

    /// <summary>Installs the loaded images (uint8, (N, H, W, C)) and labels.</summary>
    private protected void SetData(NDArray data, int[] label)
    {
        _data = data;
        _label = label;
        var dims = data.Shape.ToArray();
        _itemShape = new Shape(dims[1..]);
        _itemSize = _itemShape.Size;
    }

    /// <summary>MXNet's <c>base.data_dir()</c>: $MXNET_HOME, else ~/.mxnet.</summary>
    internal static string DataDir()
    {
        var home = Environment.GetEnvironmentVariable("MXNET_HOME");
        return string.IsNullOrEmpty(home) ? "~/.mxnet" : home;
    }

    internal static string ExpandUser(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "");
        return path;
    }
}
