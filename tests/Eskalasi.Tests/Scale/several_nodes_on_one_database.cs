using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eskalasi.DevDatabase;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Reliability;
using Eskalasi.Tests.Security;
using Npgsql;
using Xunit.Abstractions;

namespace Eskalasi.Tests.Scale;

/// <summary>
/// docs/scale.md "Several nodes on one database": two service processes started at once on one new database. The
/// start-up work runs once (seeds and demo history written once, both nodes healthy); every move works on either node
/// and a change of the organisation on one is used by the other at once; two people acting on one issue through
/// different nodes get one success and one 409; a web session made on one node is good on the other. Then the node
/// holding Wolverine's durability agent (the one that fires the timers) is killed with every dwell timer still
/// pending: the other takes the agent over and each timer fires exactly once.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class several_nodes_on_one_database(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Region = "kota-payakumbuh";
    private const int GeneratedPerRegion = 3;
    private LocalPostgres cluster = null!;
    private readonly List<ServiceProcess> nodes = [];

    public Task InitializeAsync()
    {
        cluster = LocalPostgres.Start(RepositoryPaths.FindRoot()!, $"nodes-{Guid.NewGuid():N}"[..18], throwaway: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in nodes) await node.DisposeAsync();
        cluster.Stop();
    }

    [Fact]
    public async Task moves_work_on_either_node_and_a_dead_nodes_timers_fire_once_on_the_other()
    {
        var settings = new Dictionary<string, string>
        {
            ["Eskalasi__DemoHistory__IssuesPerRegion"] = GeneratedPerRegion.ToString(),
            ["Eskalasi__Nodes__StaleAfterSeconds"] = "8",
        };
        var root = RepositoryPaths.FindRoot()!;
        var started = Stopwatch.StartNew();
        nodes.AddRange(await Task.WhenAll(ServiceProcess.StartAsync(root, cluster.ConnectionString, settings),
            ServiceProcess.StartAsync(root, cluster.ConnectionString, settings)));
        var (a, b) = (nodes[0], nodes[1]);
        var healthyIn = started.Elapsed;

        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        async Task<long> Scalar(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("region", Region);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }

        // Start-up work once: every seeded region has the demo history of one node, not of two.
        var regions = await Scalar("select count(*) from eskalasi.mt_doc_regionorganisation");
        regions.ShouldBe(Directory.GetFiles(Path.Combine(root, "seeds"), "*.json").Length);
        var generated = await Scalar("select count(*) from eskalasi.mt_doc_issuedetails");
        generated.ShouldBe(regions * GeneratedPerRegion, "demo history written by one node only");

        var admin = await a.TokenAsync($"{Region}/admin");
        var officer = await b.TokenAsync($"{Region}/opd/dinas-pupr");
        async Task<HttpResponseMessage> Send(ServiceProcess node, HttpMethod method, string url, string token, object? body = null,
            string? ifMatch = null)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Authorization = new("Bearer", token);
            if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            var response = await node.Http.SendAsync(request);
            response.Headers.GetValues(SeveralNodes.NodeHeader).Single().ShouldNotBeNullOrWhiteSpace();
            return response;
        }
        async Task<Guid> Log(ServiceProcess node, string title)
        {
            var response = await Send(node, HttpMethod.Post, "/api/issues", officer, new
            {
                title, description = "Pipa bocor di jalan protokol, perlu tindakan.", category = "infrastruktur",
                location = new { text = "Jalan Sudirman" }, urgency = "biasa", relatedOpds = new[] { "pdam" },
                observedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
            });
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        // Node B reads (and keeps) the region's organisation; the admin changes the dwell targets through node A; node B
        // uses the new targets for its next log at once (A's signal makes B forget its copy), not a minute later.
        var before = await Log(b, "Sebelum target baru");
        (await Send(a, HttpMethod.Put, "/api/org/dwell-targets", admin,
            new { opd = 0.00046, asisten = 14, sekda = 7, bupati = 7, darurat = 1, unit = "days" })).EnsureSuccessStatusCode(); // 40 s at the OPD
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var logged = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            logged.Add(await Log(a, $"Dua node, lewat A, {i}"));
            logged.Add(await Log(b, $"Dua node, lewat B, {i}"));
        }
        // Whatever one node wrote, the other reads and moves.
        foreach (var (id, i) in logged.Select((id, i) => (id, i)))
            (await Send(i % 2 == 0 ? b : a, HttpMethod.Get, $"/api/issues/{id}", officer)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var contested = await Log(a, "Dua orang, dua node");
        // No If-Match: the later of the two either collides at the append (409 concurrent-change) or meets the issue
        // already closed (409 issue-closed). With If-Match both would name version 1, and a later read answers 412.
        var answers = await Task.WhenAll(
            Send(a, HttpMethod.Post, $"/api/issues/{contested}/resolve", officer, new { resolution = "Selesai lewat node A." }),
            Send(b, HttpMethod.Post, $"/api/issues/{contested}/withdraw", officer, new { reason = "Ditarik lewat node B." }));
        answers.Select(r => (int)r.StatusCode).Order().ShouldBe([200, 409]);
        (await Scalar($"select count(*) from eskalasi.mt_events where tenant_id = @region and stream_id = '{contested}'")).ShouldBe(2);

        // A web session made on node A is good on node B (the data-protection keys are in the database).
        var cookies = new CookieContainer();
        using (var browserA = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(a.BaseUrl) })
            (await browserA.GetAsync($"/masuk?akun={Region}/asisten-2&ke=/antrean")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using (var browserB = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(b.BaseUrl) })
        {
            var page = await browserB.GetAsync("/antrean");
            page.StatusCode.ShouldBe(HttpStatusCode.OK, "node B read node A's session cookie");
            (await page.Content.ReadAsStringAsync()).ShouldContain("Antrean");
        }

        // Kill the node that holds the durability agent, every timer still pending (due 40 s after its log).
        var holder = (await Scalar("select count(*) from eskalasi_wolverine.wolverine_node_assignments where id like 'wolverinedb:%'")) == 0
            ? null
            : await Text(connection, "select node_id::text from eskalasi_wolverine.wolverine_node_assignments where id like 'wolverinedb:%'");
        var nodeIds = new List<string>();
        foreach (var node in nodes)
            nodeIds.Add((await node.Http.GetAsync("/health")).Headers.GetValues(SeveralNodes.NodeHeader).Single());
        var victim = holder is null ? a : nodes[nodeIds.IndexOf(holder)];
        var survivor = victim == a ? b : a;
        var pending = await Scalar("select count(*) from eskalasi_wolverine.wolverine_incoming_envelopes where message_type like '%CheckDwell' and status = 'Scheduled'");
        var killedAt = Stopwatch.StartNew();
        await victim.KillAsync();

        // The survivor keeps answering, takes the agent over, and every timer fires once.
        (await Send(survivor, HttpMethod.Get, $"/api/issues/{logged[0]}", officer)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ids = string.Join(",", logged.Select(id => $"'{id}'"));
        long fired;
        while ((fired = await Scalar($"select count(distinct stream_id) from eskalasi.mt_events where tenant_id = @region and type = 'issue_became_overdue' and stream_id in ({ids})")) < logged.Count
               && killedAt.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(1000);
        var allFiredIn = killedAt.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(5)); // and nothing fires twice a moment later
        var events = await Scalar($"select count(*) from eskalasi.mt_events where tenant_id = @region and type = 'issue_became_overdue' and stream_id in ({ids})");
        var takenOver = await Text(connection, "select coalesce(string_agg(node_id::text, ','), '') from eskalasi_wolverine.wolverine_node_assignments where id like 'wolverinedb:%'");
        var beforeOverdue = await Scalar($"select count(*) from eskalasi.mt_events where tenant_id = @region and type = 'issue_became_overdue' and stream_id = '{before}'");

        var summary = $"two nodes: healthy together in {healthyIn.TotalSeconds:0.0} s on a new database ({regions} regions seeded once, " +
                      $"{generated} demo issues = {GeneratedPerRegion} per region); {logged.Count} logs through both, read through the other; " +
                      $"one issue acted on through both at once: {string.Join(" + ", answers.Select(r => (int)r.StatusCode).Order())}; " +
                      $"killed the node {(holder is null ? "(no agent assigned yet)" : "holding the durability agent")} with {pending} timers pending: " +
                      $"{fired} of {logged.Count} fired on the other within {allFiredIn.TotalSeconds:0} s, {events} overdue events in all";
        output.WriteLine(summary);
        SecuritySummary.Record("nodes", summary);
        fired.ShouldBe(logged.Count, "every timer fired on the surviving node: " + victim.Errors + survivor.Errors);
        events.ShouldBe(logged.Count, "each exactly once");
        takenOver.ShouldBe(nodeIds[nodes.IndexOf(survivor)], "the survivor holds the durability agent now");
        beforeOverdue.ShouldBe(0, "the issue logged before the change keeps the target it was logged under");
    }

    private static async Task<string> Text(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
