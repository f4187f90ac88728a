using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Issues.Moves;
using Eskalasi.Organisation;
using Eskalasi.Issues.Overdue;
using Marten;
using Wolverine;

namespace Eskalasi.Meetings;

/// <summary>The events a meeting decision writes: on the meeting's stream and on the streams of the issues it discussed.</summary>
public sealed record MeetingDecision(
    IReadOnlyList<IMeetingEvent> MeetingEvents, IReadOnlyDictionary<Guid, IReadOnlyList<IIssueEvent>> IssueEvents, Refusal? Refused)
{
    public static MeetingDecision Accept(IMeetingEvent meetingEvent, IReadOnlyDictionary<Guid, IReadOnlyList<IIssueEvent>>? issueEvents = null) =>
        new([meetingEvent], issueEvents ?? new Dictionary<Guid, IReadOnlyList<IIssueEvent>>(), null);

    public static implicit operator MeetingDecision(Refusal refusal) => new([], new Dictionary<Guid, IReadOnlyList<IIssueEvent>>(), refusal);
}

public static class MeetingAccess
{
    /// <summary>Who may run a meeting: the Asisten of its office, or the Sekda for a Sekda-level meeting.</summary>
    public static bool Runs(this MoveContext context, Meeting meeting) =>
        meeting.Office == OfficeCodes.Sekda
            ? context.Role == Roles.Sekda
            : context.Role == Roles.Asisten && context.Office == meeting.Office;

    /// <summary>Who may read it: every role above the OPDs, and the officers of the OPDs it invited.</summary>
    public static bool CanSee(this ClaimsPrincipal user, Meeting meeting) =>
        user.Role() == Roles.OpdOfficer ? meeting.InvitedOpds.Contains(user.Office() ?? "") : user.Role() is not null;

    public static Refusal NotRunner(Meeting meeting) =>
        new(403, "not-holder", $"Hanya {(meeting.Office == OfficeCodes.Sekda ? "Sekda" : "Asisten " + meeting.Office)} yang memimpin rapat ini.");
}

/// <summary>
/// The one path every change to a meeting takes, like <see cref="IssueMoves"/> for issues: the meeting and the
/// issues it touches are fetched for writing, the decision is pure, and all streams are appended in one
/// transaction — an outcome is on the meeting and on the issue, or on neither.
/// </summary>
public sealed class MeetingDesk(MoveSessions sessions, RegionDirectory regions, TimeProvider clock)
{
    public delegate MeetingDecision Decide(Meeting meeting, IReadOnlyDictionary<Guid, Issue> issues, MoveContext context);

    public async Task<IResult> Execute(HttpContext http, Guid meetingId, Func<Meeting, IEnumerable<Guid>> issuesTouched, Decide decide)
    {
        var ct = http.RequestAborted;
        var bus = http.RequestServices.GetRequiredService<IMessageBus>();
        bus.TenantId = http.User.Region();
        await using var session = sessions.OpenSession(bus);

        var stream = await session.Events.FetchForWriting<Meeting>(meetingId, ct);
        if (stream.Aggregate is not { } meeting || !http.User.CanSee(meeting)) return MeetingLookup.NotFound(meetingId);
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region is null) return Problems.NotFound(Problems.NoOrganisation);

        var issueStreams = new Dictionary<Guid, JasperFx.Events.IEventStream<Issue>>();
        foreach (var id in issuesTouched(meeting).Distinct())
        {
            var issueStream = await session.Events.FetchForWriting<Issue>(id, ct);
            if (issueStream.Aggregate is not null) issueStreams[id] = issueStream;
        }

        var context = new MoveContext(http.User.ToActor(), region, clock.GetUtcNow());
        var decision = decide(meeting, issueStreams.ToDictionary(s => s.Key, s => s.Value.Aggregate!), context);
        if (decision.Refused is { } refused) return refused.ToResult();

        stream.AppendMany(decision.MeetingEvents.Cast<object>().ToArray());
        foreach (var (issueId, events) in decision.IssueEvents)
        {
            var before = issueStreams[issueId].Aggregate!;
            issueStreams[issueId].AppendMany(events.Cast<object>().ToArray());
            await DwellTimers.ScheduleAsync(bus, events.Aggregate(before, (state, e) => state.Then(e)), events, region, context.Now);
        }

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Concurrency.IsConflict(e))
        {
            return Problems.ToResult(Problems.Create(409, "Rapat atau masalahnya baru saja diubah orang lain; muat ulang lalu coba lagi.", "concurrent-change"));
        }
        return Results.Ok(await session.LoadAsync<Meeting>(meetingId, ct));
    }
}

public static class MeetingLookup
{
    public static IResult NotFound(Guid id) => Problems.NotFound($"Rapat {id} tidak ditemukan.");
}
