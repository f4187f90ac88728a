using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Eskalasi.DevDatabase;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Security;
using Npgsql;
using Xunit.Abstractions;

namespace Eskalasi.Tests.Reliability;

/// <summary>
/// docs/reliability.md "Crash" and "Restart": the service process is stopped while 8 clients log issues, each of which
/// has a dwell timer due about 40 s later, and started again — once killed (SIGKILL, mid-request), once asked to stop
/// (SIGTERM, as a deployment does). Each client retries a log under its Idempotency-Key until it is acknowledged, as a
/// client on a weak connection would, through the restart. Every acknowledged log is stored once, every stored issue's
/// timer fires exactly once (one IssueBecameOverdue each), and each issue's view agrees with its events.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class a_restart_loses_nothing(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Region = "kota-payakumbuh";
    private LocalPostgres cluster = null!;
    private ServiceProcess? service;
    private int port;
    private string baseUrl = "";

    public Task InitializeAsync()
    {
        cluster = LocalPostgres.Start(RepositoryPaths.FindRoot()!, $"crash-{Guid.NewGuid():N}"[..18], throwaway: true);
        port = LocalPostgres.FreePort();
        baseUrl = $"http://127.0.0.1:{port}";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (service is not null) await service.DisposeAsync();
        cluster.Stop();
    }

    /// <summary>The service as its own process, always on the same address (clients keep sending there through a restart).</summary>
    private async Task StartServiceAsync() =>
        service = await ServiceProcess.StartAsync(RepositoryPaths.FindRoot()!, cluster.ConnectionString, port: port);

    [Theory]
    [InlineData("SIGKILL")]
    [InlineData("SIGTERM")]
    public async Task every_acknowledged_log_is_stored_once_and_every_timer_fires_once(string signal)
    {
        await StartServiceAsync();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        async Task<string> Token(string user) =>
            (await (await http.PostAsJsonAsync("/api/dev/token", new { user })).Content.ReadFromJsonAsync<Dictionary<string, string>>())!["accessToken"];
        var admin = await Token($"{Region}/admin");
        var officer = await Token($"{Region}/opd/dinas-pupr");
        // Timers due 40 s after each log (0.00046 days) at the OPD level.
        using (var set = new HttpRequestMessage(HttpMethod.Put, "/api/org/dwell-targets")
               { Content = JsonContent.Create(new { opd = 0.00046, asisten = 14, sekda = 7, bupati = 7, darurat = 1, unit = "days" }) })
        {
            set.Headers.Authorization = new("Bearer", admin);
            (await http.SendAsync(set)).EnsureSuccessStatusCode();
        }

        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var statuses = new ConcurrentDictionary<int, int>();
        var cutOff = 0;
        using var stop = new CancellationTokenSource();
        async Task Client(int client)
        {
            using var own = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
            own.DefaultRequestHeaders.Authorization = new("Bearer", officer);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"{client}-{n}";
                // One body per key: a retry is the same request again (a different body under the same key is a 422).
                var body = new
                {
                    title = $"Uji mulai ulang {key}", description = "Pipa bocor di jalan protokol, perlu tindakan.", category = "infrastruktur",
                    location = new { text = "Jalan Sudirman" }, urgency = "biasa", relatedOpds = new[] { "pdam" },
                    observedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
                };
                while (true) // this log until it is acknowledged (or refused for a reason the checks below name)
                {
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/issues") { Content = JsonContent.Create(body) };
                        request.Headers.Add("Idempotency-Key", key);
                        var response = await own.SendAsync(request);
                        var status = (int)response.StatusCode;
                        statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                        if (status == 201)
                        {
                            acknowledged[key] = Guid.Parse((await response.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["id"].ToString()!);
                            break;
                        }
                        if (status != 503) break;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref cutOff); // the service is gone or going: try the same log again
                    }
                    await Task.Delay(200);
                }
            }
        }
        var clients = Enumerable.Range(0, 8).Select(Client).ToList();
        while (acknowledged.Count < 600) await Task.Delay(50);
        var stopping = Stopwatch.StartNew();
        if (signal == "SIGKILL") await service!.KillAsync(); // mid-request
        else (await service!.TerminateAsync()).ShouldBe(0, "a graceful stop ends cleanly: " + service.Errors); // requests in flight drained
        var stoppedIn = stopping.Elapsed;
        await service.DisposeAsync();
        var beforeRestart = acknowledged.Count;
        var restartedAt = DateTime.UtcNow;

        await StartServiceAsync();
        var back = DateTime.UtcNow;
        while (acknowledged.Count < beforeRestart + 400) await Task.Delay(50);
        stop.Cancel();
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromMinutes(1));

        // Every timer was due within 40 s of its log; wait until all have fired, or 2 minutes.
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        async Task<long> Scalar(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("region", Region);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        var stored = await Scalar("select count(*) from eskalasi.mt_doc_issuedetails where tenant_id = @region");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        long fired;
        while ((fired = await Scalar("select count(*) from eskalasi.mt_events where tenant_id = @region and type = 'issue_became_overdue'")) < stored
               && DateTime.UtcNow < deadline)
            await Task.Delay(1000);
        await Task.Delay(3000); // and nothing fires twice a moment later
        fired = await Scalar("select count(*) from eskalasi.mt_events where tenant_id = @region and type = 'issue_became_overdue'");
        var twice = await Scalar("select count(*) from (select stream_id from eskalasi.mt_events where tenant_id = @region and type = 'issue_became_overdue' group by stream_id having count(*) > 1) t");
        var never = await Scalar("select count(*) from eskalasi.mt_doc_issuedetails d where tenant_id = @region and not exists " +
                                 "(select 1 from eskalasi.mt_events e where e.tenant_id = @region and e.stream_id = d.id and e.type = 'issue_became_overdue')");
        var missing = 0L;
        foreach (var id in acknowledged.Values)
            missing += await Scalar($"select case when exists (select 1 from eskalasi.mt_doc_issuedetails where tenant_id = @region and id = '{id}') then 0 else 1 end");
        var loggedTwice = await Scalar("select count(*) from (select data->>'title' from eskalasi.mt_doc_issuedetails where tenant_id = @region group by 1 having count(*) > 1) t");
        var viewsBehind = await Scalar("select count(*) from eskalasi.mt_doc_issuedetails d join eskalasi.mt_streams s on s.id = d.id and s.tenant_id = d.tenant_id " +
                                       "where d.tenant_id = @region and ((d.data->>'version')::bigint <> s.version or (d.data->>'overdue')::boolean is not true)");

        var name = signal == "SIGKILL" ? "crash" : "restart";
        var summary = $"{name}: {signal} under 8 clients after {beforeRestart} logs acknowledged (stopped in {stoppedIn.TotalSeconds:0.0} s, " +
                      $"healthy again {(back - restartedAt).TotalSeconds:0.0} s later), {acknowledged.Count} acknowledged in all " +
                      $"({cutOff} requests cut off and retried; answers {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}): " +
                      $"{stored} issues stored, {missing} acknowledged missing, {loggedTwice} logged twice; timers fired once {fired - twice}, " +
                      $"twice {twice}, never {never} (all within {(DateTime.UtcNow - restartedAt).TotalSeconds:0} s of the stop); views behind their events {viewsBehind}";
        output.WriteLine(summary);
        SecuritySummary.Record(name, summary);
        statuses.Keys.Order().ToArray().ShouldBeSubsetOf(new[] { 201, 503 }, "only acknowledged logs and try-again answers");
        missing.ShouldBe(0);
        loggedTwice.ShouldBe(0);
        stored.ShouldBe(acknowledged.Count);
        twice.ShouldBe(0);
        never.ShouldBe(0);
        fired.ShouldBe(stored);
        viewsBehind.ShouldBe(0);
    }
}
