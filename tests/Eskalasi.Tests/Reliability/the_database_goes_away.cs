using System.Collections.Concurrent;
using Alba;
using Eskalasi.DevDatabase;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Security;
using Eskalasi.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Eskalasi.Tests.Reliability;

/// <summary>
/// PostgreSQL stops for ten seconds under a steady load of logs (each retried under its Idempotency-Key until it is
/// acknowledged, as a client on a weak connection would): every answer meanwhile is a 503 with Retry-After (never a
/// 500), /health says so, the service recovers by itself, and every acknowledged log is there exactly once.
/// A cluster of its own, so no other test loses its database.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class the_database_goes_away(ITestOutputHelper output) : IAsyncLifetime
{
    private LocalPostgres cluster = null!;
    private IAlbaHost host = null!;
    private readonly LogCapture logs = new();
    private const string Region = "kota-payakumbuh";

    public async Task InitializeAsync()
    {
        cluster = LocalPostgres.Start(RepositoryPaths.FindRoot()!, $"fault-{Guid.NewGuid():N}"[..18], throwaway: true);
        host = await AppFixture.StartHostAsync(cluster.ConnectionString, demoMode: true, new FakeTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) },
            services: s => s.AddSingleton<Serilog.Core.ILogEventSink>(logs));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        cluster.Stop();
    }

    [Fact]
    public async Task it_answers_503_meanwhile_recovers_by_itself_and_loses_no_acknowledged_log()
    {
        var token = host.Services.GetRequiredService<TokenIssuer>().Issue(new Account($"{Region}/opd/dinas-pupr", Region, Roles.OpdOfficer, "dinas-pupr"));
        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var statuses = new ConcurrentDictionary<int, int>();
        var retryAfterMissing = 0;
        var inFlight = new ConcurrentDictionary<int, (string Key, DateTime Since, int LastStatus, string LastBody)>();
        using var stop = new CancellationTokenSource();

        async Task Client(int client)
        {
            for (var n = 0; !stop.IsCancellationRequested || n % 1 != 0; n++)
            {
                var key = $"c{client}-{n}";
                while (true)
                {
                    inFlight[client] = (key, DateTime.UtcNow, inFlight.TryGetValue(client, out var f) ? f.LastStatus : 0, inFlight.TryGetValue(client, out var g) ? g.LastBody : "");
                    var result = await host.Scenario(s =>
                    {
                        s.Post.Json(TestRegion.AValidIssue() with { Title = "Gangguan uji " + key }).ToUrl("/api/issues");
                        s.WithBearer(token);
                        s.WithRequestHeader("Idempotency-Key", key);
                        s.IgnoreStatusCode();
                    });
                    var status = result.Context.Response.StatusCode;
                    statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                    inFlight[client] = (key, DateTime.UtcNow, status, status == 201 ? "" : await result.ReadAsTextAsync());
                    if (status == 201)
                    {
                        acknowledged[key] = (await result.ReadAsJsonAsync<Eskalasi.Issues.IssueDetails>())!.Id;
                        break;
                    }
                    if (status != 503) break; // anything but "try again" ends this log; the statuses are checked below
                    if (result.Context.Response.Headers.RetryAfter.Count == 0) Interlocked.Increment(ref retryAfterMissing);
                    await Task.Delay(200);
                }
                if (stop.IsCancellationRequested) break;
            }
            inFlight.TryRemove(client, out _);
        }

        var clients = Enumerable.Range(0, 4).Select(Client).ToList();
        await Task.Delay(2000);
        cluster.StopServerOnly(); // returns once the server is down (fast shutdown: open transactions roll back)
        var before = acknowledged.Count;
        await Task.Delay(1000);
        var health = await host.Scenario(s => { s.Get.Url("/health"); s.IgnoreStatusCode(); });
        health.Context.Response.StatusCode.ShouldBe(503);
        await Task.Delay(9000);
        var duringOutage = acknowledged.Count - before;
        cluster.StartServerAgain();
        await Task.Delay(4000);
        stop.Cancel();
        var all = Task.WhenAll(clients);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(1))) != all)
            throw new TimeoutException("clients still running a minute after the database came back: " +
                string.Join("; ", inFlight.Select(c => $"client {c.Key} on {c.Value.Key} since {DateTime.UtcNow - c.Value.Since:g}, last answer {c.Value.LastStatus} {c.Value.LastBody}")) +
                "; answers " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")) +
                "; last log lines:\n" + string.Join("\n", logs.Lines.TakeLast(15)));
        (await host.Scenario(s => { s.Get.Url("/health"); s.IgnoreStatusCode(); })).Context.Response.StatusCode.ShouldBe(200);

        // Every acknowledged log is stored, once.
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession(Region);
        var stored = await session.Query<Eskalasi.Issues.IssueDetails>().Where(i => i.Title.StartsWith("Gangguan uji ")).ToListAsync();
        var summary = $"database outage 10 s under 4 clients: {acknowledged.Count} logs acknowledged ({duringOutage} while it was down), " +
                      $"{stored.Count} stored, {stored.Count - stored.Select(i => i.Title).Distinct().Count()} twice; answers " +
                      string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
        output.WriteLine(summary);
        SecuritySummary.Record("outage", summary);
        statuses.Keys.Order().ToArray().ShouldBe(new[] { 201, 503 }, "only acknowledged logs and try-again answers");
        statuses.Keys.ShouldContain(503);
        retryAfterMissing.ShouldBe(0);
        stored.Select(i => i.Id).Order().ShouldBe(acknowledged.Values.Order());
        stored.Select(i => i.Title).Distinct().Count().ShouldBe(stored.Count);
    }
}

/// <summary>Tests that run clusters of their own and stop them: alone, after the others, so no other test competes with them for the two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}
