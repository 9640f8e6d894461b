using System.Buffers.Binary;
using Gluon.Data;

namespace Gluon.Tests.Data;

public sealed class RecordFileDatasetTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gluon-rec-" + Guid.NewGuid().ToString("N"));

    public RecordFileDatasetTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Part(MemoryStream s, uint flag, byte[] data)
    {
        Span<byte> h = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(h, 0xced7230a);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (flag << 29) | (uint)data.Length);
        s.Write(h);
        s.Write(data);
        s.Write(new byte[(4 - data.Length % 4) % 4]);
    }

    [Fact]
    public void ReadsRecordsInIndexOrderAndJoinsMultiPartRecords()
    {
        var rec = Path.Combine(_dir, "data.rec");
        var s = new MemoryStream();
        long o0 = s.Position;
        Part(s, 0, [1, 2, 3, 4, 5]);
        long o1 = s.Position;
        // dmlc-core splits a record at each embedded magic number: [9, 9] magic [8] -> parts [9, 9] and [8].
        Part(s, 1, [9, 9]);
        Part(s, 3, [8]);
        long o2 = s.Position;
        Part(s, 0, []);
        File.WriteAllBytes(rec, s.ToArray());
        File.WriteAllText(Path.Combine(_dir, "data.idx"), $"7\t{o1}\n3\t{o0}\n5\t{o2}\n");
        using var ds = new RecordFileDataset(rec);
        Assert.Equal(3, ds.Count);
        Assert.Equal([7, 3, 5], ds.Keys);
        Assert.Equal([9, 9, 0x0a, 0x23, 0xd7, 0xce, 8], ds[0]);
        Assert.Equal([1, 2, 3, 4, 5], ds[1]);
        Assert.Empty(ds[2]);
    }

    [Fact]
    public void CorruptFilesAreReportedWithFileAndOffset()
    {
        var rec = Path.Combine(_dir, "bad.rec");
        var s = new MemoryStream();
        Part(s, 0, [1, 2, 3, 4]);
        var bytes = s.ToArray();
        bytes[0] = 0;
        File.WriteAllBytes(rec, bytes);
        var idx = Path.Combine(_dir, "bad.idx");
        File.WriteAllText(idx, "0\t0\n");
        using (var ds = new RecordFileDataset(rec))
            Check.Throws<InvalidDataException>(() => _ = ds[0], rec, "magic number 0xced72300 at offset 0");
        File.WriteAllBytes(rec, s.ToArray()[..10]);
        using (var ds = new RecordFileDataset(rec))
            Check.Throws<InvalidDataException>(() => _ = ds[0], rec, "offset 0 has length 4", "10 bytes");
        File.WriteAllText(idx, "0\t0\nzero\tone\n");
        Check.Throws<InvalidDataException>(() => new RecordFileDataset(rec), idx, "line 2");
        File.WriteAllText(idx, "0\t400\n");
        Check.Throws<InvalidDataException>(() => new RecordFileDataset(rec), idx, "offset 400");
        File.Delete(idx);
        Check.Throws<FileNotFoundException>(() => new RecordFileDataset(rec), idx);
    }
}
