using Alba;
using Eskalasi.Issues;
using Eskalasi.Tests.Support;
using Npgsql;

namespace Eskalasi.Tests.Issues;

/// <summary>
/// A database written before the decision aggregate was snapshotted has issue views but no snapshots. The service
/// fills them in from the events when it starts, so the issues of such a database can still be moved.
/// Runs in a database of its own: the rebuild covers every region of the database it runs on.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class issues_from_before_snapshots(AppFixture app)
{
    [Fact]
    public async Task get_their_snapshots_back_at_start_up_and_can_be_moved()
    {
        var (name, connectionString) = await NewDatabase();
        try
        {
            await LogThenLoseTheSnapshotThenRestart(connectionString);
        }
        finally
        {
            await Scalar(app.ConnectionString, $"drop database if exists {name} with (force)");
        }
    }

    private static async Task LogThenLoseTheSnapshotThenRestart(string connectionString)
    {
        Guid id;
        await using (var first = await AppFixture.StartHostAsync(connectionString, demoMode: true, TimeProvider.System))
        {
            var officer = await Token(first, "kota-payakumbuh/opd/dinas-pupr");
            var logged = await first.Scenario(s =>
            {
                s.Post.Json(TestRegion.AValidIssue()).ToUrl("/api/issues");
                s.WithBearer(officer);
                s.StatusCodeShouldBe(201);
            });
            id = (await logged.ReadAsJsonAsync<IssueDetails>())!.Id;
        }
        (await Scalar(connectionString, "select count(*) from eskalasi.mt_doc_issue")).ShouldBe(1);
        await Scalar(connectionString, "delete from eskalasi.mt_doc_issue"); // as a database from before snapshots

        await using var second = await AppFixture.StartHostAsync(connectionString, demoMode: true, TimeProvider.System);
        (await Scalar(connectionString, "select count(*) from eskalasi.mt_doc_issue")).ShouldBe(1);
        var token = await Token(second, "kota-payakumbuh/opd/dinas-pupr");
        var escalated = await second.Scenario(s =>
        {
            s.Post.Json(new { justification = "Butuh koordinasi lintas OPD." }).ToUrl($"/api/issues/{id}/escalate");
            s.WithBearer(token);
            s.StatusCodeShouldBe(200);
        });
        var issue = (await escalated.ReadAsJsonAsync<IssueDetails>())!;
        issue.Level.ShouldBe(IssueLevel.Asisten);
        issue.Version.ShouldBe(2);
    }

    private static async Task<string> Token(IAlbaHost host, string user)
    {
        var result = await host.Scenario(s => s.Post.Json(new { user }).ToUrl("/api/dev/token"));
        return (await result.ReadAsJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private async Task<(string Name, string ConnectionString)> NewDatabase()
    {
        var name = "snapshots_" + Guid.NewGuid().ToString("N")[..8];
        await Scalar(app.ConnectionString, $"create database {name}");
        return (name, new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = name }.ConnectionString);
    }

    private static async Task<long> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is long value ? value : 0;
    }
}
