using Microsoft.Data.Sqlite;

namespace CryptoTracker.Sqlite;

/// <summary>How every SQLite adapter opens the tracker's file: created with its folder when missing, pooled, 30 s busy timeout.</summary>
internal static class SqliteFile
{
    public static string ConnectionString(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }
}
