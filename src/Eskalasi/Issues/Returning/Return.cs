using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Persistence;
using Wolverine.Marten;
using Marten;
using JasperFx.Events;

namespace Eskalasi.Issues.Returning;

public sealed record ReturnIssue(string? Instruction) : IssueMove;

/// <summary>
/// docs/domain.md "Moves" (return): one step back down, to the last holder the issue had below the current level —
/// from an Asisten to the OPD that raised it; from the Sekda to the Asisten that escalated it (or the OPD
/// that raised it straight); from the head to the Sekda.
/// </summary>
[WolverineHandler]
public static class Return
{
    [WolverinePost("/api/issues/{id}/return")]
    public static Task<IResult> Post(Guid id, ReturnIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command);

    public static Task<MoveResult> Handle(ReturnIssue command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, context), ct);

    public static Decision Decide(ReturnIssue command, Issue issue, MoveContext context) => Decision.InOrder(
        who: context.MustHold(issue),
        fields: errors => errors.Required("instruction", command.Instruction, 4000),
        state: () => Refuse.IfClosed(issue) ?? (issue.Level == IssueLevel.Opd || issue.LastPositionBelow(issue.Level) is null
            ? Refuse.WrongLevel(issue, "tidak ada tingkat di bawahnya untuk dikembalikan.")
            : null),
        outcome: () =>
        {
            var target = issue.LastPositionBelow(issue.Level)!;
            return Decision.Accept(new IssueReturned(issue.Id, issue.Level, issue.Holder, target.Level, target.Holder,
                command.Instruction!.Trim(), context.Actor, context.Now, Escalating.AssistantFirstRule.MeetingsBefore(issue)));
        });
}
