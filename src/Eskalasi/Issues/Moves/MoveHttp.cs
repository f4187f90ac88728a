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
    /// <summary>A generous bound: a move takes milliseconds; this only stops a request stuck behind a dead database.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<IResult> Send(HttpContext http, IMessageBus bus, Guid issueId, IssueMove move, int successStatus = 200)
    {
        var message = move.On(issueId, http.User.ToActor(), IfMatch.Read(http), IdempotencyKeyOf(http));
        var result = await bus.InvokeForTenantAsync<MoveResult>(http.User.Region()!, message, http.RequestAborted, Timeout);
        return Answer(http, result, successStatus);
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
