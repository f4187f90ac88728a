using Eskalasi.Issues;
using Eskalasi.Issues.Moves;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using Marten;
using JasperFx.Events;

namespace Eskalasi.Meetings.Running;

public sealed record ConcludeMeeting : MeetingStep;

/// <summary>docs/domain.md "Coordination meetings (rakor)": concluding turns items without an outcome into <c>deferred</c> and makes the minutes final.</summary>
[WolverineHandler]
public static class ConcludeMeetingEndpoint
{
    [WolverinePost("/api/meetings/{id}/conclude")]
    public static Task<IResult> Post(Guid id, HttpContext http, IMessageBus bus) => MeetingHttp.Send(http, bus, id, new ConcludeMeeting());

    public static Task<MeetingResult> Handle(ConcludeMeeting step,
        [WriteAggregate(nameof(MeetingStep.MeetingId), Required = false)] IEventStream<Meeting> meeting,
        MeetingDesk desk, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        desk.Apply(step, meeting, session, bus, Undecided, (meeting, issues, context) => Decide(meeting, issues, context), ct);

    private static IEnumerable<Guid> Undecided(Meeting meeting) => meeting.Agenda.Where(i => i.Outcome is null).Select(i => i.IssueId);

    public static MeetingDecision Decide(Meeting meeting, IReadOnlyDictionary<Guid, Issue> issues, MoveContext context) => MeetingDecision.InOrder(
        who: context.MustRun(meeting),
        fields: null,
        state: () => meeting.Status == MeetingStatus.Started ? null : MeetingRefusals.NotRunning(meeting),
        outcome: () =>
        {
            var deferred = Undecided(meeting).ToList();
            // The deferral is written on the issue too while the office still holds it, so its history tells it.
            var onIssues = deferred
                .Where(id => issues.TryGetValue(id, out var issue) && !issue.IsClosed && issue.Holder == meeting.Office)
                .ToDictionary(id => id, id => (IReadOnlyList<IIssueEvent>)
                    [new IssueDiscussedInMeeting(id, meeting.Id, meeting.Office, MeetingOutcome.Deferred, null, context.Actor, context.Now)]);
            return MeetingDecision.Accept(new MeetingConcluded(meeting.Id, deferred, context.Actor, context.Now, meeting.InvitedOpds), onIssues);
        });
}
