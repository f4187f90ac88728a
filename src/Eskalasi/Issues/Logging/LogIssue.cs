using System.Text.Json.Serialization;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Organisation;
using Eskalasi.Issues.Moves;
using Eskalasi.Issues.Overdue;
using Marten;
using Wolverine;
using Wolverine.Attributes;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Issues.Logging;

/// <summary>
/// The intake form of an OPD officer (docs/api.md <c>POST /api/issues</c>). Fields arrive as text so that
/// every invalid one can be named in the 400 answer, rather than failing as unreadable JSON.
/// </summary>
public sealed record LogIssue(
    string? Title,
    string? Description,
    string? Category,
    LocationInput? Location,
    string? Urgency,
    IReadOnlyList<string?>? RelatedOpds,
    string? ObservedAt)
{
    /// <summary>Who logs it; set by the caller (from the token over HTTP), never read from a body.</summary>
    [JsonIgnore] public Actor By { get; init; } = Actor.Nobody;
    /// <summary>A retried log under the same key answers with the first issue instead of numbering a second.</summary>
    [JsonIgnore] public string? IdempotencyKey { get; init; }
}

public sealed record LocationInput(string? Text, double? Lat, double? Lon);

[WolverineHandler]
public static class LogIssueEndpoint
{
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    [Authorize(Roles = Roles.OpdOfficer)]
    [WolverinePost("/api/issues")]
    public static async Task<IResult> Post(LogIssue command, HttpContext http, IMessageBus bus)
    {
        var message = command with { By = http.User.ToActor(), IdempotencyKey = MoveHttp.IdempotencyKeyOf(http) };
        var result = await bus.InvokeForTenantAsync<MoveResult>(http.User.Region()!, message, http.RequestAborted, TimeSpan.FromSeconds(60));
        if (result is { Succeeded: true, Issue: { } issue }) http.Response.Headers.Location = $"/api/issues/{issue.Id}";
        return MoveHttp.Answer(http, result, 201);
    }

    /// <summary>
    /// The log as any caller sends it: checks who logs (403) and every field (400), numbers the issue and starts its
    /// stream with the first stay's timer in one transaction. The answer is the new issue.
    /// </summary>
    public static async Task<MoveResult> Handle(LogIssue command, IDocumentSession session, IDocumentStore store, RegionDirectory regions,
        IMessageContext bus, TimeProvider clock, CancellationToken ct)
    {
        var idempotency = Idempotency.Of(command.By, command.IdempotencyKey, Guid.Empty, command);
        if (idempotency is not null && await session.LoadAsync<IdempotentReply>(idempotency.DocumentId, ct) is { } earlier)
            return await Idempotency.Replay(session, earlier, idempotency, ct);

        var region = await regions.FindAsync(session.TenantId, ct);
        if (region is null) return MoveResult.Refuse(new Refusal(404, null, Problems.NoOrganisation));
        if (command.By.Role != Roles.OpdOfficer) return MoveResult.Refuse(Refuse.Role("Hanya petugas OPD yang mencatat masalah."));
        var reporter = region.FindOpd(command.By.Office);
        if (reporter is null)
            return MoveResult.Refuse(Refuse.Role($"OPD '{command.By.Office}' pada token tidak terdaftar di {region.Name}."));

        var now = clock.GetUtcNow();
        var errors = Check(command, region, reporter.Code, now);
        if (errors.Any) return MoveResult.Refuse(errors.ToRefusal());

        var id = Guid.CreateVersion7(now);
        var number = await IssueNumbers.NextAsync(session, region, now, ct);
        Times.TryParse(command.ObservedAt, out var observedAt);
        var logged = new IssueLogged(
            id, number, region.Id, command.Title!.Trim(), command.Description!.Trim(), command.Category!,
            new Location(command.Location!.Text!.Trim(), command.Location.Lat, command.Location.Lon),
            ParseUrgency(command.Urgency)!.Value, reporter.Code,
            (command.RelatedOpds ?? []).Select(c => c!).ToList(), observedAt.ToUniversalTime(), command.By, now, reporter.Coordinator);

        session.Events.StartStream<IssueDetails>(id, logged);
        await DwellTimers.ScheduleAsync(bus, Issue.Create(logged), [logged], region, now);
        if (idempotency is not null) session.Insert(idempotency.Reply(id, 1, null));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (idempotency is not null && Concurrency.IsConflict(e))
        {
            // The same retry arrived twice at once and the other one stored its answer first: answer with that.
            session.EjectAllPendingChanges();
            await using var again = store.QuerySession(session.TenantId);
            var winner = await again.LoadAsync<IdempotentReply>(idempotency.DocumentId, ct);
            if (winner is null) throw;
            return await Idempotency.Replay(again, winner, idempotency, ct);
        }

        var issue = IssueDetailsProjection.Create(logged);
        issue.Version = 1; // the first event of the stream
        return new MoveResult(issue, 1, null);
    }

