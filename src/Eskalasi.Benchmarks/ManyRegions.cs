using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eskalasi.DevDatabase;
using Npgsql;

namespace Eskalasi.Benchmarks;

/// <summary>
/// docs/scale.md "Capacity, measured": many regions on one database — 514 by default, as many as Indonesia has
/// kabupaten/kota — each a generated organisation (a copy of one of the five seed regions under its own code and number
/// prefix) with <c>days</c> of history at a kabupaten's daily volume (20 issues a day). Then moves spread over all
/// regions (an OPD logs an issue, the Sekda notes on one of that region's issues) from 8, 16 and 32 clients against 1,
/// 2 and 3 service nodes on the same database, each client sending its requests to the nodes in turn; and the
/// database's size per region-year, from the bytes one stored event takes.
/// </summary>
public static class ManyRegions
{
    private const int IssuesPerDay = 20;
    private const int EventsPerDay = 150;

    public static async Task RunAsync(string root, string connectionString, int regions, int days, TimeSpan duration, bool quick,
        Action<string> line)
    {
        var seeds = Path.Combine(Path.GetTempPath(), $"eskalasi-regions-{Guid.NewGuid():N}");
        var codes = WriteSeeds(root, seeds, regions);
        var settings = new Dictionary<string, string> { ["Eskalasi__SeedsPath"] = seeds };
        try
        {
            var generating = Stopwatch.StartNew();
            await ServiceProcess.GenerateAsync(root, connectionString, regions * IssuesPerDay * days, days, settings);
            var events = await Scalar<long>(connectionString, "select count(*) from eskalasi.mt_events");
            // Every table of the service's schema with its indexes and TOAST: events, streams, views, stays, audit rows.
            var databaseBytes = await Scalar<long>(connectionString, "select sum(pg_total_relation_size(c.oid))::bigint from pg_class c " +
                "join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'eskalasi' and c.relkind = 'r'");
            var bytesPerEvent = (double)databaseBytes / events;
            line($"## Many regions: {regions} regions on one database");
            line($"Generated {regions} organisations and {days} days of history each ({regions * IssuesPerDay * days:N0} issues, {events:N0} events) " +
                 $"in {generating.Elapsed.TotalSeconds:0} s. The service's tables {databaseBytes / 1e6:N0} MB: {bytesPerEvent:0} bytes per stored event, " +
                 $"indexes and the views written beside the events included → about **{bytesPerEvent * EventsPerDay * 365 / 1e6:N0} MB per region-year** at {EventsPerDay} events a day, " +
                 $"{bytesPerEvent * EventsPerDay * 365 * 514 / 1e9:N0} GB a year for 514 regions.");
            line("");
            line("| nodes | clients | moves/s | p50 ms | p99 ms | 409 (same issue at once) | ÷ 1 node, same clients |");
            line("|---:|---:|---:|---:|---:|---:|---:|");
            var results = new List<(int Nodes, LoadResult Load)>();
            foreach (var nodeCount in quick ? new[] { 1, 2 } : [1, 2, 3])
            {
                var nodes = new List<ServiceProcess>();
                try
                {
                    foreach (var started in await Task.WhenAll(Enumerable.Range(0, nodeCount).Select(_ => ServiceProcess.StartAsync(root, connectionString, settings))))
                        nodes.Add(started);
                    var tokens = await TokensAsync(nodes[0], codes);
                    var pools = codes.ToDictionary(c => c, _ => new List<Guid>());
                    var random = new Random(nodeCount);
                    var conflicts = 0;
                    Func<int, Task> Move(int clients)
                    {
                        var turn = new int[clients];
                        return async c =>
                        {
                            var node = nodes[(c + turn[c]++) % nodes.Count];
                            string region;
                            lock (random) region = codes[random.Next(codes.Count)];
                            Guid? target;
                            lock (pools[region]) target = pools[region].Count > 0 && turn[c] % 2 == 0 ? pools[region][turn[c] % pools[region].Count] : null;
                            if (target is { } issue)
                            {
                                // Two clients noting on one issue at once: one wins, the other is told 409 (a move all the same).
                                if (await SendAsync(node, tokens[region].Sekda, $"/api/issues/{issue}/notes", new { text = "Perkembangan lapangan dicatat." }) is null)
                                    Interlocked.Increment(ref conflicts);
                            }
                            else
                            {
                                var answer = await SendAsync(node, tokens[region].Officer, "/api/issues", new
                                {
                                    title = "Saluran drainase tersumbat", description = "Genangan setinggi 30 cm setelah hujan, perlu penanganan.",
                                    category = "infrastruktur", location = new { text = "Jalan utama" }, urgency = "biasa", relatedOpds = Array.Empty<string>(),
                                    observedAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O"),
                                });
                                var id = answer!.Value.GetProperty("id").GetGuid();
                                lock (pools[region]) pools[region].Add(id);
                            }
                        };
                    }
                    foreach (var clients in quick ? new[] { 8 } : [8, 16, 32])
                    {
                        conflicts = 0;
                        var load = await Measure.LoadAsync($"{nodeCount} nodes", clients, duration, Move(clients));
                        results.Add((nodeCount, load));
                        var single = results.FirstOrDefault(r => r.Nodes == 1 && r.Load.Clients == clients).Load;
                        line($"| {nodeCount} | {clients} | {load.PerSecond:0} | {load.P50Ms:0.0} | {load.P99Ms:0.0} | {conflicts} | {(single is null ? "—" : (load.PerSecond / single.PerSecond).ToString("P0"))} |");
                    }
                }
                finally
                {
                    foreach (var node in nodes) await node.DisposeAsync();
                }
            }
            line("");
        }
        finally
        {
            Directory.Delete(seeds, recursive: true);
        }
    }

