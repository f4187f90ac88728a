using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues.GettingDetails;
using Eskalasi.Organisation;
using Eskalasi.Issues.Overdue;
using Marten;
using Wolverine;

namespace Eskalasi.Issues.Moves;

/// <summary>
/// The one path every move on an issue takes: find the issue the caller may see (404), decide purely,
/// check <c>If-Match</c> (412) in the order API.md gives, append the events with optimistic concurrency
/// (a concurrent move → 409 <c>concurrent-change</c>) and answer. A repeated <c>Idempotency-Key</c> answers
/// as the first time and writes nothing. A refusal writes nothing.
/// </summary>
public sealed class IssueMoves(MoveSessions sessions, RegionDirectory regions, TimeProvider clock)
{
    public delegate Decision Decide(Issue issue, MoveContext context);

    /// <summary>Where a move needs more than the issue (another issue, the meeting), it loads it here first.</summary>
    public delegate Task<Decide> Prepare(IDocumentSession session, Issue issue, CancellationToken ct);

    public Task<IResult> Execute(HttpContext http, Guid issueId, object command, Decide decide, int successStatus = 200,
        Func<Issue, IReadOnlyList<IIssueEvent>, object?>? created = null) =>
        Execute(http, issueId, command, (_, _, _) => Task.FromResult(decide), successStatus, created);

    public async Task<IResult> Execute(HttpContext http, Guid issueId, object command, Prepare prepare, int successStatus = 200,
        Func<Issue, IReadOnlyList<IIssueEvent>, object?>? created = null)
    {
        var ct = http.RequestAborted;
        var user = http.User;
        if (issueId == Guid.Empty) return IssueLookup.NotFound(issueId);
        // An outboxed session: the timers a move starts are stored in the same transaction as its events.
        var bus = http.RequestServices.GetRequiredService<IMessageBus>();
        bus.TenantId = user.Region();
        await using var session = sessions.OpenSession(bus);

        // One round trip for what every move reads: an earlier answer under the same key, the stream, and its view.
        var idempotency = IdempotencyKey.From(http, command);
        var batch = session.CreateBatchQuery();
        var earlierReply = idempotency is null ? null : batch.Load<IdempotentReply>(idempotency.DocumentId);
        var fetched = batch.Events.FetchForWriting<Issue>(issueId);
        var viewBefore = batch.Load<IssueDetails>(issueId);
        await batch.Execute(ct);

        if (earlierReply is not null && await earlierReply is { } earlier)
            return await Replay(session, earlier, idempotency!, http, ct);

        var stream = await fetched;
        if (stream.Aggregate is not { } issue || !user.CanSee(issue)) return IssueLookup.NotFound(issueId);
        issue.Version = stream.CurrentVersion ?? 0;
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region is null) return Problems.NotFound(Problems.NoOrganisation);

        var context = new MoveContext(user.ToActor(), region, clock.GetUtcNow());
        var decision = (await prepare(session, issue, ct))(issue, context);

        // API.md: checks run 401, 404, 403, 400, 412, 409, 422.
        if (decision.Refused is { Status: 403 or 404 or 400 } early) return early.ToResult();
        if (IfMatch.IsStale(http, issue.Version, out var stale)) return stale;
        if (decision.Refused is { } refused) return refused.ToResult();

