using Eskalasi.Identity;
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

public sealed record EmergencyEscalateIssue(string? Justification) : IssueMove;

/// <summary>docs/domain.md "Moves" (emergency raise): a darurat issue goes from its OPD straight to the Sekda, a flagged skip.</summary>
[WolverineHandler]
public static class EmergencyEscalate
{
    [WolverinePost("/api/issues/{id}/emergency-escalate")]
    public static Task<IResult> Post(Guid id, EmergencyEscalateIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command);

    public static Task<MoveResult> Handle(EmergencyEscalateIssue command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, context), ct);

    public static Decision Decide(EmergencyEscalateIssue command, Issue issue, MoveContext context) => Decision.InOrder(
        // Only an officer of the holding OPD raises in an emergency (an Asisten that holds the issue escalates instead).
        who: context.Role != Roles.OpdOfficer ? Refuse.Role("Hanya petugas OPD pemegang masalah yang membuat eskalasi darurat.") : context.MustHold(issue),
        fields: errors => errors.Required("justification", command.Justification, 4000),
        state: () => Refuse.UnlessOpenAt(issue, IssueLevel.Opd, "hanya dari tingkat OPD."),
        outcome: () => issue.Urgency != Urgency.Darurat
            ? Refuse.Rule("level-skip", $"Hanya masalah berurgensi 'darurat' yang boleh langsung ke Sekda; {issue.Number} berurgensi '{issue.Urgency.ToString().ToLowerInvariant()}'.")
            : Decision.Accept(new IssueEmergencyRaised(issue.Id, issue.Holder, OfficeCodes.Sekda, command.Justification!.Trim(),
                context.Actor, context.Now)));
}
