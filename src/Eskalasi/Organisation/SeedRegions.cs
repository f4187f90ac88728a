using Eskalasi.Infrastructure;

namespace Eskalasi.Organisation;

/// <summary>Start-up: the organisation of every region in <c>seeds/</c>; a region already stored is left as it is.</summary>
public sealed class SeedRegions(OrganisationSeeder seeder, IConfiguration configuration, IWebHostEnvironment environment,
    ILogger<SeedRegions> logger) : IStartupStep
{
    public async Task RunAsync(CancellationToken ct)
    {
        // Off for `regions move`: the region being moved must arrive from its source, not from its seed file.
        if (!configuration.GetValue("Eskalasi:SeedRegions", true)) return;
        var seeds = RepositoryPaths.SeedsDirectory(configuration, environment.ContentRootPath);
        var regions = OrganisationSeeder.ReadSeeds(seeds);
        var loaded = 0;
        foreach (var region in regions)
            if (await seeder.LoadAsync(region, ct)) loaded++;
        logger.LogInformation("{Regions} regions in {Seeds}, {Loaded} newly loaded", regions.Count, seeds, loaded);
    }
}
