using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues.Overdue;
using Eskalasi.Organisation;
using Marten;
using Wolverine;

namespace Eskalasi.Issues.Moves;

/// <summary>
/// What every move on an issue does, whoever sends it (the HTTP endpoint, the web application, a script in the
/// process). Each move is a Wolverine message; its slice's handler runs in Wolverine's aggregate handler workflow
/// (<c>[WriteAggregate]</c>: the stream fetched for writing, with the view and an earlier answer in the same batch) and
/// hands its pure decision to <see cref="Apply"/>: find the issue the caller may see (404), decide, check the version
/// the caller saw (412) in the order of docs/domain.md, append, start the timers the events call for, commit (a
/// concurrent move → 409 <c>concurrent-change</c>), and answer with the issue as it now stands. A repeated idempotency
/// key answers as the first time and writes nothing; a refusal writes nothing. Nothing here knows HTTP:
/// <see cref="MoveHttp"/> translates headers and answers.
/// </summary>
public sealed class IssueMoves(RegionDirectory regions, TimeProvider clock)
{
    /// <summary>
    /// The move inside Wolverine's aggregate handler workflow: Wolverine has fetched the stream, the view and the earlier
    /// answer (one batch) on its outboxed session, so the events, the inline projections and the timers commit together.
    /// </summary>
    public async Task<MoveResult> Apply(IssueMove move, MoveInputs inputs, IDocumentSession session, IMessageContext bus, Decide decide,
        CancellationToken ct, Func<IReadOnlyList<IIssueEvent>, object>? created = null)
    {
        var idempotency = Idempotency.Of(move.By, move.IdempotencyKey, move.IssueId, move);
        if (idempotency is not null && inputs.Earlier is { } earlier) return await Idempotency.Replay(session, earlier, idempotency, ct);

        var stream = inputs.Stream;
        if (stream.Aggregate is not { } issue || !move.By.CanSee(issue)) return MoveResult.IssueNotFound(move.IssueId);
        issue.Version = stream.CurrentVersion ?? 0;
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region is null) return MoveResult.Refuse(new Refusal(404, null, Problems.NoOrganisation));

        var context = new MoveContext(move.By, region, clock.GetUtcNow());
        var decision = decide(issue, context);
        if (decision.Refused is { Status: 403 or 404 or 400 } early) return MoveResult.Refuse(early);
        if (move.ExpectedVersion is { } expected && expected != issue.Version) return MoveResult.Refuse(Refuse.Stale(expected, issue.Version));
        if (decision.Refused is { } refused) return MoveResult.Refuse(refused);

        stream.AppendMany(decision.Events.Cast<object>().ToArray());
        var after = decision.Events.Aggregate(issue, (state, e) => state.Then(e));
        await DwellTimers.ScheduleAsync(bus, after, decision.Events, region, context.Now);
        var version = issue.Version + decision.Events.Count;
        var createdBody = created?.Invoke(decision.Events);
        if (idempotency is not null) session.Insert(idempotency.Reply(move.IssueId, version, createdBody));

        // Committed here rather than by Wolverine's transactional middleware after the handler (which then has nothing
        // left to do), so that losing a race to another move is an answer the caller gets as a value.
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Concurrency.IsConflict(e))
        {
            session.EjectAllPendingChanges(); // nothing left for the transactional middleware to try again
            return MoveResult.Refuse(Refuse.ChangedUnderneath(issue));
        }
        return new MoveResult(IssueDetailsProjection.After(inputs.View, decision.Events, version)
                              ?? await session.Events.AggregateStreamAsync<IssueDetails>(move.IssueId, version, token: ct),
            version, null, createdBody);
    }

    public delegate Decision Decide(Issue issue, MoveContext context);
}

/// <summary>What Wolverine's aggregate handler workflow loads for a move, in one batch: the stream for writing, the view,
/// and an earlier answer under the same idempotency key.</summary>
public sealed record MoveInputs(JasperFx.Events.IEventStream<Issue> Stream, IssueDetails? View, IdempotentReply? Earlier);

