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
        return services;
    }

    /// <summary>A document type kept in the deployment store.</summary>
    public static IServiceCollection AddDeploymentDocument<T>(this IServiceCollection services) =>
        services.AddSingleton(new DeploymentDocument(typeof(T)));
}

public sealed record DeploymentDocument(Type Type);