    /// <summary>
    /// <paramref name="count"/> organisations from the five seed regions: region i is a copy of seed i mod 5 under the code
    /// <c>wilayah-NNN</c> and a number prefix of its own.
    /// </summary>
    private static List<string> WriteSeeds(string root, string folder, int count)
    {
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(Path.Combine(folder, "hari-libur"));
        foreach (var file in Directory.GetFiles(Path.Combine(root, "seeds", "hari-libur")))
            File.Copy(file, Path.Combine(folder, "hari-libur", Path.GetFileName(file)));
        var templates = Directory.GetFiles(Path.Combine(root, "seeds"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!).ToList();
        var codes = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var region = templates[(i - 1) % templates.Count].DeepClone();
            var code = $"wilayah-{i:000}";
            region["code"] = code;
            region["name"] = $"{region["name"]!.GetValue<string>()} (salinan uji {i:000})";
            region["numberPrefix"] = $"W{i:000}";
            File.WriteAllText(Path.Combine(folder, code + ".json"), region.ToJsonString());
            codes.Add(code);
        }
        return codes;
    }

    private static async Task<Dictionary<string, (string Officer, string Sekda)>> TokensAsync(ServiceProcess node, List<string> codes)
    {
        var users = await node.Http.GetFromJsonAsync<JsonElement>("/api/dev/users");
        var tokens = new Dictionary<string, (string, string)>();
        foreach (var code in codes)
        {
            var officer = FirstUser(users, $"{code}/opd/");
            tokens[code] = (await node.TokenAsync(officer), await node.TokenAsync($"{code}/sekda"));
        }
        return tokens;
    }

    private static string FirstUser(JsonElement users, string prefix)
    {
        foreach (var user in (users.ValueKind == JsonValueKind.Array ? users : users.GetProperty("items")).EnumerateArray())
        {
            var name = user.ValueKind == JsonValueKind.String ? user.GetString()! : user.GetProperty("user").GetString()!;
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return name;
        }
        throw new InvalidOperationException($"No demo account {prefix}…");
    }

    /// <summary>The answer of a move; null when it was refused as a concurrent change (409).</summary>
    private static async Task<JsonElement?> SendAsync(ServiceProcess node, string token, string url, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await node.Http.SendAsync(request);
        if ((int)response.StatusCode == 409) return null;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<T> Scalar<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }
}
