using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Persistence;
using Wolverine.Marten;
using Marten;
using JasperFx.Events;

namespace Eskalasi.Issues.FollowUps;

public sealed record CompleteFollowUpOfIssue(string? Outcome) : IssueMove
{
    /// <summary>From the route, like the issue's id.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public Guid FollowUpId { get; init; }
}

/// <summary>docs/domain.md "Moves" (complete follow-up): an officer of the owner OPD reports the outcome of an open follow-up.</summary>
[WolverineHandler]
public static class CompleteFollowUp
{
    [WolverinePost("/api/issues/{id}/follow-ups/{followUpId}/complete")]
    public static Task<IResult> Post(Guid id, Guid followUpId, CompleteFollowUpOfIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command with { FollowUpId = followUpId });

    public static Task<MoveResult> Handle(CompleteFollowUpOfIssue command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command.FollowUpId, command, issue, context), ct);

    public static Decision Decide(Guid followUpId, CompleteFollowUpOfIssue command, Issue issue, MoveContext context)
    {
        if (FollowUpRules.Find(issue, followUpId, out var notFound) is not { } followUp) return notFound!;
        return Decision.InOrder(
            who: FollowUpRules.MustOwn(followUp, context),
            fields: errors => errors.Required("outcome", command.Outcome, 4000),
            state: () => FollowUpRules.MustBeOpen(followUp),
            outcome: () => Decision.Accept(new FollowUpCompleted(issue.Id, followUpId, command.Outcome!.Trim(), context.Actor, context.Now)));
    }
}
