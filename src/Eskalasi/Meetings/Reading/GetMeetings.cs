using System.Security.Claims;
using Eskalasi.Identity;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Meetings.Reading;

public sealed record MeetingList(IReadOnlyList<Meeting> Items);

public static class GetMeetingsEndpoints
{
    [Authorize]
    [WolverineGet("/api/meetings/{id}")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var meeting = await session.LoadAsync<Meeting>(id, ct);
        if (meeting is null || !user.CanSee(meeting)) return MeetingLookup.NotFound(id);
        response.Headers.ETag = $"\"{meeting.Version}\"";
        return Results.Ok(await session.AsSeenByAsync(user.ToActor(), meeting, ct));
    }

    /// <summary>Meetings of the region, newest first; <c>?office=</c> narrows to one office. OPD officers see those they are invited to.</summary>
    [Authorize]
    [WolverineGet("/api/meetings")]
    public static async Task<IResult> List(string? office, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        IQueryable<Meeting> query = session.Query<Meeting>();
        if (!string.IsNullOrWhiteSpace(office)) query = query.Where(m => m.Office == office);
        if (user.Role() == Roles.OpdOfficer)
        {
            var own = user.Office() ?? "";
            query = query.Where(m => m.InvitedOpds.Contains(own));
        }
        var meetings = await query.OrderByDescending(m => m.ScheduledAt).Take(200).ToListAsync(ct);
        return Results.Ok(new MeetingList(await session.AsSeenByAsync(user.ToActor(), meetings, ct)));
    }
}
