using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using Microsoft.Data.Sqlite;

namespace CryptoTracker.Sqlite;

/// <summary>
/// The store in one SQLite file. Points are keyed (metric, minute) so a repeated write keeps the first value; a commit is
/// one transaction, so a crash leaves either the whole tick or none of it. Times are Unix seconds, values IEEE doubles.
/// </summary>
public sealed partial class SqliteMetricStore : IMetricStore
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);
    private readonly string _connectionString;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public SqliteMetricStore(string path)
    {
        _connectionString = SqliteFile.ConnectionString(path);
    }

    public async Task InitializeAsync(CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await ExecAsync(db, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS points (
                metric TEXT NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL,
                PRIMARY KEY (metric, t)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS summaries (
                metric TEXT PRIMARY KEY, type TEXT NOT NULL, symbol TEXT NOT NULL,
                window_from INTEGER NOT NULL, window_to INTEGER NOT NULL,
                count INTEGER NOT NULL, mean REAL NOT NULL, stddev REAL, min REAL NOT NULL, max REAL NOT NULL,
                latest_t INTEGER NOT NULL, latest_v REAL NOT NULL,
                rank_stddev INTEGER, total_stddev INTEGER NOT NULL, rank_mean INTEGER, total_mean INTEGER NOT NULL,
                rank_cv INTEGER, total_cv INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS alerts (
                id TEXT PRIMARY KEY, metric TEXT NOT NULL, t INTEGER NOT NULL,
                value REAL NOT NULL, average REAL NOT NULL, ratio REAL NOT NULL, published_at INTEGER);
            CREATE INDEX IF NOT EXISTS alerts_t ON alerts (t);
            CREATE TABLE IF NOT EXISTS status (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last_tick INTEGER, last_commit INTEGER, metrics INTEGER NOT NULL,
                source TEXT NOT NULL, last_success INTEGER, last_failure INTEGER, last_error TEXT,
                failures INTEGER NOT NULL, rejected INTEGER NOT NULL, replay_finished INTEGER);
            """, ct);

        // A file written before summaries carried the cv rank gains its columns; the next commit fills them.
        await using var columns = Command(db, "SELECT COUNT(*) FROM pragma_table_info('summaries') WHERE name = 'rank_cv'");
        if (Convert.ToInt64(await columns.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
            await ExecAsync(db, "ALTER TABLE summaries ADD COLUMN rank_cv INTEGER; ALTER TABLE summaries ADD COLUMN total_cv INTEGER NOT NULL DEFAULT 0;", ct);
        await AddRuleColumnsAsync(db, ct);
        await InitializeDeliveriesAsync(db, ct);
    }

    /// <summary>Alerts name their rule and kind (the spike rule: spike/spike) and carry the rule's threshold; files made before have not.</summary>
    private static async Task AddRuleColumnsAsync(SqliteConnection db, CancellationToken ct)
    {
        await using var info = Command(db, "SELECT COUNT(*) FROM pragma_table_info('alerts') WHERE name = 'rule'");
        if (Convert.ToInt64(await info.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0) return;
        try
        {
            await ExecAsync(db, """
                ALTER TABLE alerts ADD COLUMN rule TEXT NOT NULL DEFAULT 'spike';
                ALTER TABLE alerts ADD COLUMN kind TEXT NOT NULL DEFAULT 'spike';
                ALTER TABLE alerts ADD COLUMN threshold REAL;
                """, ct);
        }
        catch (SqliteException ex) when (ex.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
        {
            // Another process added them at the same moment.
        }
    }

    public async Task<StoredState> LoadAsync(DateTimeOffset pointsAfter, DateTimeOffset alertsAfter, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        var points = new List<(MetricId, Point)>();
        await using (var cmd = Command(db, "SELECT metric, t, v FROM points WHERE t > $after ORDER BY metric, t", ("$after", Seconds(pointsAfter))))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            string? lastName = null;
            MetricId id = default;
            while (await r.ReadAsync(ct))
            {
                var name = r.GetString(0);
                if (name != lastName) { id = MetricId.Parse(name); lastName = name; }
                points.Add((id, new Point(FromSeconds(r.GetInt64(1)), r.GetDouble(2))));
            }
        }
        return new StoredState(points, await GetAlertsAsync(db, alertsAfter, ct));
    }

    public async Task CommitAsync(TickCommit commit, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(ct);
        var pruned = false;

        if (commit.Points.Count > 0)
        {
            await using var insert = Command(db, "INSERT OR IGNORE INTO points (metric, t, v) VALUES ($m, $t, $v)");
            var (m, t, v) = (insert.Parameters.Add("$m", SqliteType.Text), insert.Parameters.Add("$t", SqliteType.Integer), insert.Parameters.Add("$v", SqliteType.Real));
            insert.Prepare();
            string? lastName = null;
            MetricId lastId = default;
            foreach (var (metric, point) in commit.Points)
            {
                if (lastName is null || metric != lastId) { lastId = metric; lastName = metric.ToString(); }
                m.Value = lastName;
                t.Value = Seconds(point.T);
                v.Value = point.V;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        if (commit.Alerts.Count > 0)
        {
            await using var insert = Command(db, """
                INSERT OR IGNORE INTO alerts (id, metric, t, value, average, ratio, rule, kind, threshold) VALUES ($id, $m, $t, $v, $a, $r, $rule, $kind, $th)
                """);
            foreach (var alert in commit.Alerts)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$id", alert.Id);
                insert.Parameters.AddWithValue("$m", alert.Metric.ToString());
                insert.Parameters.AddWithValue("$t", Seconds(alert.T));
                insert.Parameters.AddWithValue("$v", alert.Value);
                insert.Parameters.AddWithValue("$a", alert.Reference);
                insert.Parameters.AddWithValue("$r", alert.Ratio);
                insert.Parameters.AddWithValue("$rule", alert.Rule);
                insert.Parameters.AddWithValue("$kind", alert.Kind);
                insert.Parameters.AddWithValue("$th", alert.Threshold is { } th ? th : DBNull.Value);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        // Pruning walks the primary key of each known metric: no index on t is needed (it would slow every insert). It runs
        // at most every PruneEvery of market time: reads filter by time anyway, so points past the window are never served.
        if (commit.PointsCutoff - _lastPrune >= PruneEvery || commit.PointsCutoff < _lastPrune)
        {
            await ExecAsync(db, """
                DELETE FROM points WHERE metric IN (SELECT metric FROM summaries) AND t <= $cutoff;
                DELETE FROM alerts WHERE t <= $alertCutoff;
                DELETE FROM alert_deliveries WHERE alert_id NOT IN (SELECT id FROM alerts);
                """, ct, ("$cutoff", Seconds(commit.PointsCutoff)), ("$alertCutoff", Seconds(commit.AlertsCutoff)));
            pruned = true;
        }
        await ExecAsync(db, "DELETE FROM summaries;", ct);

        if (commit.Summaries.Count > 0)
        {
            await using var insert = Command(db, """
                INSERT INTO summaries (metric, type, symbol, window_from, window_to, count, mean, stddev, min, max, latest_t, latest_v,
                                       rank_stddev, total_stddev, rank_mean, total_mean, rank_cv, total_cv)
                VALUES ($m, $type, $symbol, $from, $to, $n, $mean, $sd, $min, $max, $lt, $lv, $rs, $ts, $rm, $tm, $rc, $tc)
                """);
            var p = new[] { "$m", "$type", "$symbol", "$from", "$to", "$n", "$mean", "$sd", "$min", "$max", "$lt", "$lv", "$rs", "$ts", "$rm", "$tm", "$rc", "$tc" }
                .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            insert.Prepare();
            foreach (var x in commit.Summaries)
            {
                p[0].Value = x.Id.ToString();
                p[1].Value = x.Id.Type;
                p[2].Value = x.Id.Symbol;
                p[3].Value = Seconds(x.WindowFrom);
                p[4].Value = Seconds(x.WindowTo);
                p[5].Value = x.Stats.Count;
                p[6].Value = x.Stats.Mean;
                p[7].Value = (object?)x.Stats.StdDev ?? DBNull.Value;
                p[8].Value = x.Stats.Min;
                p[9].Value = x.Stats.Max;
                p[10].Value = Seconds(x.Latest.T);
                p[11].Value = x.Latest.V;
                p[12].Value = (object?)x.ByStdDev.Rank ?? DBNull.Value;
                p[13].Value = x.ByStdDev.Total;
                p[14].Value = (object?)x.ByMean.Rank ?? DBNull.Value;
                p[15].Value = x.ByMean.Total;
                p[16].Value = (object?)x.ByCv.Rank ?? DBNull.Value;
                p[17].Value = x.ByCv.Total;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        var st = commit.Status;
        await ExecAsync(db, """
            INSERT OR REPLACE INTO status VALUES (1, $tick, $commit, $metrics, $source, $ok, $fail, $err, $failures, $rejected, $replay)
            """, ct,
            ("$tick", Seconds(st.LastTick)), ("$commit", Seconds(st.LastCommit)), ("$metrics", st.Metrics),
            ("$source", st.Source.Name), ("$ok", Seconds(st.Source.LastSuccess)), ("$fail", Seconds(st.Source.LastFailure)),
            ("$err", st.Source.LastError), ("$failures", st.Source.ConsecutiveFailures), ("$rejected", st.Source.RejectedValues),
            ("$replay", st.ReplayFinished is null ? null : st.ReplayFinished.Value ? 1 : 0));

        await tx.CommitAsync(ct);
        if (pruned) _lastPrune = commit.PointsCutoff;
    }

    public async Task<IReadOnlyList<MetricSummary>> GetSummariesAsync(CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        // Columns by name: the ordinals below follow this list, not the table's layout (which a migration may extend).
        await using var cmd = Command(db, """
            SELECT metric, type, symbol, window_from, window_to, count, mean, stddev, min, max, latest_t, latest_v,
                   rank_stddev, total_stddev, rank_mean, total_mean, rank_cv, total_cv
            FROM summaries ORDER BY type, symbol
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<MetricSummary>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new MetricSummary(
                new MetricId(r.GetString(1), r.GetString(2)),
                FromSeconds(r.GetInt64(3)), FromSeconds(r.GetInt64(4)),
                new WindowStats(r.GetInt32(5), r.GetDouble(6), r.IsDBNull(7) ? null : r.GetDouble(7), r.GetDouble(8), r.GetDouble(9)),
                new Point(FromSeconds(r.GetInt64(10)), r.GetDouble(11)),
                new RankPlace(r.IsDBNull(12) ? null : r.GetInt32(12), r.GetInt32(13)),
                new RankPlace(r.IsDBNull(14) ? null : r.GetInt32(14), r.GetInt32(15)))
            {
                ByCv = new RankPlace(r.IsDBNull(16) ? null : r.GetInt32(16), r.GetInt32(17)),
            });
        }
        return list;
    }

    public async Task<IReadOnlyList<Point>> GetHistoryAsync(MetricId metric, DateTimeOffset after, DateTimeOffset upTo, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var cmd = Command(db, "SELECT t, v FROM points WHERE metric = $m AND t > $after AND t <= $upTo ORDER BY t",
            ("$m", metric.ToString()), ("$after", Seconds(after)), ("$upTo", Seconds(upTo)));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var points = new List<Point>(1440);
        while (await r.ReadAsync(ct)) points.Add(new Point(FromSeconds(r.GetInt64(0)), r.GetDouble(1)));
        return points;
    }

    public async Task<IReadOnlyList<Alert>> GetAlertsAsync(DateTimeOffset after, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        return await GetAlertsAsync(db, after, ct);
    }

    public async Task<CollectorStatus?> GetStatusAsync(CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var cmd = Command(db, """
            SELECT id, last_tick, last_commit, metrics, source, last_success, last_failure, last_error, failures, rejected, replay_finished
            FROM status WHERE id = 1
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        DateTimeOffset? At(int i) => r.IsDBNull(i) ? null : FromSeconds(r.GetInt64(i));
        return new CollectorStatus(
            At(1), At(2), r.GetInt32(3),
            new SourceStatus(r.GetString(4), At(5), At(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetInt32(8), r.GetInt64(9)),
            r.IsDBNull(10) ? null : r.GetInt64(10) == 1);
    }

    private static async Task<IReadOnlyList<Alert>> GetAlertsAsync(SqliteConnection db, DateTimeOffset after, CancellationToken ct, string? undeliveredTo = null)
    {
        var sql = "SELECT id, metric, t, value, average, ratio, rule, kind, threshold FROM alerts WHERE t > $after"
            + (undeliveredTo is null ? "" : " AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = alerts.id AND d.channel = $channel)")
            + " ORDER BY t, id";
        await using var cmd = Command(db, sql, ("$after", Seconds(after)), ("$channel", undeliveredTo));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var alerts = new List<Alert>();
        while (await r.ReadAsync(ct))
            alerts.Add(new Alert(r.GetString(0), MetricId.Parse(r.GetString(1)), FromSeconds(r.GetInt64(2)), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5))
            {
                Rule = r.GetString(6),
                Kind = r.GetString(7),
                Threshold = r.IsDBNull(8) ? null : r.GetDouble(8),
            });
        return alerts;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var db = new SqliteConnection(_connectionString);
        await db.OpenAsync(ct);
        await using var pragma = Command(db, "PRAGMA synchronous = NORMAL;");
        await pragma.ExecuteNonQueryAsync(ct);
        return db;
    }

    private static SqliteCommand Command(SqliteConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private static async Task ExecAsync(SqliteConnection db, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(db, sql, parameters);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static long Seconds(DateTimeOffset t) => t.ToUnixTimeSeconds();
    private static long? Seconds(DateTimeOffset? t) => t?.ToUnixTimeSeconds();
    private static DateTimeOffset FromSeconds(long s) => DateTimeOffset.FromUnixTimeSeconds(s);
}