/// <summary>
/// A move on one issue as a message: its fields are the request body; who sends it, on which issue, against which
/// version and under which idempotency key are set by the caller (the HTTP layer fills them from the route, the
/// token and the headers) and are never read from a body.
/// </summary>
public abstract record IssueMove
{
    [System.Text.Json.Serialization.JsonIgnore] public Guid IssueId { get; init; }
    [System.Text.Json.Serialization.JsonIgnore] public Actor By { get; init; } = Actor.Nobody;
    /// <summary>The version the caller last saw; another current version refuses the move with 412.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public long? ExpectedVersion { get; init; }
    [System.Text.Json.Serialization.JsonIgnore] public string? IdempotencyKey { get; init; }

    /// <summary>Where the answer to this move is kept under its idempotency key (a key no move has when there is none).</summary>
    [System.Text.Json.Serialization.JsonIgnore] public string ReplyId => Idempotency.DocumentIdFor(By, IdempotencyKey);

    public IssueMove On(Guid issueId, Actor by, long? expectedVersion = null, string? idempotencyKey = null) =>
        this with { IssueId = issueId, By = by, ExpectedVersion = expectedVersion, IdempotencyKey = idempotencyKey };
}

/// <summary>The answer to a move: the issue as it stands after it (and what it created), or the refusal.</summary>
public sealed record MoveResult(IssueDetails? Issue, long Version, Refusal? Refused, object? Created = null)
{
    public bool Succeeded => Refused is null;

    public static MoveResult Refuse(Refusal refusal) => new(null, 0, refusal);

    public static MoveResult IssueNotFound(Guid id) => Refuse(new Refusal(404, null, $"Masalah {id} tidak ditemukan."));
}

/// <summary>A move already answered under an idempotency key: enough to answer again as the first time.</summary>
/// (Replies stored before the answer's status moved to the caller still carry a <c>status</c> member; it is ignored.)
public sealed record IdempotentReply(string Id, string Fingerprint, Guid IssueId, long Version, string? CreatedJson);

/// <summary>
/// A retried request (an officer on a weak connection) must not act twice: the first answer is kept under the
/// caller's key, a repeat with the same content is answered from it, a repeat with other content is refused.
/// </summary>
public sealed record Idempotency(string DocumentId, string Fingerprint)
{
    private static readonly JsonSerializerOptions JsonDefaults = CreateJsonOptions();

    public static Idempotency? Of(Actor by, string? key, Guid target, object command)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{command.GetType().Name} {target} {JsonSerializer.Serialize(command, command.GetType(), JsonDefaults)}")));
        return new Idempotency(DocumentIdFor(by, key), fingerprint);
    }

    public static string DocumentIdFor(Actor by, string? key) =>
        string.IsNullOrWhiteSpace(key) ? $"{by.User}|<none>" : $"{by.User}|{key.Trim()}";

    public IdempotentReply Reply(Guid issueId, long version, object? created) =>
        new(DocumentId, Fingerprint, issueId, version, created is null ? null : JsonSerializer.Serialize(created, JsonDefaults));

    /// <summary>The issue as it stood right after the first move, folded from its events at that version.</summary>
    public static async Task<MoveResult> Replay(IQuerySession session, IdempotentReply earlier, Idempotency key, CancellationToken ct)
    {
        if (earlier.Fingerprint != key.Fingerprint)
            return MoveResult.Refuse(new Refusal(422, "idempotency-key-reused", "Idempotency-Key ini sudah dipakai untuk permintaan lain."));
        var issue = await session.Events.AggregateStreamAsync<IssueDetails>(earlier.IssueId, earlier.Version, token: ct);
        return new MoveResult(issue, earlier.Version, null,
            earlier.CreatedJson is null ? null : JsonDocument.Parse(earlier.CreatedJson).RootElement);
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions();
        Json.Configure(options);
        return options;
    }
}
