using Alba;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Eskalasi.Tests.Scale;

/// <summary>
/// docs/scale.md "A database per region": a region added by another process (as `regions add` does) is served by a
/// service that was already running — found in the master table at its first request — and no other region's row changes.
/// </summary>
[Collection(OwnPerRegionAppCollection.Name)]
public sealed class a_region_added_while_the_service_runs(PerRegionAppFixture app)
{
    private async Task<Dictionary<string, string>> MasterTable()
    {
        var rows = new Dictionary<string, string>();
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"select tenant_id, connection_string from {RegionDatabases.MasterSchema}.mt_tenant_databases", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows[reader.GetString(0)] = reader.GetString(1);
        return rows;
    }

    [Fact]
    public async Task another_process_adds_it_and_the_running_service_serves_it_without_a_restart()
    {
        var before = await MasterTable();
        TestRegion region;
        await using (var other = await AppFixture.StartHostAsync(app.ConnectionString, demoMode: true, app.Clock, settings: app.LayoutSettings))
            region = await app.NewRegionAsync(through: other);

        var after = await MasterTable();
        after.Keys.Except(before.Keys).ShouldContain(region.Code);
        foreach (var (code, connection) in before) after[code].ShouldBe(connection, $"{code} is untouched");
        new Npgsql.NpgsqlConnectionStringBuilder(after[region.Code]).Database.ShouldNotBe(new Npgsql.NpgsqlConnectionStringBuilder(app.ConnectionString).Database);

        var issue = await region.LogIssueAs("opd/dinas-pupr");
        (await region.Issue(issue.Id)).Number.ShouldStartWith(region.Organisation.NumberPrefix);
        (await region.EventCount()).ShouldBe(1);
    }
}
