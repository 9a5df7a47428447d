using CryptoTracker.Core.Ports;
using Microsoft.Data.Sqlite;

namespace CryptoTracker.Sqlite;

/// <summary>
/// The subscription ledger in the tracker's SQLite file, in its own tables. Each operation is one IMMEDIATE transaction,
/// so processes sharing the file take turns and no limit can be passed by racing. Times are Unix milliseconds.
/// </summary>
public sealed class SqliteSubscriptionLedger : ISubscriptionLedger
{
    private readonly string _connectionString;

    public SqliteSubscriptionLedger(string path)
    {
        _connectionString = SqliteFile.ConnectionString(path);
    }

    public async Task InitializeAsync(CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS subscription_counters (
                key TEXT PRIMARY KEY, n INTEGER NOT NULL, window_start INTEGER NOT NULL, expires INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS subscription_pending (
                destination TEXT PRIMARY KEY, salt TEXT NOT NULL, code_hash TEXT NOT NULL, metrics TEXT NULL,
                expires INTEGER NOT NULL, attempts INTEGER NOT NULL, rules TEXT NULL);
            CREATE TABLE IF NOT EXISTS subscription_destinations (destination TEXT PRIMARY KEY);
            """;
        await cmd.ExecuteNonQueryAsync(ct);
        // A file made before subscriptions could choose rules: its pending table gains the column.
        await using var check = Command(db, null, "SELECT COUNT(*) FROM pragma_table_info('subscription_pending') WHERE name = 'rules'");
        if (Convert.ToInt64(await check.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
            await ExecAsync(db, null, "ALTER TABLE subscription_pending ADD COLUMN rules TEXT NULL", ct);
    }

    public async Task<bool> TryCountAsync(string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken ct)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var db = await OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        long? n = null, start = null;
        await using (var read = Command(db, tx, "SELECT n, window_start FROM subscription_counters WHERE key = $k", ("$k", key)))
        await using (var r = await read.ExecuteReaderAsync(ct))
        {
            if (await r.ReadAsync(ct)) { n = r.GetInt64(0); start = r.GetInt64(1); }
        }
        var windowMs = (long)window.TotalMilliseconds;
        bool counted;
        if (n is null || start + windowMs <= nowMs)
        {
            counted = limit > 0;
            if (counted)
                await ExecAsync(db, tx, """
                    INSERT INTO subscription_counters (key, n, window_start, expires) VALUES ($k, 1, $now, $exp)
                    ON CONFLICT (key) DO UPDATE SET n = 1, window_start = $now, expires = $exp
                    """, ct, ("$k", key), ("$now", nowMs), ("$exp", nowMs + windowMs));
        }
        else
        {
            counted = n < limit;
            if (counted) await ExecAsync(db, tx, "UPDATE subscription_counters SET n = n + 1 WHERE key = $k", ct, ("$k", key));
        }
        // The janitor: counters whose window ended are worth nothing.
        await ExecAsync(db, tx, "DELETE FROM subscription_counters WHERE expires <= $now", ct, ("$now", nowMs));
        await tx.CommitAsync(ct);
        return counted;
    }

    public async Task SavePendingAsync(PendingConfirmation p, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        await ExecAsync(db, tx, """
            INSERT INTO subscription_pending (destination, salt, code_hash, metrics, rules, expires, attempts) VALUES ($d, $s, $h, $m, $r, $e, $a)
            ON CONFLICT (destination) DO UPDATE SET salt = $s, code_hash = $h, metrics = $m, rules = $r, expires = $e, attempts = $a
            """, ct, ("$d", p.Destination), ("$s", p.Salt), ("$h", p.CodeHash), ("$m", Joined(p.Metrics)), ("$r", Joined(p.Rules)),
            ("$e", p.ExpiresAt.ToUnixTimeMilliseconds()), ("$a", p.Attempts));
        await ExecAsync(db, tx, "DELETE FROM subscription_pending WHERE expires <= $now AND destination <> $d", ct,
            ("$now", (p.ExpiresAt - TimeSpan.FromDays(1)).ToUnixTimeMilliseconds()), ("$d", p.Destination));
        await tx.CommitAsync(ct);
    }

    public async Task<PendingConfirmation?> TakeAttemptAsync(string destination, int maxAttempts, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        var changed = await ExecAsync(db, tx, """
            UPDATE subscription_pending SET attempts = attempts + 1
            WHERE destination = $d AND attempts < $max AND expires > $now
            """, ct, ("$d", destination), ("$max", maxAttempts), ("$now", now.ToUnixTimeMilliseconds()));
        PendingConfirmation? pending = null;
        if (changed == 1)
        {
            await using var read = Command(db, tx, "SELECT salt, code_hash, metrics, rules, expires, attempts FROM subscription_pending WHERE destination = $d", ("$d", destination));
            await using var r = await read.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
                pending = new PendingConfirmation(destination, r.GetString(0), r.GetString(1),
                    r.IsDBNull(2) ? null : r.GetString(2).Split(','), r.IsDBNull(3) ? null : r.GetString(3).Split(','),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), r.GetInt32(5));
        }
        await tx.CommitAsync(ct);
        return pending;
    }

    public async Task<bool> RemovePendingAsync(string destination, string salt, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var cmd = Command(db, null, "DELETE FROM subscription_pending WHERE destination = $d AND salt = $s", ("$d", destination), ("$s", salt));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> TryAddSubscriberAsync(string destination, int max, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        var count = await ScalarAsync(db, tx, "SELECT COUNT(*) FROM subscription_destinations", ct);
        var known = await ScalarAsync(db, tx, "SELECT COUNT(*) FROM subscription_destinations WHERE destination = $d", ct, ("$d", destination)) == 1;
        // Known: within the cap only while the total is below it, like a new one, so the answer is the same for both.
        var admitted = count < max;
        if (admitted && !known) await ExecAsync(db, tx, "INSERT INTO subscription_destinations (destination) VALUES ($d)", ct, ("$d", destination));
        await tx.CommitAsync(ct);
        return admitted;
    }

    public async Task<int> CountSubscribersAsync(CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        return (int)await ScalarAsync(db, null, "SELECT COUNT(*) FROM subscription_destinations", ct);
    }

    /// <summary>Metric ids and rule names hold no commas; an empty list is stored as none (every alert).</summary>
    private static string? Joined(IReadOnlyList<string>? values) => values is { Count: > 0 } ? string.Join(',', values) : null;

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var db = new SqliteConnection(_connectionString);
        await db.OpenAsync(ct);
        return db;
    }

    private static SqliteCommand Command(SqliteConnection db, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private static async Task<int> ExecAsync(SqliteConnection db, SqliteTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(db, tx, sql, parameters);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarAsync(SqliteConnection db, SqliteTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(db, tx, sql, parameters);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
