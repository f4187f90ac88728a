using Eskalasi.Infrastructure;
using Marten;
using Npgsql;

namespace Eskalasi.Issues;

/// <summary>
/// The decision aggregate <see cref="Issue"/> is kept as an inline snapshot, so a move reads one document instead
/// of folding the stream. Marten writes a snapshot only when a stream is appended to; a database written before the
/// snapshot existed has views (<see cref="IssueDetails"/>, inline from the start) but no snapshots, and a move on such
/// an issue would find nothing. At start-up, the snapshots are rebuilt from the events when any are missing.
/// </summary>
public sealed class IssueSnapshotBackfill(IDocumentStore store, RegionDatabases databases, ILogger<IssueSnapshotBackfill> logger) : IStartupStep
{
    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var database in await databases.AllAsync()) await BackfillAsync(database, ct);
    }

    private async Task BackfillAsync(Marten.Storage.IMartenDatabase database, CancellationToken ct)
    {
        var snapshots = store.Options.FindOrResolveDocumentType(typeof(Issue)).TableName.QualifiedName;
        var views = store.Options.FindOrResolveDocumentType(typeof(IssueDetails)).TableName.QualifiedName;
        long missing;
        await using (var connection = database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            await using var count = new NpgsqlCommand($"select (select count(*) from {views}) - (select count(*) from {snapshots})", connection);
            missing = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        if (missing <= 0) return;

        logger.LogWarning("{Missing} issues have no decision snapshot (a database from before snapshots); rebuilding the Issue projection", missing);
        using var daemon = databases.PerRegion
            ? await store.BuildProjectionDaemonAsync(database.TenantIds.First())
            : await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<Issue>(ct);
        logger.LogInformation("Issue snapshots rebuilt");
    }
}
