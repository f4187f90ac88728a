using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Eskalasi.Nodes;

/// <summary>
/// The reverse proxy in front of the nodes (YARP). Any node can take any request — they share only the database — but a
/// browser's screen is a Blazor circuit that lives on one node, so a browser keeps to its node (session affinity by a
/// cookie) and moves to another only when its node is gone. Dead nodes are left out by an active check of
/// <c>/health</c> every two seconds and by failed requests. The original Host header is passed on, so the nodes build
/// their sign-in addresses for the proxy's address, not their own.
/// </summary>
public static class Proxy
{
    public static async Task<WebApplication> StartAsync(string listenOn, IReadOnlyList<string> destinations)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A node that is down fails its health probe every two seconds and every request sent to it, each with a stack
        // trace; the clients see the 502 and the local watcher says once that the node stopped.
        builder.Logging.AddFilter("Yarp", LogLevel.Error);
        builder.WebHost.UseUrls(listenOn);
        var routes = new[]
        {
            new RouteConfig { RouteId = "eskalasi", ClusterId = "nodes", Match = new RouteMatch { Path = "{**all}" } }
                .WithTransformUseOriginalHostHeader(),
        };
        var clusters = new[]
        {
            new ClusterConfig
            {
                ClusterId = "nodes",
                LoadBalancingPolicy = "RoundRobin",
                SessionAffinity = new SessionAffinityConfig { Enabled = true, Policy = "Cookie", AffinityKeyName = "Eskalasi.Node" },
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig
                    {
                        Enabled = true, Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(2),
                        Policy = "ConsecutiveFailures", Path = "/health",
                    },
                    Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromSeconds(5) },
                },
                Destinations = destinations.Select((d, i) => (d, i)).ToDictionary(x => $"node-{x.i + 1}", x => new DestinationConfig { Address = x.d }),
            },
        };
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync();
        return app;
    }
}
