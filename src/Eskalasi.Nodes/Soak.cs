using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Eskalasi.Nodes;

public sealed record SoakFigures(bool Passed, string Report);

/// <summary>
/// docs/scale.md "Soak": clients log issues (each with a dwell timer due 40 s later) and read them back through the
/// proxy; a third of the way in, the node that fires the timers is killed (SIGKILL); two thirds in, it is started
/// again. A client retries a log under its Idempotency-Key when the proxy or the connection fails, as a phone on a weak
/// connection would. Afterwards every acknowledged log must be stored once and every timer must have fired once.
/// </summary>
public static class Soak
{
    private const string Region = "kota-payakumbuh";

    public static async Task<SoakFigures> RunAsync(LocalNodes nodes, Uri proxy, TimeSpan duration, int clients, Action<string> print)
    {
        using var http = new HttpClient { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(30) };
        async Task<string> Token(string user) =>
            (await (await http.PostAsJsonAsync("/api/dev/token", new { user })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        var admin = await Token($"{Region}/admin");
        var officer = await Token($"{Region}/opd/dinas-pupr");
        using (var targets = new HttpRequestMessage(HttpMethod.Put, "/api/org/dwell-targets")
               { Content = JsonContent.Create(new { opd = 0.00046, asisten = 14, sekda = 7, bupati = 7, darurat = 1, unit = "days" }) })
        {
            targets.Headers.Authorization = new("Bearer", admin);
            (await http.SendAsync(targets)).EnsureSuccessStatusCode();
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // the other nodes hear of the new targets

        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var statuses = new ConcurrentDictionary<string, int>();
        var byNode = new ConcurrentDictionary<string, int>();
        var latencies = new ConcurrentBag<double>();
        var retries = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);

        async Task Client(int client)
        {
            // No cookies, as a script's client: the proxy spreads its requests instead of keeping it on one node.
            using var own = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(30) };
            own.DefaultRequestHeaders.Authorization = new("Bearer", officer);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"soak-{client}-{n}-{Guid.NewGuid():N}";
                var body = new
                {
                    title = $"Uji ketahanan {client}-{n}", description = "Pipa bocor di jalan protokol, perlu tindakan.", category = "infrastruktur",
                    location = new { text = "Jalan Sudirman" }, urgency = "biasa", relatedOpds = new[] { "pdam" },
                    observedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
                };
                while (true)
                {
                    var sent = Stopwatch.StartNew();
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/issues") { Content = JsonContent.Create(body) };
                        request.Headers.Add("Idempotency-Key", key);
                        using var response = await own.SendAsync(request);
                        Count(statuses, $"log {(int)response.StatusCode}");
                        if (response.Headers.TryGetValues("Eskalasi-Node", out var node)) Count(byNode, node.Single());
                        if ((int)response.StatusCode == 201)
                        {
                            latencies.Add(sent.Elapsed.TotalMilliseconds);
                            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                            acknowledged[key] = id;
                            using var read = await own.GetAsync($"/api/issues/{id}");
                            Count(statuses, $"read {(int)read.StatusCode}");
                            if ((int)read.StatusCode == 200) latencies.Add(sent.Elapsed.TotalMilliseconds);
                            break;
                        }
                        if ((int)response.StatusCode is not (502 or 503 or 504)) break;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Count(statuses, "log cut off");
                    }
                    Interlocked.Increment(ref retries);
                    await Task.Delay(200);
                }
            }
        }

        var running = Enumerable.Range(0, clients).Select(c => Task.Run(() => Client(c))).ToList();
        await Task.Delay(duration / 3);
        var victim = await nodes.TimerNodeAsync() ?? nodes.All[0];
        print($"{DateTime.Now:HH:mm:ss} soak: killing node {victim.Number} (pid {victim.Process.Pid}), which fires the timers");
        var killedAt = clock.Elapsed;
        await victim.Process.KillAsync();
        var movedAfter = TimeSpan.Zero;
        while (clock.Elapsed < duration * 2 / 3)
        {
            if (movedAfter == TimeSpan.Zero && await nodes.TimerNodeAsync() is { } holder && holder != victim) movedAfter = clock.Elapsed - killedAt;
            await Task.Delay(500);
        }
        print($"{DateTime.Now:HH:mm:ss} soak: starting node {victim.Number} again");
        await nodes.RestartAsync(victim);
        await Task.WhenAll(running);
        var loadTime = clock.Elapsed;

        // Every timer was due 40 s after its log.
        await using var connection = new NpgsqlConnection(nodes.ConnectionString);
        await connection.OpenAsync();
        async Task<long> Scalar(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        var ids = string.Join(",", acknowledged.Values.Select(id => $"'{id}'"));
        var overdue = $"from eskalasi.mt_events where tenant_id = '{Region}' and type = 'issue_became_overdue' and stream_id in ({ids})";
        var waitUntil = DateTime.UtcNow.AddSeconds(120);
        while (await Scalar($"select count(distinct stream_id) {overdue}") < acknowledged.Count && DateTime.UtcNow < waitUntil)
            await Task.Delay(1000);
        await Task.Delay(3000);
        var stored = await Scalar($"select count(*) from eskalasi.mt_doc_issuedetails where tenant_id = '{Region}' and id in ({ids})");
        var fired = await Scalar($"select count(distinct stream_id) {overdue}");
        var events = await Scalar($"select count(*) {overdue}");
        var sorted = latencies.Order().ToList();
        double Percentile(double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

        var report = new StringBuilder();
        report.AppendLine($"Soak: {nodes.All.Count} nodes behind the proxy, {clients} clients, {loadTime.TotalSeconds:0} s; node {victim.Number} (the timers' node) killed at {killedAt.TotalSeconds:0} s and started again at {(duration * 2 / 3).TotalSeconds:0} s");
        report.AppendLine($"  logs acknowledged {acknowledged.Count} ({acknowledged.Count / loadTime.TotalSeconds:0.0}/s, each read back); stored {stored}; retried {retries}");
        report.AppendLine($"  answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} ×{s.Value}"))}");
        report.AppendLine($"  answered by node: {string.Join(", ", byNode.GroupBy(b => NumberOf(nodes, b.Key)).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Sum(b => b.Value)}"))}");
        report.AppendLine($"  latency of answered requests: p50 {Percentile(0.5):0} ms, p99 {Percentile(0.99):0} ms");
        report.AppendLine($"  timers moved to another node {(movedAfter == TimeSpan.Zero ? "(not seen)" : $"{movedAfter.TotalSeconds:0} s")} after the kill; fired {fired} of {acknowledged.Count}, overdue events {events} (twice: {events - fired})");
        var passed = stored == acknowledged.Count && fired == acknowledged.Count && events == fired;
        report.Append(passed ? "  PASSED: nothing lost, nothing twice" : "  FAILED: see the figures above");
        return new SoakFigures(passed, report.ToString());
    }

    private static string NumberOf(LocalNodes nodes, string id) =>
        nodes.All.FirstOrDefault(n => n.Ids.Contains(id)) is { } node ? $"node {node.Number}" : $"node {id[..8]}";

    private static void Count(ConcurrentDictionary<string, int> counts, string key) => counts.AddOrUpdate(key, 1, (_, c) => c + 1);
}
