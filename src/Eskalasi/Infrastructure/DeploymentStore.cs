using Marten;
using Weasel.Core;

namespace Eskalasi.Infrastructure;

/// <summary>
/// What belongs to the deployment rather than to a region — the built-in provider's signing keys, ASP.NET Core's
/// data-protection keys — in a small document store of its own on the configured database (the master, when each
/// region has a database of its own). Every node reads the same keys whichever database layout is chosen.
/// </summary>
public interface IDeploymentStore : IDocumentStore;

public static class DeploymentStoreConfiguration
{
    public const string Schema = "eskalasi_deployment";

    public static IServiceCollection AddDeploymentStore(this IServiceCollection services, string connectionString)
    {
        services.AddMartenStore<IDeploymentStore>(sp =>
            {
                var opts = new StoreOptions();
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = Schema;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                foreach (var part in sp.GetServices<DeploymentDocument>()) opts.RegisterDocumentType(part.Type);
                return opts;
            })
            .ApplyAllDatabaseChangesOnStartup();
        // After the store's tables are made, before anything reads keys (provider keys and the data-protection key
        // ring are read by services registered after this one).
        services.AddHostedService<DeploymentKeysUpgrade>();
        return services;
    }

    /// <summary>A document type kept in the deployment store.</summary>
    public static IServiceCollection AddDeploymentDocument<T>(this IServiceCollection services) =>
        services.AddSingleton(new DeploymentDocument(typeof(T)));
}

public sealed record DeploymentDocument(Type Type);

/// <summary>
/// A database from before the deployment store kept the provider's and the data-protection keys as documents of the
/// main store (its default tenant). They are copied over once, at the first start after the upgrade, so tokens, sessions
/// and protected cookies made before it stay valid. Idempotent: nodes starting together store the same documents.
/// </summary>
public sealed class DeploymentKeysUpgrade(IDeploymentStore store, DatabaseConnection database, IEnumerable<DeploymentDocument> documents,
    ILogger<DeploymentKeysUpgrade> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var document in documents)
        {
            var mapping = store.Options.FindOrResolveDocumentType(document.Type);
            await using (var any = new Npgsql.NpgsqlCommand($"select exists (select 1 from {mapping.TableName.QualifiedName})", connection))
                if (await any.ExecuteScalarAsync(cancellationToken) is true) continue;

            var legacy = new List<string>();
            await using (var old = new Npgsql.NpgsqlCommand(
                             $"select data::text from {Persistence.Schema}.{mapping.TableName.Name} where tenant_id = '*DEFAULT*'", connection))
            {
                try
                {
                    await using var reader = await old.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken)) legacy.Add(reader.GetString(0));
                }
                catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
                {
                    continue; // a database that never had them there
                }
            }
            if (legacy.Count == 0) continue;
            await using var session = store.LightweightSession();
            session.StoreObjects(legacy.Select(json =>
                store.Options.Serializer().FromJson(document.Type, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)))));
            await session.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{Count} {Document} copied into the deployment store", legacy.Count, document.Type.Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
