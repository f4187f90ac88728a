using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Marten;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Persistence;
using Wolverine.Marten;
using JasperFx.Events;

namespace Eskalasi.Issues.MarkingDuplicate;

public sealed record MarkIssueDuplicate(string? DuplicateOf) : IssueMove
{
    /// <summary>The other issue's id, when <see cref="DuplicateOf"/> is one (loaded with the issue, in the same batch).</summary>
    [System.Text.Json.Serialization.JsonIgnore] public Guid DuplicateOfId => Guid.TryParse(DuplicateOf, out var id) ? id : Guid.Empty;
}

/// <summary>docs/domain.md "Moves" (mark duplicate): the holder Asisten, or the Sekda, closes it as a duplicate of another open issue.</summary>
[WolverineHandler]
public static class MarkDuplicate
{
    [WolverinePost("/api/issues/{id}/mark-duplicate")]
    public static Task<IResult> Post(Guid id, MarkIssueDuplicate command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command);

    public static Task<MoveResult> Handle(MarkIssueDuplicate command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        [Entity(nameof(MarkIssueDuplicate.DuplicateOfId), Required = false)] IssueDetails? other,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, other, context), ct);

    public static Decision Decide(MarkIssueDuplicate command, Issue issue, IssueDetails? other, MoveContext context) => Decision.InOrder(
        who: context.Role == Roles.Sekda || (issue.Level == IssueLevel.Asisten && context.IsHolder(issue)) ? null : Refuse.NotHolder(issue),
        fields: errors =>
        {
            if (string.IsNullOrWhiteSpace(command.DuplicateOf)) errors.Add("duplicateOf", "Wajib diisi.");
            else if (!Guid.TryParse(command.DuplicateOf, out _)) errors.Add("duplicateOf", "Harus id masalah (GUID).");
        },
        state: () => Refuse.IfClosed(issue),
        outcome: () => other is null || other.Id == issue.Id || other.Status != IssueStatus.Open
            ? Refuse.Rule("duplicate-target", "Masalah yang dirujuk harus masalah lain yang masih terbuka di wilayah ini.")
            : Decision.Accept(Closing.CancelOpenFollowUps(issue, $"Duplikat dari {other.Number}.", context)
                .Append(new IssueMarkedDuplicate(issue.Id, other.Id, other.Number, context.Actor, context.Now))));
}
