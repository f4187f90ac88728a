using System.Security.Cryptography;
using Eskalasi.Infrastructure;
using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Eskalasi.Issues.Evidence;

/// <summary>
/// Where evidence files live (docs/domain.md "Evidence"): the <c>attachments</c> table beside the events, each row
/// owned by an issue or a meeting and written in the same transaction as the event that records it. Shared by an
/// issue's attachments and a meeting's materials: the same checks, the same storage, the same way back out.
/// </summary>
public static class EvidenceStore
{
    private const string TableName = "attachments";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(Persistence.Schema, TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("owner_id").NotNull(); // the issue or the meeting
        table.AddColumn<string>("content_type").NotNull();
        table.AddColumn("content", "bytea").NotNull();
        return table;
    }

    /// <summary>The file as it will be stored: its type from its bytes, a JPEG without its position (unless kept), the hash.</summary>
    public sealed record Prepared(string? ContentType, byte[] Stored, string Sha256, (double Lat, double Lon)? Position);

    public static Prepared Prepare(byte[]? content, bool keepLocation)
    {
        var bytes = content ?? [];
        var type = EvidenceFiles.Sniff(bytes);
        (double, double)? position = null;
        if (type == EvidenceFiles.Jpeg)
        {
            var (scrubbed, found) = EvidenceFiles.TakeOutLocation(bytes);
            position = found;
            if (!keepLocation) bytes = scrubbed;
        }
        return new Prepared(type, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), keepLocation ? position : null);
    }

    /// <summary>The fields of an upload: a file with a name.</summary>
    public static void Check(string? name, byte[]? content, FieldErrors errors)
    {
        if (content is null) errors.Add("file", "Wajib diisi: satu berkas JPEG, PNG atau PDF sebagai multipart/form-data.");
        else if (content.Length == 0) errors.Add("file", "Berkas kosong.");
        else if (string.IsNullOrWhiteSpace(name)) errors.Add("file", "Berkas tanpa nama.");
        else if (name.Length > 200) errors.Add("file", "Nama berkas paling banyak 200 karakter.");
    }

    public static Refusal? TypeRefusal(Prepared file) => file.ContentType is null
        ? new Refusal(415, "file-type", "Hanya foto JPEG atau PNG dan dokumen PDF yang diterima; isi berkas ini bukan salah satunya.")
        : null;

    /// <summary>The bytes, into the session's transaction (call only once the event is accepted).</summary>
    public static void Queue(IDocumentSession session, Guid id, Guid owner, string contentType, byte[] content) =>
        session.QueueSqlCommand(
            $"insert into {Persistence.Schema}.{TableName} (tenant_id, id, owner_id, content_type, content) values (?, ?, ?, ?, ?)",
            session.TenantId, id, owner, contentType, content);

    /// <summary>The file as the answer (shown inline under its own name), or 404 when the bytes are not there.</summary>
    public static async Task<IResult> ServeAsync(IQuerySession session, Guid id, string name, string contentType,
        HttpContext http, CancellationToken ct)
    {
        var tenant = session.TenantId;
        // The region's own database (a database per region) or the shared one; not the session's connection, which
        // would be held for the whole download.
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select content from {Persistence.Schema}.{TableName} where tenant_id = @tenant and id = @id",
            connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("id", id);
        if (await command.ExecuteScalarAsync(ct) is not byte[] content) return Problems.NotFound($"Berkas {id} tidak ada.");
        http.Response.Headers.CacheControl = "private, max-age=86400";
        // Shown in the page (images, PDF viewer); nosniff (set for every answer) keeps the type as stored.
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(name); // any name, safely quoted (filename* for what ASCII cannot say)
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return Results.Bytes(content, contentType);
    }
}

/// <summary>One file of a multipart upload (field <c>file</c>), read whole (at most 10 MB); none when the body has none.</summary>
public sealed record Upload(string? Name, byte[]? Content, bool KeepLocation, bool TooLarge)
{
    public static async Task<Upload> ReadAsync(HttpRequest request)
    {
        IFormCollection? form = null;
        if (request.HasFormContentType)
        {
            try
            {
                form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // An empty or cut-off multipart body: no file, answered 400 naming 'file' after who may act is known.
            }
        }
        var file = form?.Files.GetFile("file");
        var keep = form?["keepLocation"].ToString() is "true" or "on";
        if (file is null) return new Upload(null, null, keep, false);
        if (file.Length > EvidenceFiles.MaxBytes) return new Upload(file.FileName, null, keep, true);
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(content, request.HttpContext.RequestAborted);
        return new Upload(file.FileName, content, keep, false);
    }
}
