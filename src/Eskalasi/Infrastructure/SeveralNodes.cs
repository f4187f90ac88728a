using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Eskalasi.Infrastructure;

/// <summary>
/// docs/scale.md "Several nodes on one database": what two or three processes behind one address must share. The
/// database is the only thing they share, so whatever one node protects (the session cookie, the sign-in page's
/// antiforgery token, a page's prerendered state, the sign-in's correlation cookie) another must be able to read: ASP.NET
/// Core's data-protection keys are kept in the database, under one application name whatever folder a node runs from.
/// What a node keeps in memory is told of the other nodes' changes through <see cref="NodeSignals"/>. Timers, leader
/// election and the agents that recover a dead node's messages are Wolverine's own (Persistence).
/// </summary>
public static class SeveralNodes
{
    public const string ApplicationName = "Eskalasi";

    public static WebApplicationBuilder AddSeveralNodes(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DataProtectionKeys(sp.GetRequiredService<IDeploymentStore>())));
        builder.Services.AddDeploymentDocument<DataProtectionKeyDocument>();
        builder.Services.AddSingleton<NodeSignals>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeSignals>());
        return builder;
    }

    public const string NodeHeader = "Eskalasi-Node";

    /// <summary>
    /// Every answer names the node that gave it (Wolverine's id of this process, as in its node tables): behind a
    /// reverse proxy an operator sees which node answered, and the soak script that the proxy spreads the load.
    /// </summary>
    public static WebApplication UseNodeHeader(this WebApplication app)
    {
        var node = app.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Options.UniqueNodeId.ToString();
        app.Use((http, next) =>
        {
            http.Response.Headers[NodeHeader] = node;
            return next(http);
        });
        return app;
    }
}

/// <summary>One data-protection key as ASP.NET Core writes it (XML), in the deployment store.</summary>
public sealed class DataProtectionKeyDocument
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary>
/// ASP.NET Core's key ring read from and written to Marten. Two nodes making the first key at once each store their own
/// (different names): the ring then holds both, and either reads what the other protected. Whoever can read the
/// database can read these keys, as with the provider's signing keys: protect its dumps.
/// </summary>
public sealed class DataProtectionKeys(IDeploymentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = store.QuerySession();
        return session.Query<DataProtectionKeyDocument>().ToListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKeyDocument { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        session.SaveChangesAsync().GetAwaiter().GetResult(); // IXmlRepository is synchronous
    }
}