        stream.AppendMany(decision.Events.Cast<object>().ToArray());
        var after = decision.Events.Aggregate(issue, (state, e) => state.Then(e));
        await DwellTimers.ScheduleAsync(bus, issue, after, decision.Events, region, context.Now);
        var version = issue.Version + decision.Events.Count;
        var createdBody = created?.Invoke(issue, decision.Events);
        if (idempotency is not null)
            session.Insert(new IdempotentReply(idempotency.DocumentId, idempotency.Fingerprint, issueId, version, successStatus, createdBody is null ? null : JsonSerializer.Serialize(createdBody, JsonDefaults)));

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsConcurrencyFailure(e))
        {
            return Problems.ToResult(Problems.Create(409,
                $"Masalah {issue.Number} baru saja diubah orang lain; muat ulang lalu coba lagi.", "concurrent-change"));
        }

        // The answer is the view after the move: the same Apply methods the inline projection just ran, applied to
        // the view read before. Where that is not possible it is folded from the events at this version, as a
        // replayed key is answered — not loaded: the session's identity map still holds the view from before.
        http.Response.Headers.ETag = $"\"{version}\"";
        return Results.Json(createdBody
                            ?? ViewAfter(await viewBefore, decision.Events, version)
                            ?? await session.Events.AggregateStreamAsync<IssueDetails>(issueId, version, token: ct),
            statusCode: successStatus);
    }

    private static IssueDetails? ViewAfter(IssueDetails? view, IReadOnlyList<IIssueEvent> events, long version)
    {
        foreach (var e in events)
        {
            if (view is null) return null;
            view = IssueDetailsProjection.Next(view, e);
        }
        if (view is not null) view.Version = version;
        return view;
    }

    private static readonly JsonSerializerOptions JsonDefaults = CreateJsonOptions();

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions();
        Json.Configure(options);
        return options;
    }

    public static bool IsConcurrencyFailure(Exception e) =>
        e is JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException
        || e.GetType().Name.Contains("Concurrency", StringComparison.Ordinal)
        || (e.InnerException is { } inner && IsConcurrencyFailure(inner));

    private static async Task<IResult> Replay(IDocumentSession session, IdempotentReply earlier, IdempotencyKey key,
        HttpContext http, CancellationToken ct)
    {
        if (earlier.Fingerprint != key.Fingerprint)
            return Problems.ToResult(Problems.Create(422,
                "Idempotency-Key ini sudah dipakai untuk permintaan lain.", "idempotency-key-reused"));
        return await Answer(session, earlier.IssueId, earlier.Version, earlier.Status,
            earlier.CreatedJson is null ? null : JsonDocument.Parse(earlier.CreatedJson).RootElement, http, ct);
    }

    /// <summary>The issue as it stood right after the move (so a replay answers exactly as the first time).</summary>
    private static async Task<IResult> Answer(IDocumentSession session, Guid issueId, long version, int status,
        object? createdBody, HttpContext http, CancellationToken ct)
    {
        var issue = await session.Events.AggregateStreamAsync<IssueDetails>(issueId, version, token: ct);
        http.Response.Headers.ETag = $"\"{version}\"";
        return Results.Json(createdBody ?? issue, statusCode: status);
    }
}

/// <summary>A move already answered under an <c>Idempotency-Key</c>: enough to answer again as the first time.</summary>
public sealed record IdempotentReply(string Id, string Fingerprint, Guid IssueId, long Version, int Status, string? CreatedJson);

public sealed record IdempotencyKey(string DocumentId, string Fingerprint)
{
    public static IdempotencyKey? From(HttpContext http, object command)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrWhiteSpace(key)) return null;
        var user = http.User.FindFirstValue(Claims.User);
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{http.Request.Method} {http.Request.Path} {JsonSerializer.Serialize(command, command.GetType())}")));
        return new IdempotencyKey($"{user}|{key.Trim()}", fingerprint);
    }
}

public static class IfMatch
{
    /// <summary><c>If-Match: "&lt;version&gt;"</c> naming another version than the current one → 412.</summary>
    public static bool IsStale(HttpContext http, long currentVersion, out IResult result)
    {
        result = Results.Empty;
        var header = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*") return false;
        var expected = $"\"{currentVersion}\"";
        var matches = header.Split(',').Select(v => v.Trim().Replace("W/", "")).Any(v => v == expected);
        if (matches) return false;
        result = Problems.ToResult(Problems.Create(412,
            $"Versi yang Anda pegang ({header}) sudah usang; versi sekarang {expected}. Muat ulang lalu coba lagi."));
        return true;
    }
}
