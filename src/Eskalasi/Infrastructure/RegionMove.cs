using Eskalasi.Issues;
using Eskalasi.Issues.Overdue;
using Eskalasi.Organisation;
using Marten;
using Npgsql;
using Wolverine;

namespace Eskalasi.Infrastructure;

/// <summary>
/// <c>regions move</c> (docs/scale.md "Moving a region to its own database"): a region of a shared database is copied into
/// a database of its own and served from there by this (database-per-region) deployment. Every row of the region — events,
/// streams, documents, evidence bytes, stays, number counters — is copied in one transaction; the region is registered in
/// the master table; every projection is rebuilt from the copied events (the stays table is not copied but made so); each
/// view the projections keep is compared row for row with the source's; then the timers its open issues wait for are armed in the new database. A difference takes the
/// region's row out of the master table again and fails the move. The source is left as it was (its events are append-only).
/// </summary>
public sealed class RegionMove(IDocumentStore store, RegionDatabases databases, RegionDirectory regions, IServiceProvider services,
    DatabaseConnection master, TimeProvider clock, ILogger<RegionMove> logger)
{
    /// <summary>The first key of the advisory lock a move of a region holds on the master (the second: the region's hash).</summary>
    public const int MoveLock = 73204120;

    public sealed record Report(string Region, string Database, IReadOnlyDictionary<string, long> RowsCopied, int ProjectionsRebuilt,
        long ViewRowsCompared, IReadOnlyList<string> Differences, int TimersArmed)
    {
        public bool Succeeded => Differences.Count == 0;
    }

    public async Task<Report> MoveAsync(string region, string from, string? to, CancellationToken ct)
    {
        if (!databases.PerRegion)
            throw new MoveRefused($"this deployment keeps every region in one database; set {Persistence.DatabasePerRegionSetting}=true");
        // One move of a region at a time, whichever process runs it: a session lock on the master, released when the move
        // ends or its process dies.
        await using var guard = new NpgsqlConnection(master.Unpooled);
        await guard.OpenAsync(ct);
        await using (var take = new NpgsqlCommand($"select pg_try_advisory_lock({MoveLock}, hashtext(@region))", guard))
        {
            take.Parameters.AddWithValue("region", region);
            if (await take.ExecuteScalarAsync(ct) is not true)
                throw new MoveRefused($"another move of region {region} is running");
        }
        if (await databases.RegisteredConnectionAsync(region, ct) is not null)
            throw new MoveRefused($"region {region} already has a database in this deployment");

        await using var source = new NpgsqlConnection(from);
        await source.OpenAsync(ct);
        if (await CountAsync(source, $"select count(*) from {Persistence.Schema}.mt_doc_regionorganisation where tenant_id = @region", region, ct) == 0)
            throw new MoveRefused($"region {region} is not in the source database");

        to ??= await databases.NewDatabaseAsync(region, ct);
        await databases.PrepareAsync(to, ct);
        var copied = await CopyAsync(source, to, region, ct);

        await databases.EnsureAsync(region, to, ct);
        regions.Forget(region);
        var projections = await RebuildAsync(region, ct);
        var (compared, differences) = await CompareAsync(source, to, region, ct);
        if (differences.Count > 0)
        {
            await databases.ForgetAsync(region);
            logger.LogError("Region {Region} not moved: {Differences} views differ from the source", region, differences.Count);
            return new Report(region, Name(to), copied, projections, compared, differences, 0);
        }
        var timers = await RearmTimersAsync(region, ct);
        logger.LogInformation("Region {Region} moved to {Database}: {Rows} rows, {Projections} projections rebuilt, {Compared} view rows equal, {Timers} timers",
            region, Name(to), copied.Values.Sum(), projections, compared, timers);
        return new Report(region, Name(to), copied, projections, compared, differences, timers);
    }

    /// <summary>Every table of the store's schema that holds regions' rows, the region's rows only, in one transaction.</summary>
    private static async Task<Dictionary<string, long>> CopyAsync(NpgsqlConnection source, string to, string region, CancellationToken ct)
    {
        await using var target = new NpgsqlConnection(to);
        await target.OpenAsync(ct);
        if (await CountAsync(target, $"select count(*) from {Persistence.Schema}.mt_events where tenant_id = @region", region, ct) > 0)
            throw new MoveRefused($"the target database already holds events of {region}");

        var tables = new List<(string Table, string Column)>();
        await using (var command = new NpgsqlCommand("""
            select table_name, column_name from information_schema.columns
            where table_schema = @schema and column_name in ('tenant_id', 'region')
              and table_name in (select table_name from information_schema.tables where table_schema = @schema and table_type = 'BASE TABLE')
            order by table_name, column_name desc
            """, source))
        {
            command.Parameters.AddWithValue("schema", Persistence.Schema);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (tables.All(t => t.Table != reader.GetString(0))) tables.Add((reader.GetString(0), reader.GetString(1)));
        }
        // The stays are a projection's own table, rebuilt from the events (its statements assume they run once per event).
        tables.RemoveAll(t => t.Table == Analytics.StaysProjection.TableName);

        // Streams before their events (a foreign key), the rest in name order.
        tables = [.. tables.OrderBy(t => t.Table == "mt_streams" ? 0 : t.Table == "mt_events" ? 1 : 2).ThenBy(t => t.Table, StringComparer.Ordinal)];
        var copied = new Dictionary<string, long>();
        await using var transaction = await target.BeginTransactionAsync(ct);
        foreach (var (table, column) in tables)
        {
            var columns = string.Join(", ", (await ColumnsAsync(target, table, ct)).Intersect(await ColumnsAsync(source, table, ct)).Select(c => $"\"{c}\""));
            var qualified = $"{Persistence.Schema}.\"{table}\"";
            await using (var reader = await source.BeginRawBinaryCopyAsync(
                             $"copy (select {columns} from {qualified} where {column} = {Literal(region)}) to stdout (format binary)", ct))
            await using (var writer = await target.BeginRawBinaryCopyAsync($"copy {qualified} ({columns}) from stdin (format binary)", ct))
                await reader.CopyToAsync(writer, ct);
            copied[table] = await CountAsync(target, $"select count(*) from {qualified} where {column} = @region", region, ct);
        }
        // The next event continues after the copied ones.
        await using (var sequence = new NpgsqlCommand(
                         $"select setval('{Persistence.Schema}.mt_events_sequence', greatest(coalesce((select max(seq_id) from {Persistence.Schema}.mt_events), 1), 1))",
                         target, transaction))
            await sequence.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return copied.Where(c => c.Value > 0).ToDictionary();
    }

    /// <summary>Every projection of the store, rebuilt from the region's copied events in its new database.</summary>
    private async Task<int> RebuildAsync(string region, CancellationToken ct)
    {
        var names = ((StoreOptions)store.Options).Projections.All.Select(p => p.Name).ToList();
        using var daemon = await store.BuildProjectionDaemonAsync(region);
        foreach (var name in names) await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(10), ct);
        return names.Count;
    }

    /// <summary>The documents the projections keep, row for row (id and JSON), in the source and in the new database.</summary>
    private async Task<(long Compared, List<string> Differences)> CompareAsync(NpgsqlConnection source, string to, string region,
        CancellationToken ct)
    {
        await using var target = new NpgsqlConnection(to);
        await target.OpenAsync(ct);
        var differences = new List<string>();
        long compared = 0;
        var views = ((StoreOptions)store.Options).Projections.All.SelectMany(p => p.PublishedTypes()).Distinct();
        foreach (var view in views)
        {
            var table = store.Options.FindOrResolveDocumentType(view).TableName.QualifiedName;
            var sql = $"select id::text, data::text from {table} where tenant_id = @region order by id";
            var before = await RowsAsync(source, sql, region, ct);
            var after = await RowsAsync(target, sql, region, ct);
            compared += before.Count;
            if (before.Count != after.Count) differences.Add($"{view.Name}: {before.Count} rows in the source, {after.Count} rebuilt");
            else
                differences.AddRange(before.Zip(after).Where(p => p.First != p.Second).Take(5)
                    .Select(p => $"{view.Name} {p.First.Id}: rebuilt differently"));
        }
        var stays = $"""
            select issue_id::text || '/' || seq, concat_ws('|', number, category, level, holder, arrived_by, from_at, to_at, settled, overdue_at)
            from {Persistence.Schema}.{Analytics.StaysProjection.TableName} where tenant_id = @region order by issue_id, seq
            """;
        var staysBefore = await RowsAsync(source, stays, region, ct);
        var staysAfter = await RowsAsync(target, stays, region, ct);
        compared += staysBefore.Count;
        if (!staysBefore.SequenceEqual(staysAfter))
            differences.Add($"stays: {staysBefore.Count} rows in the source, {staysAfter.Count} rebuilt, {staysBefore.Except(staysAfter).Count()} differ");
        return (compared, differences);
    }

    private async Task<int> RearmTimersAsync(string region, CancellationToken ct)
    {
        var organisation = await regions.FindAsync(region, ct) ?? throw new MoveRefused($"region {region} cannot be read after the move");
        await using var session = store.QuerySession(region);
        var open = await session.Query<Issue>().Where(i => i.Status == IssueStatus.Open).ToListAsync(ct);
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        bus.TenantId = region;
        var armed = 0;
        foreach (var issue in open) armed += await DwellTimers.RearmAsync(bus, issue, organisation, clock.GetUtcNow());
        // A recurring rakor's next occurrence waits on a timer too (its meetings are scheduled on the real clock).
        foreach (var series in await session.Query<Meetings.Series.MeetingSeries>().Where(s => !s.Stopped).ToListAsync(ct))
            armed += await Meetings.Series.MeetingSeriesEndpoints.RearmAsync(bus, series, organisation, clock.GetUtcNow());
        return armed;
    }

    private static async Task<List<(string Id, string Data)>> RowsAsync(NpgsqlConnection connection, string sql, string region, CancellationToken ct)
    {
        var rows = new List<(string, string)>();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("region", region);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    private static async Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        var columns = new List<string>();
        await using var command = new NpgsqlCommand(
            "select column_name from information_schema.columns where table_schema = @schema and table_name = @table order by ordinal_position", connection);
        command.Parameters.AddWithValue("schema", Persistence.Schema);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) columns.Add(reader.GetString(0));
        return columns;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, string region, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("region", region);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>A region code as an SQL literal (COPY takes no parameters).</summary>
    private static string Literal(string value) => "'" + value.Replace("'", "''") + "'";

    private static string Name(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database ?? "";
}

/// <summary>Why a move was not started (nothing was written).</summary>
public sealed class MoveRefused(string message) : Exception(message);
