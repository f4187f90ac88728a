using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using JasperFx.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Eskalasi.Analytics;

/// <summary>
/// docs/scale.md "Analytics that do not replay the world": every stay of every issue (issue × level × holder, from its
/// arrival to the move that ended it, whether it went overdue) as a row of the table <c>stays</c>, written by an inline
/// projection in the transaction of the event that starts or ends it. The analysts' answers are SQL aggregates over
/// these rows (<see cref="StaysQueries"/>). A row keeps when its stay ended, when it went overdue and whether it ended
/// settled; an answer "as of" a date reads a stay that ended later as still open then, and an overdue later as not
/// overdue, so a past answer never changes — the same rule as the replay (<see cref="HistoryReplay"/>), which the
/// tests compare it with.
/// </summary>
public sealed partial class StaysProjection : EventProjection
{
    public const string TableName = "stays";
    private static readonly string Table = $"{Persistence.Schema}.{TableName}";

    public static Table Definition()
    {
        var table = new Table(new PostgresqlObjectName(Persistence.Schema, TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn<Guid>("issue_id").AsPrimaryKey();
        // The version of the event that started the stay (its order among the issue's stays).
        table.AddColumn<long>("seq").AsPrimaryKey();
        table.AddColumn<string>("number").NotNull();
        table.AddColumn<string>("category").NotNull();
        table.AddColumn<string>("level").NotNull();
        table.AddColumn<string>("holder").NotNull();
        // How the issue came to this holder (naik, darurat, pindah, kembali, disposisi, dibuka-lagi); null when logged here.
        table.AddColumn<string>("arrived_by");
        table.AddColumn<DateTimeOffset>("from_at").NotNull();
        table.AddColumn<DateTimeOffset>("to_at");
        table.AddColumn<bool>("settled").NotNull().DefaultValueByExpression("false");
        table.AddColumn<DateTimeOffset>("overdue_at");
        table.Indexes.Add(new IndexDefinition("ix_stays_tenant_from") { Columns = ["tenant_id", "from_at"] });
        return table;
    }

    public void Project(IEvent<IssueLogged> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"""
            insert into {Table} (tenant_id, issue_id, seq, number, category, level, holder, arrived_by, from_at)
            values (?, ?, ?, ?, ?, ?, ?, null, ?) on conflict do nothing
            """, ops.TenantId, e.StreamId, e.Version, e.Data.Number, e.Data.Category, nameof(IssueLevel.Opd), e.Data.ReportingOpd, e.Data.At);

    public void Project(IEvent<IssueEscalated> e, IDocumentOperations ops) => Move(e, ops, e.Data.ToLevel, e.Data.ToHolder, "naik");
    public void Project(IEvent<IssueEmergencyRaised> e, IDocumentOperations ops) => Move(e, ops, IssueLevel.Sekda, e.Data.ToHolder, "darurat");
    public void Project(IEvent<IssueTransferred> e, IDocumentOperations ops) => Move(e, ops, IssueLevel.Asisten, e.Data.ToOffice, "pindah");
    public void Project(IEvent<IssueReturned> e, IDocumentOperations ops) => Move(e, ops, e.Data.ToLevel, e.Data.ToHolder, "kembali");
    public void Project(IEvent<DecisionMade> e, IDocumentOperations ops) => Move(e, ops, e.Data.ToLevel, e.Data.ToHolder, "disposisi");
    public void Project(IEvent<IssueReopened> e, IDocumentOperations ops) => Start(e, ops, e.Data.ToLevel, e.Data.ToHolder, "dibuka-lagi");
    public void Project(IEvent<IssueResolved> e, IDocumentOperations ops) => End(e, ops, settled: true);
    public void Project(IEvent<IssueWithdrawn> e, IDocumentOperations ops) => End(e, ops, settled: false);
    public void Project(IEvent<IssueMarkedDuplicate> e, IDocumentOperations ops) => End(e, ops, settled: false);

    /// <summary>Overdue marks the stay it was timed for, if the issue is still there (a late timer marks nothing).</summary>
    public void Project(IEvent<IssueBecameOverdue> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"""
            update {Table} set overdue_at = ?
            where tenant_id = ? and issue_id = ? and from_at = ? and to_at is null and overdue_at is null
            """, e.Data.At, ops.TenantId, e.StreamId, e.Data.ArrivedAt);

    private static void Move<T>(IEvent<T> e, IDocumentOperations ops, IssueLevel level, string holder, string how) where T : IIssueEvent
    {
        End(e, ops, settled: false);
        Start(e, ops, level, holder, how);
    }

    private static void End<T>(IEvent<T> e, IDocumentOperations ops, bool settled) where T : IIssueEvent =>
        ops.QueueSqlCommand($"update {Table} set to_at = ?, settled = ? where tenant_id = ? and issue_id = ? and to_at is null",
            e.Data.At, settled, ops.TenantId, e.StreamId);

    /// <summary>A new stay, with the number and category of the issue's first (an issue not logged here has none).</summary>
    private static void Start<T>(IEvent<T> e, IDocumentOperations ops, IssueLevel level, string holder, string how) where T : IIssueEvent =>
        ops.QueueSqlCommand($"""
            insert into {Table} (tenant_id, issue_id, seq, number, category, level, holder, arrived_by, from_at)
            select tenant_id, issue_id, ?, number, category, ?, ?, ?, ? from {Table}
            where tenant_id = ? and issue_id = ? order by seq limit 1
            on conflict do nothing
            """, e.Version, level.ToString(), holder, how, e.Data.At, ops.TenantId, e.StreamId);
}

public static class AnalyticsConfiguration
{
    /// <summary>The stays table and its projection; the analysts' endpoints read it.</summary>
    public static WebApplicationBuilder AddAnalytics(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureStore(options =>
        {
            options.Storage.ExtendedSchemaObjects.Add(StaysProjection.Definition());
            options.Projections.Add<StaysProjection>(ProjectionLifecycle.Inline);
        });
        return builder;
    }
}

/// <summary>
/// Start-up: a database from before the stays table gets its rows once, from a replay of each region's events up to
/// now (the same replay the tests compare the projection with). From then on the projection keeps them.
/// </summary>
public sealed class StaysBackfill(IDocumentStore store, RegionDatabases databases, TimeProvider clock, ILogger<StaysBackfill> logger) : IStartupStep
{
    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var database in await databases.AllAsync())
        {
            await using var connection = database.CreateConnection();
            await connection.OpenAsync(ct);
            await BackfillAsync(connection, ct);
        }
    }