    /// <summary>docs/domain.md "Moves" (log): valid fields; related OPDs exist in the region and differ from the reporter.</summary>
    public static FieldErrors Check(LogIssue command, RegionOrganisation region, string reporter, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        errors.Required("title", command.Title, 200);
        errors.Required("description", command.Description, 4000);

        if (string.IsNullOrWhiteSpace(command.Category)) errors.Add("category", "Wajib diisi.");
        else if (!region.HasCategory(command.Category))
            errors.Add("category", $"Kategori '{command.Category}' tidak ada di {region.Name}. Pilihan: {string.Join(", ", region.Categories)}.");

        if (command.Location is null) errors.Add("location", "Wajib diisi.");
        else
        {
            errors.Required("location.text", command.Location.Text, 500);
            if (command.Location.Lat is < -90 or > 90) errors.Add("location.lat", "Lintang harus antara -90 dan 90.");
            if (command.Location.Lon is < -180 or > 180) errors.Add("location.lon", "Bujur harus antara -180 dan 180.");
            if (command.Location.Lat.HasValue != command.Location.Lon.HasValue)
                errors.Add("location", "Lintang dan bujur diisi berdua atau tidak sama sekali.");
        }

        if (string.IsNullOrWhiteSpace(command.Urgency)) errors.Add("urgency", "Wajib diisi.");
        else if (ParseUrgency(command.Urgency) is null) errors.Add("urgency", "Harus salah satu dari: biasa, tinggi, darurat.");

        var related = command.RelatedOpds ?? [];
        for (var i = 0; i < related.Count; i++)
        {
            var code = related[i];
            var field = $"relatedOpds[{i}]";
            if (string.IsNullOrWhiteSpace(code)) errors.Add(field, "Kode OPD kosong.");
            else if (region.FindOpd(code) is null) errors.Add(field, $"OPD '{code}' tidak ada di {region.Name}.");
            else if (code == reporter) errors.Add(field, "OPD terkait harus berbeda dari OPD pelapor.");
            else if (related.Take(i).Contains(code)) errors.Add(field, $"OPD '{code}' disebut dua kali.");
        }

        if (string.IsNullOrWhiteSpace(command.ObservedAt)) errors.Add("observedAt", "Wajib diisi.");
        else if (!Times.TryParse(command.ObservedAt, out var observedAt))
            errors.Add("observedAt", "Harus waktu ISO 8601 dengan zona, mis. 2026-11-25T08:30:00+07:00.");
        else if (observedAt > now + AllowedClockSkew) errors.Add("observedAt", "Tidak boleh di masa depan.");

        return errors;
    }

    private static Urgency? ParseUrgency(string? value) => value switch
    {
        "biasa" => Urgency.Biasa,
        "tinggi" => Urgency.Tinggi,
        "darurat" => Urgency.Darurat,
        _ => null,
    };
}
