using Eskalasi.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Organisation;

public sealed record OrganisationResponse(
    string Code, string Name, string Kind, string HeadTitle, string TimeZone, string TimeZoneLabel,
    string NumberPrefix, IReadOnlyList<Office> Offices, IReadOnlyList<Opd> Opds,
    IReadOnlyList<string> Categories, DwellTargets DwellTargets)
{
    /// <summary>The days off of this year and the next (national holidays, cuti bersama, the region's own), by date.</summary>
    public IReadOnlyList<Holiday> Holidays { get; init; } = [];
}

public static class GetOrganisationEndpoint
{
    /// <summary>The signed-in user's region: offices, OPDs and their coordinators, categories, dwell targets.</summary>
    [Authorize]
    [WolverineGet("/api/org")]
    public static async Task<IResult> Get(IQuerySession session, RegionDirectory regions, TimeProvider clock, CancellationToken ct)
    {
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region is null) return Problems.NotFound(Problems.NoOrganisation);
        return Results.Ok(ResponseOf(region, clock.GetUtcNow()));
    }

    public static OrganisationResponse ResponseOf(RegionOrganisation region, DateTimeOffset now)
    {
        var year = region.Today(now).Year;
        return new(region.Id, region.Name, region.Kind, region.HeadTitle, region.TimeZone, region.TimeZoneLabel,
            region.NumberPrefix, region.Offices, region.Opds, region.Categories, region.DwellTargets)
        {
            Holidays = [.. region.HolidaysOf(year), .. region.HolidaysOf(year + 1)],
        };
    }
}
