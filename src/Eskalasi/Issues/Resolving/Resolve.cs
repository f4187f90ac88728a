using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Persistence;
using Wolverine.Marten;
using Marten;
using JasperFx.Events;

namespace Eskalasi.Issues.Resolving;

public sealed record ResolveIssue(string? Resolution) : IssueMove;

/// <summary>docs/domain.md "Moves" (resolve): the holder closes the issue at whatever level it is.</summary>
[WolverineHandler]
public static class Resolve
{
    [WolverinePost("/api/issues/{id}/resolve")]
    public static Task<IResult> Post(Guid id, ResolveIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command);

    public static Task<MoveResult> Handle(ResolveIssue command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, context), ct);

    public static Decision Decide(ResolveIssue command, Issue issue, MoveContext context) => Decision.InOrder(
        who: context.MustHold(issue),
        fields: errors => errors.Required("resolution", command.Resolution, 4000),
        state: () => Refuse.IfClosed(issue),
        outcome: () => Decision.Accept(Closing.Resolved(issue, command.Resolution!.Trim(), null, context)));
}
