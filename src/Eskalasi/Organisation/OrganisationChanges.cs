using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Organisation;

// docs/domain.md "Regions and their organisation": the organisation can be changed later, by the region's admin. Each
// change is an event of the region's organisation stream; the organisation document is updated in the same
// transaction, so new moves use it at once. History is never rewritten: old events keep the codes they were written with.

public sealed record OpdAdded(string Code, string Name, string Kind, string Coordinator, Actor By);

public sealed record OpdChanged(string Code, string? Name, string? Coordinator, Actor By);

public sealed record DwellTargetsChanged(DwellTargets Targets, Actor By);

public sealed record AddOpdRequest(string? Code, string? Name, string? Kind, string? Coordinator);

public sealed record ChangeOpdRequest(string? Name, string? Coordinator);

/// <summary>Dwell targets; <see cref="Unit"/> <c>working-days</c> or <c>days</c> (absent: the unit stays as it is).</summary>
public sealed record DwellTargetsRequest(double? Opd, double? Asisten, double? Sekda, double? Bupati, double? Darurat, string? Unit = null);

/// <summary>The region's own holidays, replacing the list (dates <c>yyyy-MM-dd</c>; names optional, in the same order).</summary>
public sealed record HolidaysRequest(IReadOnlyList<string?>? Dates, IReadOnlyList<string?>? Names = null);

/// <summary>The region's own holidays were set (docs/domain.md "Working days"): effective for new timers at once.</summary>
public sealed record RegionHolidaysSet(IReadOnlyList<Holiday> Holidays, Actor By);

