using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Organisation;
using Eskalasi.Issues.Overdue;
using Marten;
using Wolverine;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Eskalasi.Issues.Logging;

/// <summary>
/// The intake form of an OPD officer (API.md <c>POST /api/issues</c>). Fields arrive as text so that
/// every invalid one can be named in the 400 answer, rather than failing as unreadable JSON.
/// </summary>
public sealed record LogIssue(
    string? Title,
    string? Description,
    string? Category,
    LocationInput? Location,
    string? Urgency,
    IReadOnlyList<string?>? RelatedOpds,
    string? ObservedAt);

public sealed record LocationInput(string? Text, double? Lat, double? Lon);

public static class LogIssueEndpoint
{
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    public static Task<RegionOrganisation?> LoadAsync(IDocumentSession session, RegionDirectory regions, CancellationToken ct) =>
        regions.FindAsync(session.TenantId, ct);

    public static ProblemDetails Validate(LogIssue command, RegionOrganisation? region, ClaimsPrincipal user, TimeProvider clock)
    {
        if (region is null) return Problems.Create(404, Problems.NoOrganisation);
        var reporter = region.FindOpd(user.Office());
        if (reporter is null)
            return Problems.Create(403, $"OPD '{user.Office()}' pada token tidak terdaftar di {region.Name}.", "role");

        var errors = Check(command, region, reporter.Code, clock.GetUtcNow());
        return errors.Any ? errors.ToProblem() : WolverineContinue.NoProblems;
    }

    /// <summary>DOMAIN.md §3 "log": valid fields; related OPDs exist in the region and differ from the reporter.</summary>
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

    [Authorize(Roles = Roles.OpdOfficer)]
    [WolverinePost("/api/issues")]
    public static async Task<(IResult, IStartStream)> Post(
        LogIssue command, RegionOrganisation region, ClaimsPrincipal user, IDocumentSession session,
        IMessageBus bus, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var number = await IssueNumbers.NextAsync(session, region, now, ct);
        Times.TryParse(command.ObservedAt, out var observedAt);

        var logged = new IssueLogged(
            id, number, region.Id, command.Title!.Trim(), command.Description!.Trim(), command.Category!,
            new Location(command.Location!.Text!.Trim(), command.Location.Lat, command.Location.Lon),
            ParseUrgency(command.Urgency)!.Value, user.Office()!,
            (command.RelatedOpds ?? []).Select(c => c!).ToList(), observedAt.ToUniversalTime(), user.ToActor(), now);

        await DwellTimers.ScheduleArrivalAsync(bus, Issue.Create(logged), region, now);
        var issue = IssueDetailsProjection.Create(logged);
        issue.Version = 1; // the first event of the stream
        return (Results.Created($"/api/issues/{id}", issue), MartenOps.StartStream<IssueDetails>(id, logged));
    }

    private static Urgency? ParseUrgency(string? value) => value switch
    {
        "biasa" => Urgency.Biasa,
        "tinggi" => Urgency.Tinggi,
        "darurat" => Urgency.Darurat,
        _ => null,
    };
}
