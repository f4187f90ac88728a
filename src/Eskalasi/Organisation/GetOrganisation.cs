using Eskalasi.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Organisation;

public sealed record OrganisationResponse(
    string Code, string Name, string Kind, string HeadTitle, string TimeZone, string TimeZoneLabel,
    string NumberPrefix, IReadOnlyList<Office> Offices, IReadOnlyList<Opd> Opds,
    IReadOnlyList<string> Categories, DwellTargets DwellTargets);

public static class GetOrganisationEndpoint
{
    /// <summary>The signed-in user's region: offices, OPDs and their coordinators, categories, dwell targets.</summary>
    [Authorize]
    [WolverineGet("/api/org")]
    public static async Task<IResult> Get(IQuerySession session, RegionDirectory regions, CancellationToken ct)
    {
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region is null) return Problems.NotFound(Problems.NoOrganisation);
        return Results.Ok(ResponseOf(region));
    }

    public static OrganisationResponse ResponseOf(RegionOrganisation region) => new(
        region.Id, region.Name, region.Kind, region.HeadTitle, region.TimeZone, region.TimeZoneLabel,
        region.NumberPrefix, region.Offices, region.Opds, region.Categories, region.DwellTargets);
}