    /// <summary>The regions of one database whose issues have no stays yet.</summary>
    private async Task BackfillAsync(Npgsql.NpgsqlConnection connection, CancellationToken ct)
    {
        var regions = new List<string>();
        await using (var command = new Npgsql.NpgsqlCommand($"""
            select distinct tenant_id from {Persistence.Schema}.mt_events e where type = 'issue_logged'
            and not exists (select 1 from {Persistence.Schema}.{StaysProjection.TableName} s where s.tenant_id = e.tenant_id)
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) regions.Add(reader.GetString(0));
        foreach (var region in regions)
        {
            await using var session = store.QuerySession(region);
            var replay = await HistoryReplay.RunAsync(session, clock.GetUtcNow(), ct);
            await using var copy = await connection.BeginBinaryImportAsync(
                $"copy {Persistence.Schema}.{StaysProjection.TableName} (tenant_id, issue_id, seq, number, category, level, holder, arrived_by, " +
                "from_at, to_at, settled, overdue_at) from stdin (format binary)", ct);
            var rows = 0;
            foreach (var issue in replay.Issues)
                for (var i = 0; i < issue.Stays.Count; i++)
                {
                    var stay = issue.Stays[i];
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(region, ct);
                    await copy.WriteAsync(stay.IssueId, ct);
                    await copy.WriteAsync((long)i, ct);
                    await copy.WriteAsync(stay.Number, ct);
                    await copy.WriteAsync(stay.Category, ct);
                    await copy.WriteAsync(stay.Level.ToString(), ct);
                    await copy.WriteAsync(stay.Holder, ct);
                    await WriteOrNullAsync(copy, issue.ArrivedBy(i), NpgsqlTypes.NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(stay.From, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
                    await WriteOrNullAsync(copy, stay.To, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
                    await copy.WriteAsync(stay.Settled, ct);
                    await WriteOrNullAsync(copy, stay.OverdueAt, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
                    rows++;
                }
            await copy.CompleteAsync(ct);
            logger.LogInformation("Stays of {Region} written from its history: {Rows} rows", region, rows);
        }
    }

    private static Task WriteOrNullAsync<T>(Npgsql.NpgsqlBinaryImporter copy, T? value, NpgsqlTypes.NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);
}
