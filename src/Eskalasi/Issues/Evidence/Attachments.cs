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
    private const string TableName = "attachments";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(Persistence.Schema, TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("issue_id").NotNull();
        table.AddColumn<string>("content_type").NotNull();
        table.AddColumn("content", "bytea").NotNull();
        return table;
    }

    [Authorize]
    [WolverinePost("/api/issues/{id}/attachments")]
    public static async Task<IResult> Post(Guid id, HttpContext http, IMessageBus bus)
    {
        // No file (or no multipart body) still goes to the move: who may see and act is answered first, then the 400 naming 'file'.
        var form = await ReadFormAsync(http.Request);
        var file = form?.Files.GetFile("file");
        if (file is { Length: > EvidenceFiles.MaxBytes })
            return Problems.ToResult(Problems.Create(413, "Berkas terlalu besar: paling banyak 10 MB."));
        byte[]? content = null;
        if (file is not null)
        {
            content = new byte[file.Length];
            await using var stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(content, http.RequestAborted);
        }
        var keep = form?["keepLocation"].ToString() is "true" or "on";
        return await MoveHttp.Send(http, bus, id, new AddAttachment(file?.FileName, content, keep), 201);
    }

    /// <summary>The multipart form, or null when there is none or it cannot be read (an empty or cut-off body).</summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType) return null;
        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return null;
        }
    }

    public static Task<MoveResult> Handle(AddAttachment command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct)
    {
        var prepared = Prepare(command);
        return moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, prepared, issue, context), ct,
            created: events =>
            {
                // Accepted: the bytes join the same transaction as the event (a refusal never reaches this).
                var added = events.OfType<AttachmentAdded>().Single();
                session.QueueSqlCommand(
                    $"insert into {Persistence.Schema}.{TableName} (tenant_id, id, issue_id, content_type, content) values (?, ?, ?, ?, ?)",
                    session.TenantId, added.AttachmentId, added.IssueId, added.ContentType, prepared.Stored);
                return new AttachmentCreated(added.AttachmentId, added.Name, added.ContentType, added.Size, added.Sha256, added.Lat, added.Lon);
            });
    }

    /// <summary>The file as it will be stored: its type from its bytes, a JPEG without its position (unless kept), the hash.</summary>
    public sealed record Prepared(string? ContentType, byte[] Stored, string Sha256, (double Lat, double Lon)? Position);

    public static Prepared Prepare(AddAttachment command)
    {
        var bytes = command.Content ?? [];
        var type = EvidenceFiles.Sniff(bytes);
        (double, double)? position = null;
        if (type == EvidenceFiles.Jpeg)
        {
            var (scrubbed, found) = EvidenceFiles.TakeOutLocation(bytes);
            position = found;
            if (!command.KeepLocation) bytes = scrubbed;
        }
        return new Prepared(type, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), command.KeepLocation ? position : null);
    }

    /// <summary>Analysts and admins read issues; every other role that may see one may attach evidence to it.</summary>
    public static bool MayAttach(string role) => role is not (Identity.Roles.Analyst or Identity.Roles.Admin);

    public static Decision Decide(AddAttachment command, Prepared file, Issue issue, MoveContext context) => Decision.InOrder(
        who: MayAttach(context.Role) ? null : Refuse.Role("Analis dan admin hanya membaca masalah."),
        fields: errors =>
        {
            if (command.Content is null) errors.Add("file", "Wajib diisi: satu berkas JPEG, PNG atau PDF sebagai multipart/form-data.");
            else if (command.Content.Length == 0) errors.Add("file", "Berkas kosong.");
            else if (string.IsNullOrWhiteSpace(command.Name)) errors.Add("file", "Berkas tanpa nama.");
            else if (command.Name.Length > 200) errors.Add("file", "Nama berkas paling banyak 200 karakter.");
        },
        state: () => file.ContentType is null
            ? new Refusal(415, "file-type", "Hanya foto JPEG atau PNG dan dokumen PDF yang diterima; isi berkas ini bukan salah satunya.")
            : null,
        outcome: () => Decision.Accept(new AttachmentAdded(issue.Id, Guid.CreateVersion7(context.Now), Path.GetFileName(command.Name!.Trim()),
            file.ContentType!, file.Stored.LongLength, file.Sha256, context.Actor, context.Now, file.Position?.Lat, file.Position?.Lon)));

    /// <summary>The file, to whoever may see the issue; any other caller, or an id not of this issue, gets 404.</summary>
    [Authorize]
    [WolverineGet("/api/issues/{id}/attachments/{attachmentId}")]
    public static Task<IResult> Get(Guid id, Guid attachmentId, ClaimsPrincipal user, IQuerySession session, DatabaseConnection database,
        HttpContext http, CancellationToken ct) => ServeAsync(id, attachmentId, user, session, database, http, ct);

    /// <summary>The file as the API gives it; the web application's own address (<c>/lampiran/…</c>, signed in by cookie) too.</summary>
    public static async Task<IResult> ServeAsync(Guid id, Guid attachmentId, ClaimsPrincipal user, IQuerySession session, DatabaseConnection database,
        HttpContext http, CancellationToken ct)
    {
        var issue = await IssueLookup.FindVisibleAsync(session, id, user, ct);
        if (issue is null) return IssueLookup.NotFound(id);
        if (issue.Attachments.FirstOrDefault(a => a.Id == attachmentId) is not { } info)
            return Problems.NotFound($"Lampiran {attachmentId} tidak ada pada masalah {issue.Number}.");

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select content from {Persistence.Schema}.{TableName} where tenant_id = @tenant and id = @id", connection);
        command.Parameters.AddWithValue("tenant", session.TenantId);
        command.Parameters.AddWithValue("id", attachmentId);
        if (await command.ExecuteScalarAsync(ct) is not byte[] content) return Problems.NotFound($"Lampiran {attachmentId} tidak ada.");
        http.Response.Headers.CacheControl = "private, max-age=86400";
        // Shown in the page (images, PDF viewer) under its own name; nosniff (set for every answer) keeps the type as stored.
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(info.Name); // any name, safely quoted (filename* for what ASCII cannot say)
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return Results.Bytes(content, info.ContentType);
    }
}