/// <summary>The admin's changes to a region's organisation: API and web screens both come here.</summary>
public sealed partial class OrganisationChanges(IDocumentStore store, RegionDirectory regions, ILogger<OrganisationChanges> logger)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex Code();

    public static Guid StreamOf(string region) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes("eskalasi-organisation:" + region)).AsSpan(0, 16));

    public Task<(RegionOrganisation?, Refusal?)> AddOpdAsync(string region, AddOpdRequest request, Actor by, CancellationToken ct) =>
        ChangeAsync(region, by, ct, organisation =>
        {
            var errors = new FieldErrors();
            if (request.Code is null || !Code().IsMatch(request.Code)) errors.Add("code", "2–40 huruf kecil, angka atau tanda hubung.");
            errors.Required("name", request.Name, 200);
            if (request.Kind is null || !OpdKinds.All.Contains(request.Kind)) errors.Add("kind", "Salah satu dari: " + string.Join(", ", OpdKinds.All) + ".");
            CheckCoordinator(organisation, request.Coordinator, errors);
            if (errors.Any) return (null, null, errors.ToRefusal());
            if (organisation.FindOpd(request.Code) is not null || organisation.FindOffice(request.Code) is not null)
                return (null, null, new Refusal(409, "opd-exists", $"Kode '{request.Code}' sudah dipakai di wilayah ini."));
            var added = new OpdAdded(request.Code!, request.Name!.Trim(), request.Kind!, request.Coordinator!, by);
            return (added, organisation with { Opds = [.. organisation.Opds, new Opd(added.Code, added.Name, added.Kind, added.Coordinator)] }, null);
        });

    public Task<(RegionOrganisation?, Refusal?)> ChangeOpdAsync(string region, string code, ChangeOpdRequest request, Actor by, CancellationToken ct) =>
        ChangeAsync(region, by, ct, organisation =>
        {
            if (organisation.FindOpd(code) is not { } opd) return (null, null, new Refusal(404, null, $"OPD '{code}' tidak ada di wilayah ini."));
            var errors = new FieldErrors();
            if (request.Name is null && request.Coordinator is null) errors.Add("name", "Isi nama baru atau kantor koordinator baru.");
            if (request.Name is not null) errors.Required("name", request.Name, 200);
            if (request.Coordinator is not null) CheckCoordinator(organisation, request.Coordinator, errors);
            if (errors.Any) return (null, null, errors.ToRefusal());
            var changed = opd with { Name = request.Name?.Trim() ?? opd.Name, Coordinator = request.Coordinator ?? opd.Coordinator };
            return (new OpdChanged(code, request.Name?.Trim(), request.Coordinator, by),
                organisation with { Opds = organisation.Opds.Select(o => o.Code == code ? changed : o).ToList() }, null);
        });

    public Task<(RegionOrganisation?, Refusal?)> SetDwellTargetsAsync(string region, DwellTargetsRequest request, Actor by, CancellationToken ct) =>
        ChangeAsync(region, by, ct, organisation =>
        {
            var errors = new FieldErrors();
            void Days(string field, double? value)
            {
                if (value is null) errors.Add(field, "Wajib diisi (hari).");
                else if (!(value > 0 && value <= 365)) errors.Add(field, "Lebih dari 0 dan paling lama 365 hari.");
            }
            Days("opd", request.Opd);
            Days("asisten", request.Asisten);
            Days("sekda", request.Sekda);
            Days("bupati", request.Bupati);
            Days("darurat", request.Darurat);
            if (request.Unit is not (null or WorkingDays.Unit or WorkingDays.CalendarUnit))
                errors.Add("unit", "Salah satu dari: working-days (hari kerja), days (hari kalender).");
            if (errors.Any) return (null, null, errors.ToRefusal());
            var targets = new DwellTargets(request.Opd!.Value, request.Asisten!.Value, request.Sekda!.Value, request.Bupati!.Value, request.Darurat!.Value,
                request.Unit ?? organisation.DwellTargets.Unit);
            return (new DwellTargetsChanged(targets, by), organisation with { DwellTargets = targets }, null);
        });

    public Task<(RegionOrganisation?, Refusal?)> SetHolidaysAsync(string region, HolidaysRequest request, Actor by, CancellationToken ct) =>
        ChangeAsync(region, by, ct, organisation =>
        {
            var errors = new FieldErrors();
            var dates = request.Dates ?? [];
            var names = request.Names ?? [];
            if (request.Dates is null) errors.Add("dates", "Wajib diisi (boleh kosong untuk menghapus semua libur daerah).");
            if (dates.Count > 100) errors.Add("dates", "Paling banyak 100 tanggal.");
            if (names.Count > dates.Count) errors.Add("names", "Tidak boleh lebih banyak dari tanggal.");
            var holidays = new List<Holiday>();
            for (var i = 0; i < dates.Count && i < 100; i++)
            {
                if (!Times.TryParseDay(dates[i], out var date))
                    errors.Add($"dates[{i}]", "Harus tanggal YYYY-MM-DD.");
                else if (holidays.Any(h => h.Date == date)) errors.Add($"dates[{i}]", "Tanggal disebut dua kali.");
                else
                {
                    var name = i < names.Count && !string.IsNullOrWhiteSpace(names[i]) ? names[i]!.Trim() : "Libur daerah";
                    if (name.Length > 200) errors.Add($"names[{i}]", "Paling banyak 200 karakter.");
                    holidays.Add(new Holiday(date, name, Holiday.Kinds.Regional));
                }
            }
            if (errors.Any) return (null, null, errors.ToRefusal());
            var sorted = holidays.OrderBy(h => h.Date).ToList();
            return (new RegionHolidaysSet(sorted, by), organisation with { Holidays = sorted }, null);
        });

    public static async Task<IReadOnlyList<OrganisationChange>> HistoryAsync(IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(StreamOf(session.TenantId), token: ct);
        return events.Reverse().Select(e => e.Data switch
        {
            OpdAdded a => new OrganisationChange(e.Timestamp, "opd-added", a.Code, $"{a.Name} ({a.Kind}), koordinator {a.Coordinator}", a.By.User),
            OpdChanged c => new OrganisationChange(e.Timestamp, "opd-changed", c.Code,
                string.Join(", ", new[] { c.Name is null ? null : $"nama: {c.Name}", c.Coordinator is null ? null : $"koordinator: {c.Coordinator}" }.OfType<string>()), c.By.User),
            DwellTargetsChanged d => new OrganisationChange(e.Timestamp, "dwell-targets", null,
                $"OPD {d.Targets.Opd}, Asisten {d.Targets.Asisten}, Sekda {d.Targets.Sekda}, kepala daerah {d.Targets.Bupati}, darurat {d.Targets.Darurat} " +
                (d.Targets.Unit == WorkingDays.Unit ? "hari kerja" : "hari"), d.By.User),
            RegionHolidaysSet h => new OrganisationChange(e.Timestamp, "holidays", null,
                h.Holidays.Count == 0 ? "libur daerah dihapus" : string.Join(", ", h.Holidays.Select(x => $"{x.Date:yyyy-MM-dd} {x.Name}")), h.By.User),
            _ => new OrganisationChange(e.Timestamp, e.EventTypeName, null, "", ""),
        }).ToList();
    }

    private static void CheckCoordinator(RegionOrganisation organisation, string? coordinator, FieldErrors errors)
    {
        if (organisation.FindOffice(coordinator) is not { Kind: OfficeKinds.Asisten })
            errors.Add("coordinator", "Kode kantor Asisten wilayah ini, mis. " + string.Join(", ",
                organisation.Offices.Where(o => o.Kind == OfficeKinds.Asisten).Select(o => o.Code)) + ".");
    }

    /// <summary>One change: decided on the organisation as stored, its event appended and the document replaced together.</summary>
    private async Task<(RegionOrganisation?, Refusal?)> ChangeAsync(string region, Actor by, CancellationToken ct,
        Func<RegionOrganisation, (object? Event, RegionOrganisation? Changed, Refusal? Refusal)> decide)
    {
        await using var session = store.LightweightSession(region);
        // With the national calendar, as every read of a region has it (a change and its answer derive from this one).
        var organisation = await session.LoadAsync<RegionOrganisation>(region, ct) is { } stored ? regions.WithCalendar(stored) : null;
        if (organisation is null) return (null, new Refusal(404, null, Problems.NoOrganisation));
        var (@event, changed, refusal) = decide(organisation);
        if (refusal is not null) return (null, refusal);
        var stream = StreamOf(region);
        var state = await session.Events.FetchStreamStateAsync(stream, ct);
        if (state is null) session.Events.StartStream(stream, @event!);
        else session.Events.Append(stream, state.Version + 1, @event!);
        session.Store(changed!);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Concurrency.IsConflict(e))
        {
            return (null, new Refusal(409, "concurrent-change", "Organisasi baru saja diubah orang lain; muat ulang dan coba lagi."));
        }
        regions.Forget(region);
        logger.LogInformation("Organisation of {Region} changed by {By}: {Change}", region, by.User, @event!.GetType().Name);
        return (changed, null);
    }
}

