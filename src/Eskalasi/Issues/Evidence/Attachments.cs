using System.Security.Claims;
using System.Security.Cryptography;
using Eskalasi.Infrastructure;
using Eskalasi.Issues.GettingDetails;
using Eskalasi.Issues.Moves;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Eskalasi.Issues.Evidence;

/// <summary>A file to attach, as it arrived: its name, its bytes, whether a photo's position is to be kept.</summary>
public sealed record AddAttachment(string? Name, byte[]? Content, bool KeepLocation) : IssueMove;

/// <summary>The 201 answer of an upload: the file as stored.</summary>
public sealed record AttachmentCreated(Guid Id, string Name, string ContentType, long Size, string Sha256, double? Lat = null, double? Lon = null);

/// <summary>
/// docs/domain.md "Evidence": photos (JPEG, PNG) and documents (PDF) attached to an issue by anyone who may act on it
/// (not analysts or admins), also on a closed issue, as a note may be. The type is read from the bytes; a JPEG's GPS
/// position is taken out unless the officer asks to keep it as the issue's location. The bytes go into the
/// <c>attachments</c> table in the same transaction as the <see cref="AttachmentAdded"/> event that records who, what,
/// when and the SHA-256; nothing in the product edits or deletes either.
/// </summary>
[WolverineHandler]
public static class Attachments
{

    [Authorize]
    [WolverinePost("/api/issues/{id}/attachments")]
    public static async Task<IResult> Post(Guid id, HttpContext http, IMessageBus bus)
    {
        // No file (or no multipart body) still goes to the move: who may see and act is answered first, then the 400 naming 'file'.
        var upload = await Upload.ReadAsync(http.Request);
        if (upload.TooLarge) return Problems.ToResult(Problems.Create(413, EvidenceFiles.TooLarge));
        return await MoveHttp.Send(http, bus, id, new AddAttachment(upload.Name, upload.Content, upload.KeepLocation), 201);
    }

    public static Task<MoveResult> Handle(AddAttachment command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct)
    {
        var prepared = EvidenceStore.Prepare(command.Content, command.KeepLocation);
        return moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, prepared, issue, context), ct,
            created: events =>
            {
                // Accepted: the bytes join the same transaction as the event (a refusal never reaches this).
                var added = events.OfType<AttachmentAdded>().Single();
                EvidenceStore.Queue(session, added.AttachmentId, added.IssueId, added.ContentType, prepared.Stored);
                return new AttachmentCreated(added.AttachmentId, added.Name, added.ContentType, added.Size, added.Sha256, added.Lat, added.Lon);
            });
    }


    /// <summary>Analysts and admins read issues; every other role that may see one may attach evidence to it.</summary>
    public static bool MayAttach(string role) => role is not (Identity.Roles.Analyst or Identity.Roles.Admin);

    public static Decision Decide(AddAttachment command, EvidenceStore.Prepared file, Issue issue, MoveContext context) => Decision.InOrder(
        who: MayAttach(context.Role) ? null : Refuse.Role("Analis dan admin hanya membaca masalah."),
        fields: errors => EvidenceStore.Check(command.Name, command.Content, errors),
        state: () => EvidenceStore.TypeRefusal(file),
        outcome: () => Decision.Accept(new AttachmentAdded(issue.Id, Guid.CreateVersion7(context.Now), Path.GetFileName(command.Name!.Trim()),
            file.ContentType!, file.Stored.LongLength, file.Sha256, context.Actor, context.Now, file.Position?.Lat, file.Position?.Lon)));

    /// <summary>The file, to whoever may see the issue; any other caller, or an id not of this issue, gets 404.</summary>
    [Authorize]
    [WolverineGet("/api/issues/{id}/attachments/{attachmentId}")]
    public static Task<IResult> Get(Guid id, Guid attachmentId, ClaimsPrincipal user, IQuerySession session,
        HttpContext http, CancellationToken ct) => ServeAsync(id, attachmentId, user, session, http, ct);

    /// <summary>The file as the API gives it; the web application's own address (<c>/lampiran/…</c>, signed in by cookie) too.</summary>
    public static async Task<IResult> ServeAsync(Guid id, Guid attachmentId, ClaimsPrincipal user, IQuerySession session,
        HttpContext http, CancellationToken ct)
    {
        var issue = await IssueLookup.FindVisibleAsync(session, id, user, ct);
        if (issue is null) return IssueLookup.NotFound(id);
        if (issue.Attachments.FirstOrDefault(a => a.Id == attachmentId) is not { } info)
            return Problems.NotFound($"Lampiran {attachmentId} tidak ada pada masalah {issue.Number}.");

        return await EvidenceStore.ServeAsync(session, attachmentId, info.Name, info.ContentType, http, ct);
    }
}
