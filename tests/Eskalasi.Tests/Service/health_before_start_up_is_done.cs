using Alba;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Support;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Eskalasi.Tests.Service;

/// <summary>A host whose start-up work is still running answers 503 on /health, and 200 once it is done.</summary>
[Collection(AppCollection.Name)]
public sealed class health_before_start_up_is_done(AppFixture app)
{
    /// <summary>A start-up step that finishes only when the test says so.</summary>
    private sealed class Gate : IStartupStep
    {
        public static readonly TaskCompletionSource Open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task RunAsync(CancellationToken ct) => Open.Task.WaitAsync(ct);
    }

    [Fact]
    public async Task health_is_503_until_the_last_step_is_done()
    {
        JasperFxEnvironment.AutoStartHost = true;
        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", app.ConnectionString);
            builder.UseSetting("Eskalasi:DemoMode", "true");
            builder.UseSetting("Eskalasi:DemoHistory:IssuesPerRegion", "0");
            builder.UseSetting("Eskalasi:WolverineSchema", "health_wolverine"); // its own timers, apart from the shared host's
            builder.ConfigureServices(services => services.AddStartupStep<Gate>());
        });

        var waiting = await host.Scenario(s =>
        {
            s.Get.Url("/health");
            s.StatusCodeShouldBe(503);
        });
        (await waiting.ReadAsTextAsync()).ShouldBe("Unhealthy");

        Gate.Open.SetResult();
        await host.Services.GetRequiredService<StartupState>().WhenReady.WaitAsync(TimeSpan.FromSeconds(30));
        var ready = await host.Scenario(s => s.Get.Url("/health"));
        (await ready.ReadAsTextAsync()).ShouldBe("Healthy");
    }
}
