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

/// <summary>One piece of work to finish before the service reports healthy (an area registers its own).</summary>
public interface IStartupStep
{
    Task RunAsync(CancellationToken ct);
}

public static class StartupSteps
{
    /// <summary>Steps run one after another, in the order they are registered (Program.cs lists them).</summary>
    public static IServiceCollection AddStartupStep<T>(this IServiceCollection services) where T : class, IStartupStep =>
        services.AddSingleton<IStartupStep, T>();
}

/// <summary>Once the database schema is in place: runs the registered start-up steps, then reports ready.</summary>
public sealed class StartupWork(StartupState state, IEnumerable<IStartupStep> steps, ILogger<StartupWork> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var step in steps)
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                await step.RunAsync(stoppingToken);
                logger.LogInformation("Start-up step {Step} done in {Seconds:0.0} s", step.GetType().Name, started.Elapsed.TotalSeconds);
            }
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
