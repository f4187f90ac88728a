using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Eskalasi.Benchmarks;
using Eskalasi.DevDatabase;
using Eskalasi.Infrastructure;
using Npgsql;

// Eskalasi's benchmark: one run, one PostgreSQL, baseline and peer re-measured beside the service.
//   dotnet run -c Release --project src/Eskalasi.Benchmarks -- [--quick] [--issues 100000] [--seconds 15] [--writes-only]
//   dotnet run -c Release --project src/Eskalasi.Benchmarks -- --regions 514 [--region-days 10] [--seconds 15]   (many regions, 1–3 nodes)
var quick = args.Contains("--quick");
string? Arg(string flag) => args.SkipWhile(a => a != flag).Skip(1).FirstOrDefault();
var largeIssues = int.TryParse(Arg("--issues"), out var n) ? n : quick ? 250 : 100_000;
var duration = TimeSpan.FromSeconds(int.TryParse(Arg("--seconds"), out var s) ? s : quick ? 2 : 15);
var root = RepositoryPaths.FindRoot() ?? throw new InvalidOperationException("Run from the Eskalasi checkout.");
if (!File.Exists(ServiceProcess.ServiceDll(root)))
    throw new InvalidOperationException($"Build the service first ({ServiceProcess.Configuration}): {ServiceProcess.ServiceDll(root)} is missing.");
if (!quick && ServiceProcess.Configuration != "Release")
    Console.WriteLine("WARNING: not a Release build; run with -c Release for figures worth reading.");

var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
using var cluster = string.IsNullOrWhiteSpace(configured) ? LocalPostgres.Start(root, $"bench-{Guid.NewGuid():N}", throwaway: true) : null;
var connectionString = configured ?? cluster!.ConnectionString;
if (args.Contains("--probe")) { await Probe.RunAsync(connectionString); return 0; }
var report = new StringBuilder();
void Line(string text) { Console.WriteLine(text); report.AppendLine(text); }

// Many regions (docs/scale.md): --regions 514 [--region-days 10] runs only that part.
if (Arg("--regions") is { } regionCount)
{
    Line($"# Eskalasi benchmark — many regions{(quick ? " (quick mode, not a measurement)" : "")}");
    Line($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · PostgreSQL {await Scalar<string>("show server_version")} · {duration.TotalSeconds:0} s per load step");
    Line("");
    await ManyRegions.RunAsync(root, connectionString, int.Parse(regionCount), int.TryParse(Arg("--region-days"), out var d) ? d : 10, duration, quick, Line);
    if (Arg("--out") is { } manyOut) await File.WriteAllTextAsync(manyOut, report.ToString());
    Console.WriteLine("BENCHMARK DONE");
    return 0;
}

Line($"# Eskalasi benchmark — {(quick ? "quick mode (tiny sizes, not a measurement)" : "full run")}");
Line($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9)} GB · " +
     $".NET {Environment.Version} · PostgreSQL {await Scalar<string>("show server_version")} · {duration.TotalSeconds:0} s per load step");
Line("");

// 1. Baseline and peer.
var writes = new List<LoadResult>();
foreach (var clients in new[] { 1, 8 })
{
    writes.Add(await Baselines.RawInsertAsync(connectionString, clients, duration));
    writes.Add(await Baselines.BareMartenAsync(connectionString, clients, duration, quickAppend: false));
    writes.Add(await Baselines.BareMartenAsync(connectionString, clients, duration, quickAppend: true));
}

