using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Eskalasi.Organisation;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Persistence;
using Wolverine.Marten;
using Marten;
using JasperFx.Events;

namespace Eskalasi.Issues.Escalating;

public sealed record EscalateIssue(string? ReasonCode, string? Justification) : IssueMove;

/// <summary>docs/domain.md "Moves" (escalate): one level up, from wherever the issue is.</summary>
[WolverineHandler]
public static class Escalate
{
    [WolverinePost("/api/issues/{id}/escalate")]
    public static Task<IResult> Post(Guid id, EscalateIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command);

    public static Task<MoveResult> Handle(EscalateIssue command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, context), ct);

    public static Decision Decide(EscalateIssue command, Issue issue, MoveContext context) => Decision.InOrder(
        who: context.MustHold(issue),
        fields: issue.Level == IssueLevel.Opd ? errors => errors.Required("justification", command.Justification, 4000) : null,
        state: () => Refuse.IfClosed(issue)
                     ?? (issue.Level == IssueLevel.Bupati ? Refuse.WrongLevel(issue, "tidak ada tingkat di atas kepala daerah.") : null),
        outcome: () => issue.Level switch
        {
            IssueLevel.Opd => RaiseToCoordinator(command, issue, context),
            IssueLevel.Asisten => EscalateToSekda(command, issue, context),
            _ => EscalateToHead(command, issue, context),
        });

    /// <summary>Opd → the holder OPD's coordinator: an Asisten, or the Sekda for an OPD it coordinates directly (not a skip).</summary>
    private static Decision RaiseToCoordinator(EscalateIssue command, Issue issue, MoveContext context)
    {
        var coordinator = context.Region.FindOffice(context.Region.FindOpd(issue.Holder)?.Coordinator);
        if (coordinator is null)
            return Refuse.Rule("unknown-office", $"OPD {issue.Holder} tidak memiliki koordinator di data organisasi.");
        var level = coordinator.Kind == OfficeKinds.Sekda ? IssueLevel.Sekda : IssueLevel.Asisten;
        return Decision.Accept(new IssueEscalated(issue.Id, IssueLevel.Opd, issue.Holder, level, coordinator.Code,
            null, command.Justification!.Trim(), 0, false, context.Actor, context.Now));
    }

    private static Decision EscalateToSekda(EscalateIssue command, Issue issue, MoveContext context)
    {
        if (AssistantFirstRule.Check(issue, command.ReasonCode, command.Justification) is { } refused) return refused;
        var waived = !AssistantFirstRule.WasDiscussedInAMeeting(issue);
        return Decision.Accept(new IssueEscalated(issue.Id, IssueLevel.Asisten, issue.Holder, IssueLevel.Sekda, OfficeCodes.Sekda,
            command.ReasonCode, command.Justification!.Trim(), AssistantFirstRule.MeetingsBefore(issue), waived,
            context.Actor, context.Now, AssistantFirstRule.QualifyingMeetings(issue)));
    }

    private static Decision EscalateToHead(EscalateIssue command, Issue issue, MoveContext context)
    {
        if (HeadEscalationRule.Check(command.ReasonCode, command.Justification) is { } refused) return refused;
        return Decision.Accept(new IssueEscalated(issue.Id, IssueLevel.Sekda, issue.Holder, IssueLevel.Bupati, OfficeCodes.Head,
            command.ReasonCode, command.Justification!.Trim(), AssistantFirstRule.MeetingsBefore(issue), false,
            context.Actor, context.Now));
    }
}
