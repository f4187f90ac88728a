using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using Marten;
using JasperFx.Events;

namespace Eskalasi.Meetings.Running;

public sealed record StartMeeting : MeetingStep;

/// <summary>docs/domain.md "Coordination meetings (rakor)": a meeting may be started at any time after it is scheduled (rakor are often moved).</summary>
[WolverineHandler]
public static class StartMeetingEndpoint
{
    [WolverinePost("/api/meetings/{id}/start")]
    public static Task<IResult> Post(Guid id, HttpContext http, IMessageBus bus) => MeetingHttp.Send(http, bus, id, new StartMeeting());

    public static Task<MeetingResult> Handle(StartMeeting step,
        [WriteAggregate(nameof(MeetingStep.MeetingId), Required = false)] IEventStream<Meeting> meeting,
        MeetingDesk desk, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        desk.Apply(step, meeting, session, bus, _ => [], (meeting, _, context) => Decide(meeting, context), ct);

    public static MeetingDecision Decide(Meeting meeting, MoveContext context) => MeetingDecision.InOrder(
        who: context.MustRun(meeting),
        fields: null,
        state: () => meeting.Status == MeetingStatus.Scheduled ? null : new Refusal(409, "meeting-started", "Rapat ini sudah dimulai."),
        outcome: () => MeetingDecision.Accept(new MeetingStarted(meeting.Id, context.Actor, context.Now)));
}
