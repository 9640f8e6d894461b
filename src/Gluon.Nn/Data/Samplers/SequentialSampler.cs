namespace Gluon.Data;

/// <summary>Yields start, start+1, ..., start+length-1 (MXNet's <c>SequentialSampler(length, start=0)</c>).</summary>
public sealed class SequentialSampler : Sampler<int>
{
    private readonly int _length, _start;

    /// <summary>A sampler over [start, start + length).</summary>
    /// <exception cref="ArgumentOutOfRangeException">length or start is negative.</exception>
    public SequentialSampler(int length, int start = 0)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), $"SequentialSampler: length must be >= 0, got {length}");
        if (start < 0) throw new ArgumentOutOfRangeException(nameof(start), $"SequentialSampler: start must be >= 0, got {start}");
        _length = length;
        _start = start;
    }

    /// <inheritdoc />
    public override int Count => _length;

    /// <inheritdoc />
    public override IEnumerator<int> GetEnumerator()
    {
        for (int i = 0; i < _length; i++) yield return _start + i;
    }
}
