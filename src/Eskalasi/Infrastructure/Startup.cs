using Eskalasi.Organisation;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Eskalasi.Infrastructure;

/// <summary>Whether start-up work (schema, seeding) has finished; <c>/health</c> is 503 until it has.</summary>
public sealed class StartupState
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _done.Task.IsCompletedSuccessfully;
    public Exception? Failure => _done.Task.Exception?.GetBaseException();
    public Task WhenReady => _done.Task;

    internal void Succeeded() => _done.TrySetResult();
    internal void Failed(Exception e) => _done.TrySetException(e);
}

/// <summary>Once the database schema is in place: fills in missing issue snapshots, loads the organisation seeds, then reports ready.</summary>
public sealed class StartupWork(
    StartupState state,
    OrganisationSeeder seeder,
    History.HistoryService history,
    Marten.IDocumentStore store,
    IConfiguration configuration,
    IWebHostEnvironment environment,
    ILogger<StartupWork> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Issues.IssueSnapshots.BackfillAsync(store, logger, stoppingToken);
            var seeds = RepositoryPaths.SeedsDirectory(configuration, environment.ContentRootPath);
            var regions = OrganisationSeeder.ReadSeeds(seeds);
            var loaded = 0;
            foreach (var region in regions)
            {
                if (await seeder.LoadAsync(region, stoppingToken)) loaded++;
            }
            // Demo mode starts with a small generated history so that every view shows something (0 turns it off).
            var demoIssues = configuration.GetValue("Eskalasi:DemoHistory:IssuesPerRegion", 300);
            if (configuration.GetValue<bool>("Eskalasi:DemoMode") && demoIssues > 0)
                await history.SeedDemoAsync(regions, demoIssues, stoppingToken);
            logger.LogInformation("Start-up work done: {Regions} regions in {Seeds}, {Loaded} newly loaded",
                regions.Count, seeds, loaded);
            state.Succeeded();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogCritical(e, "Start-up work failed; /health stays unhealthy");
            state.Failed(e);
        }
    }
}

public sealed class StartupHealthCheck(StartupState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsReady
            ? HealthCheckResult.Healthy("Start-up work done.")
            : state.Failure is { } failure
                ? HealthCheckResult.Unhealthy("Start-up work failed: " + failure.Message)
                : HealthCheckResult.Unhealthy("Start-up work is still running."));
}
