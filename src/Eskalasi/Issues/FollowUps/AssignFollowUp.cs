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

public sealed record AssignFollowUpToIssue(string? OwnerOpd, string? Description, string? DueDate, string? Indicator = null) : IssueMove
{
    public FollowUpTerms Terms => new(OwnerOpd, Description, DueDate, Indicator);
}

public sealed record FollowUpCreated(Guid Id);

/// <summary>docs/domain.md "Moves" (assign follow-up) (tindak lanjut): the holder at Asisten, Sekda or Bupati level.</summary>
[WolverineHandler]
public static class AssignFollowUp
{
    [WolverinePost("/api/issues/{id}/follow-ups")]
    public static Task<IResult> Post(Guid id, AssignFollowUpToIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command, 201);

    /// <summary>Answers with the new follow-up's id (<see cref="FollowUpCreated"/>) besides the issue.</summary>
    public static Task<MoveResult> Handle(AssignFollowUpToIssue command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, context), ct,
            created: events => new FollowUpCreated(events.OfType<FollowUpAssigned>().Single().FollowUpId));

    public static Decision Decide(AssignFollowUpToIssue command, Issue issue, MoveContext context) => Decision.InOrder(
        who: context.MustHold(issue),
        fields: errors => FollowUpRules.Check(command.Terms, context.Region, "", errors),
        state: () => Refuse.IfClosed(issue)
                     ?? (issue.Level == IssueLevel.Opd ? Refuse.WrongLevel(issue, "tindak lanjut ditugaskan dari tingkat Asisten ke atas.") : null),
        outcome: () => Decision.Accept(FollowUpRules.Assigned(issue, command.Terms, null, context)));
}
