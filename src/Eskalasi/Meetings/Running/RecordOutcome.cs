using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Issues.FollowUps;
using Eskalasi.Issues.Moves;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using Marten;
using JasperFx.Events;

namespace Eskalasi.Meetings.Running;

public sealed record RecordOutcome(string? Outcome, string? Agreement, IReadOnlyList<FollowUpTerms>? FollowUps) : MeetingStep
{
    /// <summary>The agenda item's issue, from the route.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public Guid IssueId { get; init; }
}

/// <summary>
/// docs/domain.md "Coordination meetings (rakor)": each agenda item gets one outcome — <c>resolved</c> (resolves the issue), <c>follow-up</c>
/// (follow-ups land on the issue), <c>deferred</c>, <c>escalate</c> (the decision only; the move still goes
/// through the rule). Only for an issue the meeting's office holds at that moment. The outcome is written on
/// the meeting and on the issue's own stream together.
/// </summary>
[WolverineHandler]
public static class RecordOutcomeEndpoint
{
    [WolverinePost("/api/meetings/{id}/items/{issueId}/outcome")]
    public static Task<IResult> Post(Guid id, Guid issueId, RecordOutcome command, HttpContext http, IMessageBus bus) =>
        MeetingHttp.Send(http, bus, id, command with { IssueId = issueId });

    public static Task<MeetingResult> Handle(RecordOutcome command,
        [WriteAggregate(nameof(MeetingStep.MeetingId), Required = false)] IEventStream<Meeting> meeting,
        MeetingDesk desk, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        desk.Apply(command, meeting, session, bus, _ => [command.IssueId], (meeting, issues, context) =>
            Decide(command, meeting, issues.GetValueOrDefault(command.IssueId), command.IssueId, context), ct);

    public static MeetingDecision Decide(RecordOutcome command, Meeting meeting, Issue? issue, Guid issueId, MoveContext context)
    {
        var item = meeting.Item(issueId);
        if (item is null || issue is null) return new Refusal(404, null, $"Masalah {issueId} tidak ada di agenda rapat ini.");
        var outcome = Parse(command.Outcome);
        var followUps = command.FollowUps ?? [];
        return MeetingDecision.InOrder(
            who: context.MustRun(meeting),
            fields: errors =>
            {
                if (outcome is null) errors.Add("outcome", "Harus salah satu dari: resolved, follow-up, deferred, escalate.");
                if (outcome == MeetingOutcome.Resolved) errors.Required("agreement", command.Agreement, 4000);
                if (outcome == MeetingOutcome.FollowUp && followUps.Count == 0) errors.Add("followUps", "Paling sedikit satu tindak lanjut.");
                if (outcome == MeetingOutcome.FollowUp)
                    for (var i = 0; i < followUps.Count; i++) FollowUpRules.Check(followUps[i], context.Region, $"followUps[{i}].", errors);
            },
            state: () => meeting.Status != MeetingStatus.Started ? MeetingRefusals.NotRunning(meeting)
                : item.Outcome is not null ? new Refusal(409, "outcome-recorded", $"Butir {item.Number} sudah punya hasil: {item.Outcome}.")
                : Refuse.IfClosed(issue),
            outcome: () =>
            {
                if (issue.Holder != meeting.Office || issue.Level is not (IssueLevel.Asisten or IssueLevel.Sekda or IssueLevel.Bupati))
                    return Refuse.Rule("meeting-office-not-holder",
                        $"Masalah {issue.Number} sekarang dipegang {issue.Holder}, bukan {meeting.Office}; rapat ini tidak bisa memutuskannya.");
                if (issue.Level == IssueLevel.Bupati && outcome == MeetingOutcome.Escalate)
                    return Refuse.Rule("no-level-above", "Tidak ada tingkat di atas kepala daerah: putuskan (disposisi), tugaskan tindak lanjut, atau selesaikan.");

                var agreement = string.IsNullOrWhiteSpace(command.Agreement) ? null : command.Agreement.Trim();
                var assigned = outcome == MeetingOutcome.FollowUp
                    ? followUps.Select(f => FollowUpRules.Assigned(issue, f, meeting.Id, context)).ToList()
                    : [];
                var onIssue = new List<IIssueEvent>
                {
                    new IssueDiscussedInMeeting(issue.Id, meeting.Id, meeting.Office, outcome!.Value, agreement, context.Actor, context.Now),
                };
                onIssue.AddRange(assigned);
                if (outcome == MeetingOutcome.Resolved) onIssue.AddRange(Closing.Resolved(issue, agreement!, meeting.Id, context));

                var recorded = new MeetingItemOutcomeRecorded(meeting.Id, issue.Id, outcome.Value, agreement,
                    assigned.Select(f => new AgreedFollowUp(f.FollowUpId, f.OwnerOpd, f.Description, f.DueDate, f.Indicator)).ToList(),
                    context.Actor, context.Now);
                return MeetingDecision.Accept(recorded, new Dictionary<Guid, IReadOnlyList<IIssueEvent>> { [issue.Id] = onIssue });
            });
    }

    public static MeetingOutcome? Parse(string? value) => value switch
    {
        "resolved" => MeetingOutcome.Resolved,
        "follow-up" => MeetingOutcome.FollowUp,
        "deferred" => MeetingOutcome.Deferred,
        "escalate" => MeetingOutcome.Escalate,
        _ => null,
    };
}
