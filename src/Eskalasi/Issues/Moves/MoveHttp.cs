using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Wolverine;

namespace Eskalasi.Issues.Moves;

/// <summary>
/// What HTTP adds to a move, in one place: the route's issue, the signed-in user, <c>If-Match</c> as the version
/// the caller saw, <c>Idempotency-Key</c>; then the move goes through the message bus like any other caller's,
/// and its answer becomes the response (refusals as problem details, the issue with its <c>ETag</c>).
/// </summary>
public static class MoveHttp
{
    public static async Task<IResult> Send(HttpContext http, IMessageBus bus, Guid issueId, IssueMove move, int successStatus = 200)
    {
        var message = move.On(issueId, http.User.ToActor(), IfMatch.Read(http), IdempotencyKeyOf(http));
        return Answer(http, await bus.MoveAsync(http.User.Region()!, message, http.RequestAborted), successStatus);
    }

    public static IResult Answer(HttpContext http, MoveResult result, int successStatus)
    {
        if (result.Refused is { } refused) return refused.ToResult();
        http.Response.Headers.ETag = $"\"{result.Version}\"";
        return Results.Json(result.Created ?? result.Issue, statusCode: successStatus);
    }

    public static string? IdempotencyKeyOf(HttpContext http) =>
        http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null;
}

/// <summary>How any caller in the process makes a move: through the bus, with every outcome a value.</summary>
public static class MoveBus
{
    /// <summary>A generous bound: a move takes milliseconds; this only stops a caller stuck behind a dead database.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The move, handled by its slice in <paramref name="region"/>. The handlers commit and answer a lost race themselves
    /// (409 <c>concurrent-change</c>); should Marten's concurrency check still surface as an exception (a commit left to
    /// Wolverine's transactional middleware), it is answered here the same way, so every outcome is a value.
    /// </summary>
    public static async Task<MoveResult> MoveAsync(this IMessageBus bus, string region, object move, CancellationToken ct = default)
    {
        // No stream has the empty id, and Marten refuses to look one up: answered here, as any unknown issue is.
        if (move is IssueMove { IssueId: var id } && id == Guid.Empty) return MoveResult.IssueNotFound(id);
        try
        {
            return await bus.InvokeForTenantAsync<MoveResult>(region, move, ct, Timeout);
        }
        catch (Exception e) when (Concurrency.IsConflict(e))
        {
            return MoveResult.Refuse(new Refusal(409, "concurrent-change", "Masalah ini baru saja diubah orang lain; muat ulang lalu coba lagi."));
        }
    }
}

public static class IfMatch
{
    /// <summary>
    /// <c>If-Match: "&lt;version&gt;"</c> (weak or strong) as the version the caller saw; none or <c>*</c> → null.
    /// A header naming no version of ours can never match: -1, refused with 412 in its turn of the check order.
    /// </summary>
    public static long? Read(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*") return null;
        foreach (var value in header.Split(','))
        {
            var tag = value.Trim();
            if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
            if (tag.Length > 2 && tag[0] == '"' && tag[^1] == '"' && long.TryParse(tag[1..^1], out var version)) return version;
        }
        return -1;
    }
}
