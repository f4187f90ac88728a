using Alba;
using Eskalasi.DevDatabase;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Eskalasi.Tests.Reliability;

/// <summary>
/// docs/reliability.md "Database gone": a service whose very first request arrives while PostgreSQL is unreachable
/// answers 503 and recovers once the database is back. (It did not: the built-in provider read its keys from the
/// database while OpenIddict's options were being built at the first request, and .NET caches a failure to build
/// options — every later request failed with the first outage's error. The keys are now read while the host starts.)
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class the_database_is_gone_at_the_first_request
{
    [Fact]
    public async Task it_answers_503_then_recovers_when_the_database_is_back()
    {
        var cluster = LocalPostgres.Start(RepositoryPaths.FindRoot()!, $"cold-{Guid.NewGuid():N}"[..18], throwaway: true);
        var host = await AppFixture.StartHostAsync(cluster.ConnectionString, demoMode: true, new FakeTimeProvider(DateTimeOffset.UtcNow));
        try
        {
            var token = host.Services.GetRequiredService<TokenIssuer>()
                .Issue(new Account("kota-payakumbuh/opd/dinas-pupr", "kota-payakumbuh", Roles.OpdOfficer, "dinas-pupr"));
            Task<IScenarioResult> Log() => host.Scenario(s =>
            {
                s.Post.Json(TestRegion.AValidIssue()).ToUrl("/api/issues");
                s.WithBearer(token);
                s.IgnoreStatusCode();
            });

            cluster.StopServerOnly();
            (await Log()).Context.Response.StatusCode.ShouldBe(503);
            cluster.StartServerAgain();
            (await Wait.Until(async () => (await Log()).Context.Response.StatusCode == 201, TimeSpan.FromSeconds(30)))
                .ShouldBeTrue("the service recovers by itself once the database is back");
        }
        finally
        {
            await host.DisposeAsync();
            cluster.Stop();
        }
    }
}
