namespace Gluon.Data;

/// <summary>
/// Groups the indices of a sampler into batches of <c>batchSize</c> (MXNet's
/// <c>BatchSampler(sampler, batch_size, last_batch='keep')</c>). The final short batch is kept,
/// discarded, or rolled over into the next epoch according to <see cref="LastBatch"/>.
/// </summary>
public sealed class BatchSampler : Sampler<int[]>
{
    private readonly Sampler<int> _sampler;
    private readonly int _batchSize;
    private readonly LastBatch _lastBatch;
    private int[] _prev = [];

    /// <summary>A batch sampler over <paramref name="sampler"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">batchSize &lt; 1 or an undefined <paramref name="lastBatch"/>.</exception>
    public BatchSampler(Sampler<int> sampler, int batchSize, LastBatch lastBatch = LastBatch.Keep)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"BatchSampler: batchSize must be >= 1, got {batchSize}");
        if (!Enum.IsDefined(lastBatch))
            throw new ArgumentOutOfRangeException(nameof(lastBatch), $"BatchSampler: lastBatch must be Keep, Discard or Rollover, got {(int)lastBatch}");
        _sampler = sampler;
        _batchSize = batchSize;
        _lastBatch = lastBatch;
    }

    /// <summary>The batch size.</summary>
    public int BatchSize => _batchSize;

    /// <summary>
    /// Batches in the next epoch: keep ceil(n / b), discard floor(n / b), rollover
    /// floor((carried + n) / b), n being the sampler's count.
    /// </summary>
    public override int Count => _lastBatch switch
    {
        LastBatch.Keep => (_sampler.Count + _batchSize - 1) / _batchSize,
        LastBatch.Discard => _sampler.Count / _batchSize,
        _ => (_prev.Length + _sampler.Count) / _batchSize,
    };

    /// <inheritdoc />
    public override IEnumerator<int[]> GetEnumerator()
    {
        var batch = new List<int>(_batchSize);
        batch.AddRange(_prev);
        _prev = [];
        foreach (int i in _sampler)
        {
            batch.Add(i);
            if (batch.Count == _batchSize)
            {
                yield return batch.ToArray();
                batch.Clear();
            }
        }
        if (batch.Count == 0) yield break;
        if (_lastBatch == LastBatch.Keep) yield return batch.ToArray();
        else if (_lastBatch == LastBatch.Rollover) _prev = batch.ToArray();
    }
}
