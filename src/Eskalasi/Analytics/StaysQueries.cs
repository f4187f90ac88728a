using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Marten;
using Npgsql;

namespace Eskalasi.Analytics;

/// <summary>
/// The analysts' answers as SQL aggregates over the <c>stays</c> rows of a region (<see cref="StaysProjection"/>), as of
/// <c>until</c>: only stays that had started by then count, a stay that ended later counts as open then (its days run
/// to <c>until</c>), an overdue or a settlement later does not count. Medians and p90 are PostgreSQL's
/// <c>percentile_disc</c> — the nearest-rank percentile the replay computes. The answers are the replay's, field for
/// field (tests/…/Analytics compares them); the work is the database's, over one region's rows through its index.
/// </summary>
public static class StaysQueries
{
    private static readonly string Table = $"{Persistence.Schema}.{StaysProjection.TableName}";

    /// <summary>The region's stays as they stood at <c>$2</c>, with their days until then.</summary>
    private static readonly string AsOf = $"""
        with s as (
          select issue_id, seq, number, category, level, holder, arrived_by, from_at,
                 case when to_at <= $2 then to_at end as to_at,
                 coalesce(to_at <= $2 and settled, false) as settled,
                 coalesce(overdue_at <= $2, false) as overdue,
                 extract(epoch from (case when to_at <= $2 then to_at else $2 end) - from_at)::float8 / 86400 as days
          from {Table} where tenant_id = $1 and from_at <= $2)
        """;

    private static string OwnKey(string groupBy) => groupBy switch
    {
        "asisten" => $"case when level = '{nameof(IssueLevel.Asisten)}' then holder end",
        "opd" => $"case when level = '{nameof(IssueLevel.Opd)}' then holder end",
        "category" => "category",
        _ => "lower(level)",
    };

    private const string Figures = """
        count(distinct issue_id)::int, percentile_disc(0.5) within group (order by days), percentile_disc(0.9) within group (order by days),
        (count(*) filter (where overdue))::int, (count(*) filter (where settled))::int
        """;

