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

/// <summary>
/// Once the database schema is in place: runs the registered start-up steps, then reports ready. Several nodes starting
/// on one database take turns (a PostgreSQL advisory lock held for the whole run): the first does the work, the next
/// finds it done — every step leaves what is already stored as it is — so seeds and demo history are written once.
/// </summary>
public sealed class StartupWork(StartupState state, IEnumerable<IStartupStep> steps, DatabaseConnection database, ILogger<StartupWork> logger)
    : BackgroundService
{
    /// <summary>The advisory lock key of the start-up work (any number no other part of the service uses).</summary>
    public const long LockKey = 73204118;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Its own unpooled connection: the lock belongs to the session and ends with it, whatever happens.
            await using var connection = new Npgsql.NpgsqlConnection(database.Unpooled);
            await connection.OpenAsync(stoppingToken);
            if (!await LockAsync(connection, "pg_try_advisory_lock", stoppingToken))
            {
                logger.LogInformation("Another node is doing the start-up work; waiting for it to finish");
                await LockAsync(connection, "pg_advisory_lock", stoppingToken);
            }
            foreach (var step in steps)
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                await step.RunAsync(stoppingToken);
                logger.LogInformation("Start-up step {Step} done in {Seconds:0.0} s", step.GetType().Name, started.Elapsed.TotalSeconds);
            }
            await LockAsync(connection, "pg_advisory_unlock", stoppingToken);
            state.Succeeded();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogCritical(e, "Start-up work failed; /health stays unhealthy");
            state.Failed(e);
        }
    }

    private static async Task<bool> LockAsync(Npgsql.NpgsqlConnection connection, string function, CancellationToken ct)
    {
        await using var command = new Npgsql.NpgsqlCommand($"select {function}(@key)", connection);
        command.Parameters.AddWithValue("key", LockKey);
        command.CommandTimeout = 0; // waiting for another node's start-up work may take as long as that work
        return await command.ExecuteScalarAsync(ct) is not false;
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
