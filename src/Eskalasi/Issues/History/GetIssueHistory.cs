using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Issues.GettingDetails;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Issues.History;

public sealed record HistoryEntry(long Sequence, long Version, string Type, DateTimeOffset At, Actor? Actor, object Data);

public static class GetIssueHistoryEndpoint
{
    /// <summary>Every event of one issue, oldest first, with who did it and when (docs/domain.md "Views" (Issue history)).</summary>
    [Authorize]
    [WolverineGet("/api/issues/{id}/history")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await IssueLookup.FindVisibleAsync(session, id, user, ct) is null) return IssueLookup.NotFound(id);

        var events = await session.Events.FetchStreamAsync(id, token: ct);
        return Results.Ok(events.Select(e => new HistoryEntry(
            e.Sequence,
            e.Version,
            e.EventType.Name,
            (e.Data as IIssueEvent)?.At ?? e.Timestamp,
            (e.Data as IIssueEvent)?.By,
            e.Data)).ToList());
    }
}
