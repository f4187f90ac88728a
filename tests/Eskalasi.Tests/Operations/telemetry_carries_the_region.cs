using System.Collections.Concurrent;
using System.Diagnostics;
using Alba;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Eskalasi.Tests.Operations;

/// <summary>
/// docs/operations.md: with <c>Eskalasi:Metrics:Prometheus</c> the service serves <c>/metrics</c> in Prometheus' text
/// format, its HTTP metrics labelled with the caller's region; every request's trace carries the region too.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class telemetry_carries_the_region(AppFixture app) : IAsyncLifetime
{
    private IAlbaHost host = null!;

    public async Task InitializeAsync() =>
        host = await AppFixture.StartHostAsync(app.ConnectionString, demoMode: true, app.Clock, wolverineSchema: "wolverine_telemetry",
            settings: new Dictionary<string, string> { ["Eskalasi:Metrics:Prometheus"] = "true" });

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task metrics_and_traces_carry_the_region()
    {
        var region = await app.NewRegionAsync();
        var traced = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = traced.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var token = host.Services.GetRequiredService<Eskalasi.Identity.TokenIssuer>()
            .Issue(new Eskalasi.Identity.Account($"{region.Code}/opd/dinas-pupr", region.Code, Eskalasi.Identity.Roles.OpdOfficer, "dinas-pupr"));
        using (var client = host.Server.CreateClient())
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            (await client.GetAsync("/api/org")).EnsureSuccessStatusCode();
        }

        // The host stops a request's activity after the response has reached the client, so the trace is awaited.
        (await Wait.Until(() => Task.FromResult(traced.Any(a => a.GetTagItem(Telemetry.RegionTag) as string == region.Code)),
            TimeSpan.FromSeconds(10))).ShouldBeTrue(
            string.Join("; ", traced.Select(a => a.OperationName + " " + string.Join(",", a.TagObjects.Select(t => t.Key + "=" + t.Value)))));

        string scraped = "";
        (await Wait.Until(async () =>
        {
            scraped = await (await host.Scenario(s => { s.Get.Url("/metrics"); s.StatusCodeShouldBe(200); })).ReadAsTextAsync();
            return scraped.Contains($"eskalasi_region=\"{region.Code}\"");
        }, TimeSpan.FromSeconds(20))).ShouldBeTrue(scraped.Length > 2000 ? scraped[..2000] : scraped);
        scraped.ShouldContain("http_server_request_duration");
    }
}
