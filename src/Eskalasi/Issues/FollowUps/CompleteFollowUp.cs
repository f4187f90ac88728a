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
        var followUp = issue.FollowUps.FirstOrDefault(f => f.Id == followUpId);
        if (followUp is null) return new Refusal(404, null, $"Tindak lanjut {followUpId} tidak ada pada masalah {issue.Number}.");
        return Decision.InOrder(
            who: context.Role == Roles.OpdOfficer && context.Office == followUp.OwnerOpd ? null : Refuse.NotOwner(followUp.OwnerOpd),
            fields: errors => errors.Required("outcome", command.Outcome, 4000),
            state: () => followUp.Status == FollowUpStatus.Open ? null
                : new Refusal(409, "follow-up-closed", $"Tindak lanjut ini sudah {(followUp.Status == FollowUpStatus.Completed ? "selesai" : "dibatalkan")}."),
            outcome: () => Decision.Accept(new FollowUpCompleted(issue.Id, followUpId, command.Outcome!.Trim(), context.Actor, context.Now)));
    }
}
