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
/// docs/reliability.md "Crash": the service process is killed (SIGKILL) while 8 clients log issues, each of which has a
/// dwell timer due about 40 s later; it is started again. Every acknowledged log is stored, every stored issue's timer
/// fires exactly once (one IssueBecameOverdue each), and each issue's view agrees with its events.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class a_crash_loses_nothing(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Region = "kota-payakumbuh";
    private LocalPostgres cluster = null!;
    private Process? service;
    private string baseUrl = "";

    public Task InitializeAsync()
    {
        cluster = LocalPostgres.Start(RepositoryPaths.FindRoot()!, $"crash-{Guid.NewGuid():N}"[..18], throwaway: true);
        baseUrl = $"http://127.0.0.1:{LocalPostgres.FreePort()}";
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        if (service is { HasExited: false }) service.Kill(entireProcessTree: true);
        cluster.Stop();
        return Task.CompletedTask;
    }

    private async Task StartServiceAsync()
    {
        var root = RepositoryPaths.FindRoot()!;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(root, "src", "Eskalasi", "bin", configuration, "net10.0", "Eskalasi.dll"));
        info.Environment["ConnectionStrings__Marten"] = cluster.ConnectionString;
        info.Environment["ASPNETCORE_URLS"] = baseUrl;
        info.Environment["Eskalasi__DemoMode"] = "true";
        info.Environment["Eskalasi__DemoHistory__IssuesPerRegion"] = "0";
        info.Environment["Eskalasi__SeedsPath"] = Path.Combine(root, "seeds");
        service = Process.Start(info)!;
        _ = service.StandardOutput.ReadToEndAsync();
        _ = service.StandardError.ReadToEndAsync();
        using var http = new HttpClient();
        for (var i = 0; ; i++)
        {
            try
            {
                if ((await http.GetAsync(baseUrl + "/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            if (service.HasExited || i > 240) throw new InvalidOperationException("The service did not become healthy.");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task every_acknowledged_log_is_stored_and_every_timer_fires_once()
    {
        await StartServiceAsync();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        async Task<string> Token(string user) =>
            (await (await http.PostAsJsonAsync("/api/dev/token", new { user })).Content.ReadFromJsonAsync<Dictionary<string, string>>())!["accessToken"];
        var admin = await Token($"{Region}/admin");
        var officer = await Token($"{Region}/opd/dinas-pupr");
        // Timers due 40 s after each log (0.00046 days) at the OPD level.
        using (var set = new HttpRequestMessage(HttpMethod.Put, "/api/org/dwell-targets")
               { Content = JsonContent.Create(new { opd = 0.00046, asisten = 14, sekda = 7, bupati = 7, darurat = 1 }) })
        {
            set.Headers.Authorization = new("Bearer", admin);
            (await http.SendAsync(set)).EnsureSuccessStatusCode();
        }

        var acknowledged = new ConcurrentBag<Guid>();
        var failedInFlight = 0;
        using var stop = new CancellationTokenSource();
        async Task Client(int client)
        {
            using var own = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
            own.DefaultRequestHeaders.Authorization = new("Bearer", officer);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                try
                {
                    var response = await own.PostAsJsonAsync("/api/issues", new
                    {
                        title = $"Uji jatuh {client}-{n}", description = "Pipa bocor di jalan protokol, perlu tindakan.", category = "infrastruktur",
                        location = new { text = "Jalan Sudirman" }, urgency = "biasa", relatedOpds = new[] { "pdam" },
                        observedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
                    });
                    if ((int)response.StatusCode == 201)
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["id"].ToString() is { } id ? Guid.Parse(id) : Guid.Empty);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failedInFlight);
                    return; // the service is gone
                }
            }
        }
        var clients = Enumerable.Range(0, 8).Select(Client).ToList();
        while (acknowledged.Count < 1000) await Task.Delay(50);
        service!.Kill(entireProcessTree: true); // SIGKILL, mid-request
        await service.WaitForExitAsync();
        stop.Cancel();
        await Task.WhenAll(clients);
        var killedAt = DateTime.UtcNow;

        await StartServiceAsync();
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
        foreach (var id in acknowledged)
            missing += await Scalar($"select case when exists (select 1 from eskalasi.mt_doc_issuedetails where tenant_id = @region and id = '{id}') then 0 else 1 end");
        var viewsBehind = await Scalar("select count(*) from eskalasi.mt_doc_issuedetails d join eskalasi.mt_streams s on s.id = d.id and s.tenant_id = d.tenant_id " +
                                       "where d.tenant_id = @region and ((d.data->>'version')::bigint <> s.version or (d.data->>'overdue')::boolean is not true)");

        var summary = $"crash: SIGKILL under 8 clients with {acknowledged.Count} logs acknowledged ({failedInFlight} requests cut off), restarted: " +
                      $"{stored} issues stored, {missing} acknowledged missing; timers fired once {fired - twice}, twice {twice}, never {never} " +
                      $"(all within {(DateTime.UtcNow - killedAt).TotalSeconds:0} s of the kill); views behind their events {viewsBehind}";
        output.WriteLine(summary);
        SecuritySummary.Record("crash", summary);
        missing.ShouldBe(0);
        twice.ShouldBe(0);
        never.ShouldBe(0);
        fired.ShouldBe(stored);
        viewsBehind.ShouldBe(0);
    }
}
