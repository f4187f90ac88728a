using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using Eskalasi.Identity;
using Eskalasi.Issues;
using Eskalasi.Organisation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Meetings.Minutes;

public sealed record MinutesAttendance(string Opd, string OpdName, bool Present, string? Representative);

/// <summary>A commitment agreed in the rakor: who, what, by when, and what counts as done.</summary>
public sealed record MinutesFollowUp(string OwnerOpd, string OwnerName, string Description, DateOnly DueDate, string? Indicator = null);

public sealed record MinutesItem(Guid IssueId, string Number, string Title, string Outcome, string OutcomeText, string? Agreement,
    IReadOnlyList<MinutesFollowUp> FollowUps);

/// <summary>The notulen of a meeting (docs/domain.md "Coordination meetings (rakor)"), derived from its events; <c>Final</c> once concluded.</summary>
public sealed record Minutes(
    Guid MeetingId, string Office, string OfficeName, string Region, DateTimeOffset ScheduledAt, string ScheduledAtLocal,
    string Place, bool Final, IReadOnlyList<MinutesAttendance> Attendance, IReadOnlyList<MinutesItem> Items, int OtherItems = 0)
{
    /// <summary>The line that stands for the items this reader may not see, e.g. "3 masalah lain dibahas".</summary>
    public string? OtherItemsText => OtherItems == 0 ? null : $"{OtherItems} masalah lain dibahas";

    /// <summary>The guests invited (not OPDs) and whether they attended (null: not recorded).</summary>
    public IReadOnlyList<GuestAttendance> Guests { get; init; } = [];
}

public static class GetMinutesEndpoint
{
    [Authorize]
    [WolverineGet("/api/meetings/{id}/minutes")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, HttpRequest request, RegionDirectory regions, CancellationToken ct)
    {
        var meeting = await session.LoadAsync<Meeting>(id, ct);
        if (meeting is null || !user.CanSee(meeting)) return MeetingLookup.NotFound(id);
        var region = (await regions.FindAsync(session.TenantId, ct))!;
        var minutes = Build(await session.AsSeenByAsync(user.ToActor(), meeting, ct), region);
        return request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            ? Results.Content(Html(minutes, region), "text/html; charset=utf-8")
            : Results.Ok(minutes);
    }

    public static Minutes Build(Meeting meeting, RegionOrganisation region)
    {
        string OpdName(string code) => region.FindOpd(code)?.Name ?? code;
        return new Minutes(
            meeting.Id, meeting.Office, region.FindOffice(meeting.Office)?.Name ?? meeting.Office, region.Name,
            meeting.ScheduledAt, LocalTime(meeting.ScheduledAt, region), meeting.Place, meeting.Status == MeetingStatus.Concluded,
            meeting.InvitedOpds.Union(meeting.Attendance.Select(a => a.Opd)).Select(code =>
            {
                var record = meeting.Attendance.FirstOrDefault(a => a.Opd == code);
                return new MinutesAttendance(code, OpdName(code), record?.Present ?? false, record?.Representative);
            }).ToList(),
            meeting.Agenda.Select(i => new MinutesItem(i.IssueId, i.Number, i.Title,
                i.Outcome is { } o ? OutcomeCode(o) : "", OutcomeText(i.Outcome), i.Agreement,
                (i.FollowUps ?? []).Select(f => new MinutesFollowUp(f.OwnerOpd, OpdName(f.OwnerOpd), f.Description, f.DueDate, f.Indicator)).ToList()))
                .ToList(),
            meeting.OtherItems) { Guests = meeting.Guests };
    }

    public static string OutcomeCode(MeetingOutcome outcome) => outcome switch
    {
        MeetingOutcome.Resolved => "resolved",
        MeetingOutcome.FollowUp => "follow-up",
        MeetingOutcome.Deferred => "deferred",
        _ => "escalate",
    };

    private static string OutcomeText(MeetingOutcome? outcome) => outcome switch
    {
        MeetingOutcome.Resolved => "Selesai",
        MeetingOutcome.FollowUp => "Tindak lanjut",
        MeetingOutcome.Deferred => "Ditunda ke rapat berikutnya",
        MeetingOutcome.Escalate => "Diputuskan untuk dieskalasi ke Sekda",
        _ => "Belum dibahas",
    };

    private static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    public static string LocalTime(DateTimeOffset at, RegionOrganisation region) => region.Show(at, "dddd, d MMMM yyyy 'pukul' HH.mm");

    /// <summary>A printable page in Bahasa Indonesia, as it would be filed.</summary>
    public static string Html(Minutes m, RegionOrganisation region)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var status = m.Final ? "Final" : "Sementara (rapat belum ditutup)";
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="id"><head><meta charset="utf-8"><title>Notulen Rapat — {{E(m.OfficeName)}}</title>
            <style>body{font-family:serif;max-width:48em;margin:2em auto}table{border-collapse:collapse;width:100%}
            td,th{border:1px solid #444;padding:.3em;vertical-align:top}@media print{body{margin:0} }</style></head><body>
            <h1>Notulen Rapat</h1>
            <p>Rapat koordinasi {{E(m.OfficeName)}}, {{E(region.Name)}}<br>
            Waktu: {{E(m.ScheduledAtLocal)}}<br>Tempat: {{E(m.Place)}}<br>
            Status: {{status}}</p>
            <h2>Daftar hadir</h2><table><tr><th>OPD</th><th>Kehadiran</th><th>Perwakilan</th></tr>
            """);
        foreach (var a in m.Attendance)
            html.Append($"<tr><td>{E(a.OpdName)}</td><td>{(a.Present ? "Hadir" : "Tidak hadir")}</td><td>{E(a.Representative)}</td></tr>");
        if (m.Guests.Count > 0)
        {
            html.Append("</table><h2>Tamu undangan</h2><table><tr><th>Nama</th><th>Instansi</th><th>Kehadiran</th></tr>");
            foreach (var g in m.Guests)
                html.Append($"<tr><td>{E(g.Name)}</td><td>{E(g.Institution)}</td><td>{(g.Present switch { true => "Hadir", false => "Tidak hadir", _ => "—" })}</td></tr>");
        }
        html.Append("</table><h2>Pembahasan</h2><table><tr><th>No.</th><th>Masalah</th><th>Hasil</th><th>Tindak lanjut</th></tr>");
        var n = 1;
        foreach (var item in m.Items)
        {
            var followUps = string.Join("<br>", item.FollowUps.Select(f =>
                $"{E(f.Description)} — {E(f.OwnerName)}, paling lambat {f.DueDate.ToString("d MMMM yyyy", Indonesian)}" +
                (f.Indicator is null ? "" : $"<br>Indikator keberhasilan: {E(f.Indicator)}")));
            html.Append($"<tr><td>{n++}</td><td>{E(item.Number)}<br>{E(item.Title)}</td><td>{E(item.OutcomeText)}" +
                        $"{(item.Agreement is null ? "" : "<br>Kesepakatan: " + E(item.Agreement))}</td><td>{followUps}</td></tr>");
        }
        if (m.OtherItemsText is { } others) html.Append($"<tr><td colspan=\"4\"><em>{E(others)}</em></td></tr>");
        html.Append("</table><p><em>Notulen ini disusun otomatis dari catatan kejadian rapat dan tidak dapat diubah.</em></p></body></html>");
        return html.ToString();
    }
}
