using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Issues.Moves;
using Eskalasi.Organisation;
using Eskalasi.Issues.Overdue;
using JasperFx.Events;
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

    /// <summary>A decision on a meeting, its checks in the one order (<see cref="Checks"/>).</summary>
    public static MeetingDecision InOrder(Refusal? who, Action<FieldErrors>? fields, Func<Refusal?>? state, Func<MeetingDecision> outcome) =>
        Checks.InOrder(who, fields, state, outcome, refusal => refusal);
}

public static class MeetingAccess
{
    /// <summary>Who may run a meeting: the Asisten of its office, the Sekda for a Sekda-level meeting, the head for its own.</summary>
    public static bool Runs(this MoveContext context, Meeting meeting) => meeting.Office switch
    {
        OfficeCodes.Sekda => context.Role == Roles.Sekda,
        OfficeCodes.Head => context.Role == Roles.Bupati,
        _ => context.Role == Roles.Asisten && context.Office == meeting.Office,
    };

    /// <summary>Who may read it: every role above the OPDs, and the officers of the OPDs it invited.</summary>
    public static bool CanSee(this ClaimsPrincipal user, Meeting meeting) => user.ToActor().CanSee(meeting);

    public static bool CanSee(this Actor actor, Meeting meeting) =>
        actor.Role == Roles.OpdOfficer ? meeting.InvitedOpds.Contains(actor.Office ?? "") : actor.Role is Roles.Asisten or Roles.Sekda
            or Roles.Bupati or Roles.Analyst or Roles.Admin;

    /// <summary>
    /// The meetings as this reader may read them: an OPD officer sees the agenda items whose issues it may see
    /// (docs/domain.md "Who sees what"); the others are only counted (<see cref="Meeting.OtherItems"/>). Every
    /// other role reads the whole agenda.
    /// </summary>
    public static async Task<IReadOnlyList<Meeting>> AsSeenByAsync(this IQuerySession session, Actor reader, IReadOnlyList<Meeting> meetings,
        CancellationToken ct)
    {
        if (reader.Role != Roles.OpdOfficer) return meetings;
        var ids = meetings.SelectMany(m => m.Agenda.Select(a => a.IssueId)).Distinct().ToArray();
        if (ids.Length == 0) return meetings;
        var visible = (await session.LoadManyAsync<IssueDetails>(ct, ids)).Where(reader.CanSee).Select(i => i.Id).ToHashSet();
        return meetings.Select(m =>
        {
            var shown = m.Agenda.Where(a => visible.Contains(a.IssueId)).ToList();
            var seen = m with { Agenda = shown, OtherItems = m.Agenda.Count - shown.Count };
            seen.Version = m.Version;
            return seen;
        }).ToList();
    }

    public static async Task<Meeting> AsSeenByAsync(this IQuerySession session, Actor reader, Meeting meeting, CancellationToken ct) =>
        (await session.AsSeenByAsync(reader, [meeting], ct))[0];

    /// <summary>Who: only the office that runs the meeting (403 <c>not-holder</c>).</summary>
    public static Refusal? MustRun(this MoveContext context, Meeting meeting) => context.Runs(meeting) ? null : NotRunner(meeting);

    public static Refusal NotRunner(Meeting meeting) =>
        new(403, "not-holder", $"Hanya {meeting.Office switch { OfficeCodes.Sekda => "Sekda", OfficeCodes.Head => "kepala daerah", _ => "Asisten " + meeting.Office }} yang memimpin rapat ini.");
}

/// <summary>
/// A step of a meeting as a message (schedule excepted): its fields are the request body; the meeting, who acts and
/// (for an outcome) the issue are set by the caller and never read from a body.
/// </summary>
public abstract record MeetingStep
{
    [System.Text.Json.Serialization.JsonIgnore] public Guid MeetingId { get; init; }
    [System.Text.Json.Serialization.JsonIgnore] public Actor By { get; init; } = Actor.Nobody;

    public MeetingStep On(Guid meetingId, Actor by) => this with { MeetingId = meetingId, By = by };
}

/// <summary>The answer to a meeting step: the meeting as it stands after it, or the refusal.</summary>
public sealed record MeetingResult(Meeting? Meeting, Refusal? Refused)
{
    public static MeetingResult Refuse(Refusal refusal) => new(null, refusal);
}