// 2. The service with a small history (~10k events in the full run).
await ServiceProcess.GenerateAsync(root, connectionString, quick ? 100 : 1000, 365);
var smallEvents = await Scalar<long>("select count(*) from eskalasi.mt_events");
long smallRss;
await using (var service = await ServiceProcess.StartAsync(root, connectionString))
{
    // The Sekda may note on any issue of the region: each client cycles through its own share of the generated
    // issues, so streams keep their real length (a note on one ever-growing stream would measure its replay).
    var token = await service.TokenAsync("kota-payakumbuh/sekda");
    var pool = await IssuePool(service, token);
    Func<int, Task> Note(int clients)
    {
        var next = new int[clients];
        return async c =>
        {
            var issue = pool[c + clients * (next[c]++ % (pool.Count / clients))];
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/issues/{issue}/notes")
            {
                Content = JsonContent.Create(new { text = "Perkembangan lapangan dicatat." }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await service.Http.SendAsync(request)).EnsureSuccessStatusCode();
        };
    }
    // A freshly started service is still compiling: the JIT's second tier was measured at a quarter of its CPU
    // for the first half minute. Warm it up as a service in use would be, then measure.
    await Measure.LoadAsync("warm-up", 8, quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(30), Note(8));
    foreach (var clients in new[] { 1, 8 })
        writes.Add(await Measure.LoadAsync("Eskalasi move over HTTP (note)", clients, duration, Note(clients)));
    smallRss = service.ResidentBytes();
}

Line("## Writes: moves against the raw INSERT baseline and bare Marten");
Line("| what | clients | ops/s | p50 ms | p99 ms | ÷ raw INSERT | ÷ bare Marten |");
Line("|---|---:|---:|---:|---:|---:|---:|");
foreach (var w in writes)
{
    var raw = writes.First(x => x.Clients == w.Clients && x.Name.StartsWith("raw"));
    var bare = writes.First(x => x.Clients == w.Clients && x.Name.StartsWith("bare Marten append (Rich"));
    Line($"| {w.Name} | {w.Clients} | {w.PerSecond:0} | {w.P50Ms:0.00} | {w.P99Ms:0.00} | {w.PerSecond / raw.PerSecond:P0} | {w.PerSecond / bare.PerSecond:P0} |");
}
Line("");

if (args.Contains("--writes-only"))
{
    Console.WriteLine("BENCHMARK DONE (writes only)");
    return 0;
}

// 3. The service at the large size.
var sw = Stopwatch.StartNew();
await ServiceProcess.GenerateAsync(root, connectionString, largeIssues, 3 * 365);
Line($"Generated {largeIssues:N0} issues in {sw.Elapsed.TotalSeconds:0} s through the real decisions.");
var largeEvents = await Scalar<long>("select count(*) from eskalasi.mt_events");
var largeIssuesStored = await Scalar<long>("select count(*) from eskalasi.mt_doc_issuedetails");
Line($"Store now: {largeIssuesStored:N0} issues, {largeEvents:N0} events.");
Line("");

var reads = new List<LoadResult>();
var replays = new List<(string Region, long Events, double Replay, double Stays)>();
long largeRss;
await using (var service = await ServiceProcess.StartAsync(root, connectionString))
{
    var asisten = await service.TokenAsync("kota-payakumbuh/asisten-2");
    var sekda = await service.TokenAsync("kota-payakumbuh/sekda");
    var analyst = await service.TokenAsync("kota-payakumbuh/analyst");
    var ids = (await Get(service, analyst, "/api/issues?pageSize=100")).GetProperty("items").EnumerateArray()
        .Select(i => i.GetProperty("id").GetGuid()).ToList();
    var count = quick ? 30 : 500;
    // A restarted service compiles for about half a minute (libclrjit was a quarter of its CPU in a profile of these
    // reads 15–25 s after a start): read the three views in turn for that long first, then measure.
    var warmUntil = DateTime.UtcNow + (quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(45));
    for (var i = 0; DateTime.UtcNow < warmUntil; i++)
    {
        await Get(service, asisten, "/api/backlogs/asisten/asisten-2");
        await Get(service, sekda, "/api/sekda/queue");
        await Get(service, analyst, $"/api/issues/{ids[i % ids.Count]}/history");
    }
    reads.Add(await Measure.SequentialAsync("Asisten backlog (asisten-2)", count, _ => Get(service, asisten, "/api/backlogs/asisten/asisten-2")));
    reads.Add(await Measure.SequentialAsync("Sekda queue", count, _ => Get(service, sekda, "/api/sekda/queue")));
    reads.Add(await Measure.SequentialAsync("issue history", count, i => Get(service, analyst, $"/api/issues/{ids[i % ids.Count]}/history")));

    // One untimed round of replays first: the first replays after a start still run half-compiled code (the first
    // round was measured up to twice as slow as the next). Then three timed rounds; each region's median counts.
    var regionNames = new[] { "kab-bangka-tengah", "kota-payakumbuh", "kab-banyuwangi", "kab-buleleng", "kab-lampung-tengah" };
    var replayTokens = new Dictionary<string, string>();
    foreach (var region in regionNames) replayTokens[region] = await service.TokenAsync($"{region}/analyst");
    foreach (var region in regionNames)
    {
        await Get(service, replayTokens[region], "/api/analytics/stuck?groupBy=level&source=replay");
        await Get(service, replayTokens[region], "/api/analytics/stuck?groupBy=level");
    }
    var rounds = regionNames.ToDictionary(r => r, _ => (Replay: new List<double>(), Stays: new List<double>()));
    for (var round = 0; round < (quick ? 1 : 3); round++)
        foreach (var region in regionNames)
        {
            var clock = Stopwatch.StartNew();
            var replayed = await Get(service, replayTokens[region], "/api/analytics/stuck?groupBy=asisten&source=replay");
            rounds[region].Replay.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            var fromTable = await Get(service, replayTokens[region], "/api/analytics/stuck?groupBy=asisten");
            rounds[region].Stays.Add(clock.Elapsed.TotalSeconds);
            if (replayed.GetProperty("groups").ToString() != fromTable.GetProperty("groups").ToString())
                throw new InvalidOperationException($"{region}: the stays table and the replay disagree.");
        }
    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    foreach (var region in regionNames)
    {
        var events = await Scalar<long>($"select count(*) from eskalasi.mt_events where tenant_id = '{region}'");
        replays.Add((region, events, Median(rounds[region].Replay), Median(rounds[region].Stays)));
    }
    largeRss = service.ResidentBytes();
}

Line($"## Reads at {largeIssuesStored:N0} issues / {largeEvents:N0} events (one client, sequential)");
Line("| view | requests | p50 ms | p99 ms |");
Line("|---|---:|---:|---:|");
foreach (var r in reads) Line($"| {r.Name} | {r.Operations} | {r.P50Ms:0.00} | {r.P99Ms:0.00} |");
Line("");
Line("## Analytics: the stays table against a full replay (GET /api/analytics/stuck?groupBy=asisten, with and without source=replay; same answers checked; median of three rounds after one untimed round)");
Line("| region | events | replay s | stays table s | ÷ replay |");
Line("|---|---:|---:|---:|---:|");
foreach (var (region, events, replay, stays) in replays) Line($"| {region} | {events:N0} | {replay:0.000} | {stays:0.000} | {stays / replay:P0} |");
Line($"| **all** | {replays.Sum(r => r.Events):N0} | {replays.Sum(r => r.Replay):0.000} | {replays.Sum(r => r.Stays):0.000} | {replays.Sum(r => r.Stays) / replays.Sum(r => r.Replay):P0} |");
Line("");

// 4. Projection rebuild: the per-issue view the backlogs, queue and lists read, rebuilt from all events.
sw.Restart();
var rebuild = await RunService("projections", "rebuild", "-p", "IssueDetails");
Line($"## Projection rebuild\nIssueDetails (what the backlogs, the Sekda queue and the lists read) from {largeEvents:N0} events: " +
     (rebuild ? $"{sw.Elapsed.TotalSeconds:0.0} s (`projections rebuild -p IssueDetails`, including process start)." : "the rebuild command failed; see its output above."));
Line("");
Line("## Memory of the service (resident set after the reads above)");
Line($"| events in store | RSS MB |\n|---:|---:|\n| {smallEvents:N0} | {smallRss / 1e6:0} |\n| {largeEvents:N0} | {largeRss / 1e6:0} |");
Line("");

if (!quick)
{
    var summary = BenchmarkRunner.Run<MicroBenchmarks>(DefaultConfig.Instance.AddJob(Job.ShortRun).WithOptions(ConfigOptions.DisableOptimizationsValidator));
    Line("## Micro-parts (BenchmarkDotNet, ShortRun)");
    Line("| benchmark | mean | allocated |");
    Line("|---|---:|---:|");
    foreach (var r in summary.Reports)
        Line($"| {r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo} | {r.ResultStatistics?.Mean / 1000:0.0} µs | {r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) / 1024.0:0.0} KB |");
}
else
{
    Line("Micro-parts (BenchmarkDotNet) are skipped in quick mode.");
}

var output = Arg("--out");
if (output is not null) await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine("BENCHMARK DONE");
return 0;

async Task<T> Scalar<T>(string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    return (T)Convert.ChangeType((await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!, typeof(T));
}

static async Task<JsonElement> Get(ServiceProcess service, string token, string url)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, url);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var answer = await service.Http.SendAsync(request);
    answer.EnsureSuccessStatusCode();
    return await answer.Content.ReadFromJsonAsync<JsonElement>();
}

static async Task<List<Guid>> IssuePool(ServiceProcess service, string token)
{
    var ids = new List<Guid>();
    for (var page = 1; ; page++)
    {
        var items = (await Get(service, token, $"/api/issues?pageSize=100&page={page}")).GetProperty("items").EnumerateArray().ToList();
        ids.AddRange(items.Select(i => i.GetProperty("id").GetGuid()));
        if (items.Count < 100) return ids;
    }
}

async Task<bool> RunService(params string[] serviceArgs)
{
    var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root };
    info.ArgumentList.Add(ServiceProcess.ServiceDll(root));
    foreach (var a in serviceArgs) info.ArgumentList.Add(a);
    info.Environment["ConnectionStrings__Marten"] = connectionString;
    info.Environment["Eskalasi__DemoHistory__IssuesPerRegion"] = "0";
    using var process = Process.Start(info)!;
    await process.WaitForExitAsync();
    return process.ExitCode == 0;
}
