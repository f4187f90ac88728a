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

public sealed record ReportFollowUpProgress(int? Percent, string? Note, IReadOnlyList<Guid>? AttachmentIds) : IssueMove
{
    [System.Text.Json.Serialization.JsonIgnore] public Guid FollowUpId { get; init; }
}

public sealed record ExtendFollowUp(string? DueDate, string? Reason) : IssueMove
{
    [System.Text.Json.Serialization.JsonIgnore] public Guid FollowUpId { get; init; }
}

/// <summary>
/// docs/domain.md "Commitments": a follow-up as a commitment. Its owner OPD reports progress (percent, note,
/// evidence); the office that assigned it may move its due date later, with a reason, as often as needed — each an
/// event, the due-date check moving with it. Completing it stays the owner's move (<see cref="CompleteFollowUp"/>).
/// </summary>
[WolverineHandler]
public static class Commitments
{
    [WolverinePost("/api/issues/{id}/follow-ups/{followUpId}/progress")]
    public static Task<IResult> PostProgress(Guid id, Guid followUpId, ReportFollowUpProgress command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command with { FollowUpId = followUpId });

    [WolverinePost("/api/issues/{id}/follow-ups/{followUpId}/extend")]
    public static Task<IResult> PostExtend(Guid id, Guid followUpId, ExtendFollowUp command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command with { FollowUpId = followUpId });

    public static Task<MoveResult> Handle(ReportFollowUpProgress command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus,
            (issue, context) => Decide(command, issue, context, issue.Attachments.Select(a => a.Id).ToList()), ct);

    public static Task<MoveResult> Handle(ExtendFollowUp command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, context), ct);

    /// <param name="attachments">The evidence already attached to the issue: a progress report names some of it.</param>
    public static Decision Decide(ReportFollowUpProgress command, Issue issue, MoveContext context, IReadOnlyCollection<Guid> attachments)
    {
        if (FollowUpRules.Find(issue, command.FollowUpId, out var notFound) is not { } followUp) return notFound!;
        var evidence = command.AttachmentIds ?? [];
        return Decision.InOrder(
            who: FollowUpRules.MustOwn(followUp, context),
            fields: errors =>
            {
                if (command.Percent is null) errors.Add("percent", "Wajib diisi.");
                else if (command.Percent is < 0 or > 100) errors.Add("percent", "Harus bilangan bulat 0 sampai 100.");
                errors.Required("note", command.Note, 4000);
                for (var i = 0; i < evidence.Count; i++)
                    if (!attachments.Contains(evidence[i])) errors.Add($"attachmentIds[{i}]", $"Lampiran {evidence[i]} tidak ada pada masalah ini.");
            },
            state: () => FollowUpRules.MustBeOpen(followUp),
            outcome: () => Decision.Accept(new FollowUpProgressReported(issue.Id, followUp.Id, command.Percent!.Value, command.Note!.Trim(),
                evidence.Distinct().ToList(), context.Actor, context.Now)));
    }

    public static Decision Decide(ExtendFollowUp command, Issue issue, MoveContext context)
    {
        if (FollowUpRules.Find(issue, command.FollowUpId, out var notFound) is not { } followUp) return notFound!;
        var parsed = FollowUpRules.TryParseDate(command.DueDate, out var dueDate);
        return Decision.InOrder(
            who: followUp.AssignedBy is { } office && context.Office == office ? null
                : new Refusal(403, "not-assigner", $"Hanya kantor yang menugaskan tindak lanjut ini ({followUp.AssignedBy}) yang boleh memperpanjang tenggatnya."),
            fields: errors =>
            {
                if (string.IsNullOrWhiteSpace(command.DueDate)) errors.Add("dueDate", "Wajib diisi.");
                else if (!parsed) errors.Add("dueDate", "Harus tanggal YYYY-MM-DD.");
                errors.Required("reason", command.Reason, 4000);
            },
            state: () => FollowUpRules.MustBeOpen(followUp)
                         ?? (dueDate <= followUp.DueDate
                             ? Refuse.Rule("extend.later", $"Tenggat baru harus sesudah tenggat sekarang ({followUp.DueDate:yyyy-MM-dd}).")
                             : null),
            outcome: () => Decision.Accept(new FollowUpExtended(issue.Id, followUp.Id, followUp.DueDate, dueDate, command.Reason!.Trim(),
                context.Actor, context.Now)));
    }
}
