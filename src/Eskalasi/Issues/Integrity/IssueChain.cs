using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten;
using Marten.Services;

namespace Eskalasi.Issues.Integrity;

/// <summary>
/// Tamper evidence for an issue's history (docs/reliability.md): each event's hash covers the previous hash, the
/// event's type and its data, so changing, removing or reordering any stored event breaks the chain from there on.
/// Kept beside the stream, written in the same transaction as the events that extend it.
/// </summary>
public sealed class IssueChain
{
    /// <summary>The issue's stream id.</summary>
    public Guid Id { get; set; }
    /// <summary>How many events the chain covers.</summary>
    public int Length { get; set; }
    /// <summary>The last event's hash, hex.</summary>
    public string Hash { get; set; } = Genesis;

    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private static string Next(string previous, object data, ISerializer serializer) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previous + "\n" + data.GetType().FullName + "\n" + serializer.ToJson(data))));

    /// <summary>The chain carried on over these events' data, in order.</summary>
    public IssueChain Extend(IEnumerable<IEvent> events, ISerializer serializer)
    {
        foreach (var e in events)
        {
            Hash = Next(Hash, e.Data, serializer);
            Length++;
        }
        return this;
    }

    public static bool IsIssueStream(StreamAction stream) => stream.Events.Count > 0 && stream.Events.All(e => e.Data is IIssueEvent);
}

/// <summary>Extends each issue stream's chain with the events a session is about to append (before it commits).</summary>
public sealed class IssueChainListener : DocumentSessionListenerBase
{
    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var stream in session.PendingChanges.Streams().Where(IssueChain.IsIssueStream))
        {
            var chain = (stream.ActionType == StreamActionType.Start ? null : await session.LoadAsync<IssueChain>(stream.Id, token))
                        ?? new IssueChain { Id = stream.Id };
            session.Store(chain.Extend(stream.Events, session.DocumentStore.Options.Serializer()));
        }
    }
}

/// <summary>The first issue stream of a region whose events no longer give its chain, or none.</summary>
public sealed record VerifyResult(int Streams, int Events, Guid? Broken, string? Number, string? Why);

public sealed class IssueChainVerifier(IDocumentStore store)
{
    public async Task<VerifyResult> VerifyAsync(string region, CancellationToken ct)
    {
        await using var session = store.QuerySession(region);
        var issues = await session.Query<IssueDetails>().Select(i => new { i.Id, i.Number }).ToListAsync(ct);
        var events = 0;
        foreach (var issue in issues.OrderBy(i => i.Number, StringComparer.Ordinal))
        {
            var stream = await session.Events.FetchStreamAsync(issue.Id, token: ct);
            var chain = await session.LoadAsync<IssueChain>(issue.Id, ct);
            events += stream.Count;
            if (chain is null) return new VerifyResult(issues.Count, events, issue.Id, issue.Number, "no chain was kept for this stream");
            var hash = new IssueChain().Extend(stream, session.DocumentStore.Options.Serializer()).Hash;
            if (stream.Count != chain.Length) return new VerifyResult(issues.Count, events, issue.Id, issue.Number, $"{stream.Count} events, the chain covers {chain.Length}");
            if (hash != chain.Hash) return new VerifyResult(issues.Count, events, issue.Id, issue.Number, "an event's data or order differs from what was appended");
        }
        return new VerifyResult(issues.Count, events, null, null, null);
    }
}

/// <summary>
/// Start-up: issue streams written before chains were kept (an upgraded database) get their chain now, from the
/// events as they stand — tamper evidence from the upgrade on. A no-op once every stream has one.
/// </summary>
public sealed class IssueChainBackfill(IDocumentStore store, Infrastructure.RegionDatabases databases, ILogger<IssueChainBackfill> logger)
    : Infrastructure.IStartupStep
{
    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var database in await databases.AllAsync()) await BackfillAsync(database, ct);
    }

    private async Task BackfillAsync(Marten.Storage.IMartenDatabase database, CancellationToken ct)
    {
        var missing = new List<(string Tenant, Guid Id)>();
        await using (var connection = database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            await using var command = new Npgsql.NpgsqlCommand(
                $"select d.tenant_id, d.id from {Infrastructure.Persistence.Schema}.mt_doc_issuedetails d " +
                $"left join {Infrastructure.Persistence.Schema}.mt_doc_issuechain c on c.tenant_id = d.tenant_id and c.id = d.id where c.id is null",
                connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) missing.Add((reader.GetString(0), reader.GetGuid(1)));
        }
        if (missing.Count == 0) return;
        var serializer = store.Options.Serializer();
        foreach (var tenant in missing.GroupBy(m => m.Tenant))
        foreach (var batch in tenant.Chunk(200))
        {
            await using var session = store.LightweightSession(tenant.Key);
            foreach (var (_, id) in batch)
            {
                session.Store(new IssueChain { Id = id }.Extend(await session.Events.FetchStreamAsync(id, token: ct), serializer));
            }
            await session.SaveChangesAsync(ct);
        }
        logger.LogInformation("Hash chains made for {Streams} issue streams written before chains were kept", missing.Count);
    }
}
