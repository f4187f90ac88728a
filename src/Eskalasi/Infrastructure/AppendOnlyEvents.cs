using Npgsql;

namespace Eskalasi.Infrastructure;

/// <summary>
/// Start-up: the event table is append-only in the database itself (docs/reliability.md "History that cannot be changed
/// unseen"). Triggers refuse any UPDATE, DELETE or TRUNCATE of <c>mt_events</c> whoever asks, the service included; only
/// a superuser who switches triggers off on purpose (<c>session_replication_role = replica</c>) gets past — and that is
/// what <c>verify</c> exists for. Idempotent: run at every start, by every node.
/// </summary>
public sealed class AppendOnlyEvents(RegionDatabases regions, ILogger<AppendOnlyEvents> logger) : IStartupStep
{
    public const string Refusal = "eskalasi: events are append-only";

    public async Task RunAsync(CancellationToken ct)
    {
        var databases = await regions.AllAsync();
        foreach (var database in databases)
        {
            await using var connection = database.CreateConnection();
            await connection.OpenAsync(ct);
            await InstallAsync(connection, ct);
        }
        logger.LogInformation("Event tables are append-only (update, delete and truncate refused) in {Databases} database(s)", databases.Count);
    }

    /// <summary>The triggers, in the database of this connection.</summary>
    public static async Task InstallAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // Two processes starting at once on one database would race on CREATE OR REPLACE (a duplicate key in pg_proc):
        // one at a time, under a transaction-scoped advisory lock.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select pg_advisory_xact_lock(73204117);
            create or replace function {Persistence.Schema}.mt_events_append_only() returns trigger language plpgsql as $$
            begin
              raise exception '{Refusal} (% refused)', tg_op using errcode = 'P0001';
            end $$;
            create or replace trigger mt_events_no_update_or_delete before update or delete on {Persistence.Schema}.mt_events
              for each row execute function {Persistence.Schema}.mt_events_append_only();
            create or replace trigger mt_events_no_truncate before truncate on {Persistence.Schema}.mt_events
              for each statement execute function {Persistence.Schema}.mt_events_append_only();
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
