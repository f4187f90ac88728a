using System.Diagnostics;
using Alba;
using Eskalasi.DevDatabase;
using Eskalasi.Identity;
using Eskalasi.Inbox;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Meetings;
using Eskalasi.Organisation;
using Eskalasi.Oversight;
using Eskalasi.History;
using Eskalasi.Tests.Security;
using Eskalasi.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Eskalasi.Tests.Reliability;

/// <summary>
/// docs/reliability.md "Backup and restore", as an operator would do it: a region with a generated history is dumped
/// with pg_dump, restored with pg_restore into an empty database, every projection is rebuilt from the events there,
/// and the lists, the views, the audit and the analytics answer exactly as they did before the dump.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class backup_and_restore(ITestOutputHelper output) : IAsyncLifetime
{
    private LocalPostgres cluster = null!;
    private const string Region = "kota-payakumbuh";
    // One clock, not moving, for both services: "days at this level" and "overdue" must not differ by the seconds between.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync()
    {
        cluster = LocalPostgres.Start(RepositoryPaths.FindRoot()!, $"restore-{Guid.NewGuid():N}"[..20], throwaway: true);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        cluster.Stop();
        return Task.CompletedTask;
    }

    private static readonly string[] Reads =
    [
        "/api/issues?pageSize=100&page=1", "/api/issues?pageSize=100&page=2", "/api/issues?status=open&pageSize=100",
        "/api/audit/escalations?pageSize=100", "/api/audit/escalation-rates", "/api/sekda/queue",
        "/api/backlogs/asisten/asisten-2", "/api/backlogs/opd/dinas-pupr?pageSize=100",
        "/api/analytics/stuck?until=2026-11-30T00:00:00%2B07:00", "/api/analytics/stuck?until=2026-06-30T00:00:00%2B07:00&groupBy=opd",
        "/api/analytics/ping-pong", "/api/analytics/settlement", "/api/meetings",
    ];

    [Fact]
    public async Task a_restored_dump_with_rebuilt_projections_answers_exactly_as_before()
    {
        var before = new Dictionary<string, string>();
        int events;
        await using (var original = await AppFixture.StartHostAsync(cluster.ConnectionString, demoMode: true, clock))
        {
            var organisation = (await original.Services.GetRequiredService<RegionDirectory>().FindAsync(Region, CancellationToken.None))!;
            events = (await original.Services.GetRequiredService<HistoryService>().GenerateAsync(organisation, 150, 300, 7, null, CancellationToken.None)).EventCount;
            foreach (var read in Reads) before[read] = await ReadAsync(original, read);
            before["inbox"] = await ReadAsync(original, "/api/inbox?pageSize=100", "asisten-2");
            before["/api/issues?pageSize=100&page=1"].ShouldContain("\"total\":150");
        }

        var dump = Path.Combine(Path.GetTempPath(), $"eskalasi-{Guid.NewGuid():N}.dump");
        var port = new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Port.ToString();
        Tool("pg_dump", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-Fc", "-f", dump, LocalPostgres.DatabaseName);
        Tool("createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "restored");
        Tool("pg_restore", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "restored", "--no-owner", dump);
        File.Delete(dump);

        var restoredDatabase = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "restored" }.ConnectionString;
        // The views are rebuilt from the events, not trusted from the dump: the issue views are emptied first.
        await using (var connection = new NpgsqlConnection(restoredDatabase))
        {
            await connection.OpenAsync();
            await using var empty = new NpgsqlCommand("delete from eskalasi.mt_doc_issuedetails", connection);
            (await empty.ExecuteNonQueryAsync()).ShouldBeGreaterThanOrEqualTo(150);
        }
        await using var restored = await AppFixture.StartHostAsync(restoredDatabase, demoMode: true, clock);
        var store = restored.Services.GetRequiredService<IDocumentStore>();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            foreach (var projection in new[] { typeof(IssueDetailsProjection), typeof(Issue), typeof(Meeting), typeof(EscalationAuditProjection),
                         typeof(InboxProjection), typeof(Eskalasi.Identity.Directory.AccountRecord) })
                await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(2), CancellationToken.None);
        }

        var differences = new List<string>();
        foreach (var read in Reads)
            if (await ReadAsync(restored, read) != before[read]) differences.Add(read);
        if (await ReadAsync(restored, "/api/inbox?pageSize=100", "asisten-2") != before["inbox"]) differences.Add("inbox");

        var summary = $"backup and restore: {events} events of 150 issues dumped, restored into an empty database, 6 projections rebuilt; " +
                      $"{Reads.Length + 1} answers compared, {differences.Count} differ";
        output.WriteLine(summary);
        SecuritySummary.Record("restore", summary);
        differences.ShouldBeEmpty();
    }

    private static async Task<string> ReadAsync(IAlbaHost host, string url, string account = "analyst")
    {
        var token = host.Services.GetRequiredService<TokenIssuer>().Issue(
            DemoAccounts.For((await host.Services.GetRequiredService<RegionDirectory>().FindAsync(Region, CancellationToken.None))!)
                .Single(a => a.User == $"{Region}/{account}"));
        var result = await host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithBearer(token);
            s.StatusCodeShouldBe(200);
        });
        return await result.ReadAsTextAsync();
    }

    private static void Tool(string name, params string[] arguments)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.Parse(Path.GetFileName(d))).First();
        var info = new ProcessStartInfo(Path.Combine(bin, "bin", name)) { RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{name}: {error}");
    }
}