/// <summary>One line of the organisation's audit trail.</summary>
public sealed record OrganisationChange(DateTimeOffset At, string Change, string? Opd, string Detail, string By);

public static class OrganisationChangeEndpoints
{
    /// <summary>Every change to the region's organisation, newest first (admin and Sekda).</summary>
    [Authorize(Roles = $"{Roles.Admin},{Roles.Sekda}")]
    [WolverineGet("/api/org/changes")]
    public static async Task<IResult> Changes(IQuerySession session, CancellationToken ct) =>
        Results.Ok(await OrganisationChanges.HistoryAsync(session, ct));

    [Authorize(Roles = Roles.Admin)]
    [WolverinePost("/api/org/opds")]
    public static async Task<IResult> AddOpd(AddOpdRequest request, IQuerySession session, HttpContext http, OrganisationChanges changes, CancellationToken ct) =>
        Answer(http, await changes.AddOpdAsync(session.TenantId, request, http.User.ToActor(), ct), created: $"/api/org");

    [Authorize(Roles = Roles.Admin)]
    [WolverinePut("/api/org/opds/{code}")]
    public static async Task<IResult> ChangeOpd(string code, ChangeOpdRequest request, IQuerySession session, HttpContext http, OrganisationChanges changes, CancellationToken ct) =>
        Answer(http, await changes.ChangeOpdAsync(session.TenantId, code, request, http.User.ToActor(), ct));

    [Authorize(Roles = Roles.Admin)]
    [WolverinePut("/api/org/dwell-targets")]
    public static async Task<IResult> SetDwellTargets(DwellTargetsRequest request, IQuerySession session, HttpContext http, OrganisationChanges changes, CancellationToken ct) =>
        Answer(http, await changes.SetDwellTargetsAsync(session.TenantId, request, http.User.ToActor(), ct));

    /// <summary>docs/domain.md "Working days": the region's own holidays, replacing the list (admin of the region).</summary>
    [Authorize(Roles = Roles.Admin)]
    [WolverinePut("/api/org/holidays")]
    public static async Task<IResult> SetHolidays(HolidaysRequest request, IQuerySession session, HttpContext http, OrganisationChanges changes, CancellationToken ct) =>
        Answer(http, await changes.SetHolidaysAsync(session.TenantId, request, http.User.ToActor(), ct));

    private static IResult Answer(HttpContext http, (RegionOrganisation? Organisation, Refusal? Refusal) result, string? created = null)
    {
        if (result.Refusal is not null) return result.Refusal.ToResult();
        var response = GetOrganisationEndpoint.ResponseOf(result.Organisation!, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        return created is null ? Results.Ok(response) : Results.Created(created, response);
    }
}