    public static async Task<StuckReport> StuckAsync(IQuerySession session, DateTimeOffset until, string groupBy, CancellationToken ct)
    {
        var groups = new Dictionary<string, (int Count, double Median, double P90, int Overdue, int Settled)>();
        var levels = new Dictionary<string, List<LevelTime>>();
        var stuck = new List<StuckIssue>();
        // The time of each group's issues split by level. A level group's issues are split into that one level: its own
        // figures. A category's issues are every stay of that category (an issue has one). An office's or an OPD's issues
        // are those that stayed there at least once, with all their stays.
        var byLevel = groupBy switch
        {
            "level" => null,
            "category" => $"{AsOf} select category, level, {Figures} from s group by category, level",
            _ => $"""
                {AsOf}, m as (select distinct issue_id, holder as key from s where level = '{(groupBy == "asisten" ? nameof(IssueLevel.Asisten) : nameof(IssueLevel.Opd))}')
                select m.key, s.level, {Figures} from s join m using (issue_id) group by m.key, s.level
                """,
        };
        // The groups' own stays, and the open issues that have waited longest where they are (a stay still open then:
        // stays of an issue follow each other without overlap, so that is the issue's stay at the time, if it was open).
        var own = $"{AsOf}, own as (select {OwnKey(groupBy)} as key, * from s) select key, {Figures} from own where key is not null group by key";
        var longest = $"""
            {AsOf} select issue_id, number, level, holder, days from s where to_at is null
            order by round(days::numeric, 2) desc, number collate "C" limit 20
            """;
        await ReadAsync(session, until, ct, async reader =>
            {
                while (await reader.ReadAsync(ct))
                    groups[reader.GetString(0)] = (reader.GetInt32(1), Round(reader.GetDouble(2)), Round(reader.GetDouble(3)), reader.GetInt32(4),
                        reader.GetInt32(5));
                await reader.NextResultAsync(ct);
                if (byLevel is not null)
                {
                    while (await reader.ReadAsync(ct))
                    {
                        var group = reader.GetString(0);
                        if (!levels.TryGetValue(group, out var list)) levels[group] = list = [];
                        list.Add(new LevelTime(Enum.Parse<IssueLevel>(reader.GetString(1)), reader.GetInt32(2), Round(reader.GetDouble(3)),
                            Round(reader.GetDouble(4)), reader.GetInt32(5), reader.GetInt32(6)));
                    }
                    await reader.NextResultAsync(ct);
                }
                while (await reader.ReadAsync(ct))
                    stuck.Add(new StuckIssue(reader.GetGuid(0), reader.GetString(1), Enum.Parse<IssueLevel>(reader.GetString(2)), reader.GetString(3),
                        Round(reader.GetDouble(4))));
            },
            byLevel is null ? [own, longest] : [own, byLevel, longest]);
        List<LevelTime> LevelsOf(string key, (int Count, double Median, double P90, int Overdue, int Settled) g) => byLevel is null
            ? [new LevelTime(Enum.Parse<IssueLevel>(key, ignoreCase: true), g.Count, g.Median, g.P90, g.Overdue, g.Settled)]
            : levels[key].OrderBy(l => l.Level).ToList();
        var report = groups.OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new StuckGroup(g.Key, g.Value.Count, g.Value.Median, g.Value.P90, g.Value.Overdue, g.Value.Settled, LevelsOf(g.Key, g.Value)))
            .ToList();
        return new StuckReport(until, groupBy, report, stuck);
    }

    /// <summary>The issues sent back and forth more than twice (returns and transfers), the most first, with their paths.</summary>
    public static async Task<PingPongReport> PingPongAsync(IQuerySession session, DateTimeOffset until, CancellationToken ct)
    {
        var sql = $"""
            {AsOf}, paths as (
              select issue_id, min(number) as number,
                     array_agg(case when arrived_by is null then holder else arrived_by || ':' || holder end order by seq) as path,
                     (count(*) filter (where arrived_by = 'kembali'))::int as returns,
                     (count(*) filter (where arrived_by = 'pindah'))::int as transfers
              from s group by issue_id)
            select issue_id, number, path, returns, transfers from paths where returns + transfers > 2
            order by returns + transfers desc, number collate "C"
            """;
        var items = new List<IssuePath>();
        await ReadAsync(session, until, ct, async reader =>
        {
            while (await reader.ReadAsync(ct))
                items.Add(new IssuePath(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetInt32(3), reader.GetInt32(4)));
        }, sql);
        return new PingPongReport(until, items);
    }

    /// <summary>Per month of resolution in <paramref name="zone"/>: the share of issues settled at each level.</summary>
    public static async Task<SettlementReport> SettlementAsync(IQuerySession session, DateTimeOffset until, TimeZoneInfo zone, CancellationToken ct)
    {
        var settled = new List<(IssueLevel Level, DateTimeOffset At)>();
        await ReadAsync(session, until, ct, async reader =>
        {
            while (await reader.ReadAsync(ct))
                settled.Add((Enum.Parse<IssueLevel>(reader.GetString(0)), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero)));
        }, $"{AsOf} select level, to_at from s where settled");
        return AnalyticsEndpoints.SettlementOf(settled, until, zone);
    }

    /// <summary>
    /// Runs the statements (each its own, all with the region as <c>$1</c> and the date as <c>$2</c>) in one round trip
    /// and hands their rows to <paramref name="read"/>, one result after the other.
    /// </summary>
    private static async Task ReadAsync(IQuerySession session, DateTimeOffset until, CancellationToken ct, Func<NpgsqlDataReader, Task> read,
        params string[] statements)
    {
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // As for the replay: read a region's rows through its index rather than scan every region's (SSD-like costs).
        await using (var cost = new NpgsqlCommand("set local random_page_cost = 1.1", connection, transaction))
            await cost.ExecuteNonQueryAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in statements)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql)
            {
                Parameters = { new() { Value = session.TenantId }, new() { Value = until.UtcDateTime } },
            });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await read(reader);
    }

    private static double Round(double value) => Math.Round(value, 2);
}
