using Eskalasi.Infrastructure;
using Eskalasi.Organisation;

namespace Eskalasi.History;

/// <summary>
/// Start-up in demo mode: a year of generated history for each seed region that has none yet, so that every view shows
/// something (<c>Eskalasi:DemoHistory:IssuesPerRegion</c>, 300 by default; 0 turns it off).
/// </summary>
public sealed class DemoHistory(HistoryService history, IConfiguration configuration, IWebHostEnvironment environment) : IStartupStep
{
    public async Task RunAsync(CancellationToken ct)
    {
        var issuesPerRegion = configuration.GetValue("Eskalasi:DemoHistory:IssuesPerRegion", 300);
        if (!configuration.GetValue<bool>("Eskalasi:DemoMode") || issuesPerRegion <= 0) return;
        var regions = OrganisationSeeder.ReadSeeds(RepositoryPaths.SeedsDirectory(configuration, environment.ContentRootPath));
        await history.SeedDemoAsync(regions, issuesPerRegion, ct);
    }
}
