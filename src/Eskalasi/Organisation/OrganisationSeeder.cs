using System.Text.Json;
using Marten;

namespace Eskalasi.Organisation;

/// <summary>
/// Loads the organisation of every region found in <c>seeds/</c> (one JSON file per region). Loading is
/// idempotent: a region already in the database is left as it is, so a restart duplicates nothing and
/// an administrator's later changes are not overwritten by the seed file.
/// </summary>
public sealed class OrganisationSeeder(IDocumentStore store, Infrastructure.RegionDatabases databases, ILogger<OrganisationSeeder> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<RegionOrganisation> ReadSeeds(string seedsDirectory)
    {
        if (!Directory.Exists(seedsDirectory))
            throw new DirectoryNotFoundException($"The seeds folder '{seedsDirectory}' does not exist.");
        return Directory.GetFiles(seedsDirectory, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(ReadSeed)
            .ToList();
    }

    public static RegionOrganisation ReadSeed(string file)
    {
        var seed = JsonSerializer.Deserialize<RegionSeed>(File.ReadAllText(file), Json)
                   ?? throw new InvalidDataException($"{file} is empty.");
        var region = seed.ToOrganisation();
        var problems = Validate(region).ToList();
        if (problems.Count > 0)
            throw new InvalidDataException($"{file} is not a valid region: {string.Join("; ", problems)}");
        return region;
    }

    /// <returns>true when the region was new and has been stored.</returns>
    public async Task<bool> LoadAsync(RegionOrganisation region, CancellationToken ct = default)
    {
        await databases.EnsureAsync(region.Id, ct: ct); // its own database first, when each region has one
        await using var session = store.LightweightSession(region.Id);
        if (await session.LoadAsync<RegionOrganisation>(region.Id, ct) is not null)
        {
            logger.LogDebug("Region {Region} already loaded; left unchanged", region.Id);
            return false;
        }
        session.Insert(region);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            return false; // a second instance started at the same moment and won
        }
        logger.LogInformation("Loaded region {Region} with {Offices} offices and {Opds} OPDs",
            region.Id, region.Offices.Count, region.Opds.Count);
        return true;
    }

    public static IEnumerable<string> Validate(RegionOrganisation region)
    {
        if (string.IsNullOrWhiteSpace(region.Id)) yield return "code is missing";
        if (region.Kind is not (RegionKinds.Kabupaten or RegionKinds.Kota)) yield return $"kind '{region.Kind}' is not kabupaten or kota";
        if (string.IsNullOrWhiteSpace(region.NumberPrefix)) yield return "numberPrefix is missing";
        if (TryZone(region.TimeZone) is null) yield return $"timeZone '{region.TimeZone}' is unknown";
        if (region.Offices.Count(o => o.Kind == OfficeKinds.Sekda) != 1) yield return "there must be exactly one sekda office";
        if (region.Offices.Count(o => o.Kind == OfficeKinds.Head) != 1) yield return "there must be exactly one head office";
        // The rules address these two offices by code (an escalation lands on "sekda", the head's on "head").
        if (region.FindOffice(OfficeCodes.Sekda) is not { Kind: OfficeKinds.Sekda })
            yield return $"the sekda office must have the code '{OfficeCodes.Sekda}'";
        if (region.FindOffice(OfficeCodes.Head) is not { Kind: OfficeKinds.Head })
            yield return $"the head office must have the code '{OfficeCodes.Head}'";
        if (!region.Offices.Any(o => o.Kind == OfficeKinds.Asisten)) yield return "there is no asisten office";
        foreach (var duplicate in region.Offices.Select(o => o.Code).Concat(region.Opds.Select(o => o.Code))
                     .GroupBy(c => c).Where(g => g.Count() > 1))
            yield return $"code '{duplicate.Key}' is used twice";
        foreach (var opd in region.Opds)
        {
            if (!OpdKinds.All.Contains(opd.Kind)) yield return $"OPD '{opd.Code}' has unknown kind '{opd.Kind}'";
            var coordinator = region.FindOffice(opd.Coordinator);
            if (coordinator is null || coordinator.Kind is not (OfficeKinds.Asisten or OfficeKinds.Sekda))
                yield return $"OPD '{opd.Code}' is coordinated by '{opd.Coordinator}', which is not an Asisten or the Sekda";
        }
        if (region.Categories.Count == 0) yield return "there are no categories";
    }

    private static TimeZoneInfo? TryZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    private sealed record RegionSeed(
        string Code, string Name, string Kind, string TimeZone, string NumberPrefix,
        List<Office> Offices, List<Opd> Opds, List<string> Categories, DwellTargets? DwellTargets)
    {
        public RegionOrganisation ToOrganisation() =>
            new(Code, Name, Kind, TimeZone, NumberPrefix, Offices, Opds, Categories, DwellTargets ?? new DwellTargets());
    }
}
