using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using JasperFx.Events;
using Wolverine.Marten;
using Wolverine.Persistence;
using Marten;

namespace Eskalasi.Issues.Notes;

public sealed record AddNoteToIssue(string? Text) : IssueMove;

/// <summary>docs/domain.md "Moves" (note): anyone who may see the issue, also when it is closed.</summary>
[WolverineHandler]
public static class AddNote
{
    [WolverinePost("/api/issues/{id}/notes")]
    public static Task<IResult> Post(Guid id, AddNoteToIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command, 201);

    public static Task<MoveResult> Handle(AddNoteToIssue command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, context), ct);

    public static Decision Decide(AddNoteToIssue command, Issue issue, MoveContext context) => Decision.InOrder(
        // docs/domain.md "Regions and their organisation": analysts read only; administrators keep the organisation data, not the issues.
        who: context.Role is Identity.Roles.Analyst or Identity.Roles.Admin ? Refuse.Role("Analis dan admin hanya membaca masalah.") : null,
        fields: errors => errors.Required("text", command.Text, 4000),
        state: null, // also on a closed issue
        outcome: () => Decision.Accept(new NoteAdded(issue.Id, command.Text!.Trim(), context.Actor, context.Now)));
}