/// <summary>
/// The one path every change to a meeting takes, like <see cref="IssueMoves"/> for issues, whoever sends it: the
/// meeting and the issues it touches are fetched for writing, the decision is pure, and all streams are appended in
/// one transaction — an outcome is on the meeting and on the issue, or on neither.
/// </summary>
public sealed class MeetingDesk(RegionDirectory regions, TimeProvider clock)
{
    public delegate MeetingDecision Decide(Meeting meeting, IReadOnlyDictionary<Guid, Issue> issues, MoveContext context);

    /// <summary>Where a step needs more than the meeting and its issues (the agenda's candidates), it loads it here first.</summary>
    public delegate Task<Decide> Prepare(IDocumentSession session, CancellationToken ct);

    public Task<MeetingResult> Apply(MeetingStep step, IEventStream<Meeting> stream, IDocumentSession session, IMessageContext bus,
        Func<Meeting, IEnumerable<Guid>> issuesTouched, Decide decide, CancellationToken ct, Action<MeetingDecision>? accepted = null) =>
        Apply(step, stream, session, bus, issuesTouched, (_, _) => Task.FromResult(decide), ct, accepted);

    /// <summary>
    /// The step inside Wolverine's aggregate handler workflow: Wolverine has fetched the meeting's stream for writing on
    /// its outboxed session; the issues the step touches are fetched for writing on the same session here.
    /// </summary>
    public async Task<MeetingResult> Apply(MeetingStep step, IEventStream<Meeting> stream, IDocumentSession session, IMessageContext bus,
        Func<Meeting, IEnumerable<Guid>> issuesTouched, Prepare prepare, CancellationToken ct, Action<MeetingDecision>? accepted = null)
    {
        if (stream.Aggregate is not { } meeting || !step.By.CanSee(meeting)) return MeetingLookup.Missing(step.MeetingId);
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region is null) return MeetingResult.Refuse(new Refusal(404, null, Problems.NoOrganisation));

        var issueStreams = new Dictionary<Guid, IEventStream<Issue>>();
        foreach (var id in issuesTouched(meeting).Distinct())
        {
            var issueStream = await session.Events.FetchForWriting<Issue>(id, ct);
            if (issueStream.Aggregate is not null) issueStreams[id] = issueStream;
        }

        var context = new MoveContext(step.By, region, clock.GetUtcNow());
        var decide = await prepare(session, ct);
        var decision = decide(meeting, issueStreams.ToDictionary(s => s.Key, s => s.Value.Aggregate!), context);
        if (decision.Refused is { } refused) return MeetingResult.Refuse(refused);

        stream.AppendMany(decision.MeetingEvents.Cast<object>().ToArray());
        foreach (var (issueId, events) in decision.IssueEvents)
        {
            var before = issueStreams[issueId].Aggregate!;
            issueStreams[issueId].AppendMany(events.Cast<object>().ToArray());
            await DwellTimers.ScheduleAsync(bus, events.Aggregate(before, (state, e) => state.Then(e)), events, region, context.Now);
        }

        accepted?.Invoke(decision); // what else joins the transaction of an accepted step (a material's bytes)
        try
        {
            await session.SaveChangesAsync(ct); // here, so that a lost race is a value (see IssueMoves.Apply)
        }
        catch (Exception e) when (Concurrency.IsConflict(e))
        {
            session.EjectAllPendingChanges();
            return MeetingResult.Refuse(new Refusal(409, "concurrent-change", "Rapat atau masalahnya baru saja diubah orang lain; muat ulang lalu coba lagi."));
        }
        return new MeetingResult(await session.LoadAsync<Meeting>(step.MeetingId, ct), null);
    }
}

/// <summary>What HTTP adds to a meeting step: the route's meeting and the signed-in user in, the answer out.</summary>
public static class MeetingHttp
{
    public static async Task<IResult> Send(HttpContext http, IMessageBus bus, Guid meetingId, MeetingStep step)
    {
        if (meetingId == Guid.Empty) return MeetingLookup.NotFound(meetingId);
        var result = await bus.InvokeForTenantAsync<MeetingResult>(http.User.Region()!, step.On(meetingId, http.User.ToActor()),
            http.RequestAborted, TimeSpan.FromSeconds(60));
        return result.Refused is { } refused ? refused.ToResult() : Results.Ok(result.Meeting);
    }
}

public static class MeetingLookup
{
    public static MeetingResult Missing(Guid id) => MeetingResult.Refuse(new Refusal(404, null, $"Rapat {id} tidak ditemukan."));

    public static IResult NotFound(Guid id) => Missing(id).Refused!.ToResult();
}
