namespace Gluon.Data;

/// <summary>What <see cref="BatchSampler"/> and <see cref="DataLoader{T}"/> do with a final batch shorter than the batch size (MXNet's <c>last_batch</c>).</summary>
public enum LastBatch
{
    /// <summary><c>'keep'</c>: yield the short batch.</summary>
    Keep,
    /// <summary><c>'discard'</c>: drop it.</summary>
    Discard,
    /// <summary><c>'rollover'</c>: carry its indices to the start of the next epoch.</summary>
    Rollover,
}
