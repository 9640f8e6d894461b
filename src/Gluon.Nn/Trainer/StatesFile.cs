namespace Gluon;

/// <summary>Reads and writes optimizer-state files; a write never destroys the previous file (temp file, then rename).</summary>
internal static class StatesFile
{
    public static void Write(string fname, byte[] bytes)
    {
        string tmp = fname + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, fname, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public static byte[] Read(string fname)
    {
        try { return File.ReadAllBytes(fname); }
        catch (FileNotFoundException e) { throw new FileNotFoundException($"optimizer states file '{fname}' not found", fname, e); }
    }
}
