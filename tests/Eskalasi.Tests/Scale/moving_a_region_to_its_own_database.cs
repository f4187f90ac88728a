using System.Net.Http.Headers;
using System.Text.Json;
using Alba;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Eskalasi.Tests.Scale;

/// <summary>
/// docs/scale.md "Moving a region to its own database": a region with issues, moves, a follow-up, a rakor and a photo
/// in the shared database (this collection's host) is moved by a database-per-region host on a master database of its
/// own; every answer about the region is then the same through the new host, and the region goes on there.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class moving_a_region_to_its_own_database(AppFixture app) : IAsyncLifetime
{
    private IAlbaHost target = null!;

    public async Task InitializeAsync()
    {
        var master = await AppFixture.NewDatabaseAsync(app.ConnectionString, "eskalasi_move_" + Guid.NewGuid().ToString("N")[..8]);
        target = await AppFixture.StartHostAsync(master, demoMode: true, app.Clock,
            settings: new Dictionary<string, string> { [Persistence.DatabasePerRegionSetting] = "true" });
    }

    public async Task DisposeAsync() => await target.DisposeAsync();

    private Task<RegionMove.Report> MoveAsync(string region) =>
        target.Services.GetRequiredService<RegionMove>().MoveAsync(region, app.ConnectionString, null, CancellationToken.None);

    private static async Task<string> Answer(IAlbaHost host, string token, string url)
    {
        using var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.GetAsync(url);
        ((int)response.StatusCode).ShouldBe(200, url);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task every_answer_is_the_same_from_its_own_database_and_the_region_goes_on_there()
    {
        var region = await app.NewRegionAsync();
        var raised = await region.LogIssueAs("opd/dinas-pupr");
        await region.Move("opd/dinas-pupr", raised.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD untuk pipa transmisi." });
        await region.HoldMeeting("asisten-2", raised.Id, new
        {
            outcome = "follow-up", agreement = "PDAM menguji tekanan pipa baru.",
            followUps = new[] { new { ownerOpd = "pdam", description = "Uji tekanan pipa baru.", dueDate = region.DueDate(30) } },
        }, "pdam");
        var resolved = await region.LogIssueAs("opd/dinas-pupr");
        await region.Move("opd/dinas-pupr", resolved.Id, "resolve", new { resolution = "Diperbaiki sendiri oleh PUPR." });
        var waiting = await region.LogIssueAs("opd/dinas-pupr");
        var photo = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.FindRoot()!, "tests", "Eskalasi.Tests", "Evidence", "pipa.jpg"));
        Guid attachment;
        using (var client = app.Host.Server.CreateClient())
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", region.Token("opd/dinas-pupr"));
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "file", "pipa.jpg");
            var response = await client.PostAsync($"/api/issues/{waiting.Id}/attachments", form);
            ((int)response.StatusCode).ShouldBe(201);
            attachment = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        }
        // A monthly rakor about two weeks ahead: its timer (a week before the meeting) has not fired yet.
        var meetingDay = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(15);
        var series = (await (await region.Post("asisten-2", "/api/meeting-series", new
        {
            office = "asisten-2", every = "month", dayOfMonth = meetingDay.Day, time = "09:00", place = "Ruang Randang",
            invitedOpds = new[] { "dinas-pupr", "pdam" },
        }, 201)).ReadJson()).GetProperty("id").GetGuid();
        var sourceEvents = await region.EventCount();

        var report = await MoveAsync(region.Code);

        report.Differences.ShouldBeEmpty();
        report.Succeeded.ShouldBeTrue();
        report.RowsCopied["mt_events"].ShouldBe(sourceEvents);
        report.RowsCopied["attachments"].ShouldBe(1);
        report.ViewRowsCompared.ShouldBeGreaterThan(5);
        report.TimersArmed.ShouldBe(4, "the raised issue's stay and its follow-up, the waiting issue's stay, the rakor's next meeting; none for the resolved one");
        var own = await target.Services.GetRequiredService<RegionDatabases>().RegisteredConnectionAsync(region.Code, CancellationToken.None);
        own.ShouldNotBeNull();
        new Npgsql.NpgsqlConnectionStringBuilder(own).Database.ShouldBe(
            RegionDatabases.DatabaseNameFor(new Npgsql.NpgsqlConnectionStringBuilder(target.Services.GetRequiredService<DatabaseConnection>().ConnectionString).Database!, region.Code));

        var analyst = region.Token("analyst");
        var urls = new List<string>
        {
            "/api/org", "/api/issues?pageSize=50", "/api/backlogs/asisten/asisten-2", "/api/backlogs/opd/dinas-pupr",
            "/api/audit/escalations", "/api/analytics/stuck?groupBy=level&until=2030-01-01T00:00:00Z",
            "/api/analytics/stuck?groupBy=level&until=2030-01-01T00:00:00Z&source=replay", "/api/analytics/settlement?until=2030-01-01T00:00:00Z",
            "/api/analytics/ping-pong?until=2030-01-01T00:00:00Z", "/api/sekda/queue", "/api/inbox", "/api/meeting-series",
        };
        foreach (var issue in new[] { raised.Id, resolved.Id, waiting.Id })
            urls.AddRange([$"/api/issues/{issue}", $"/api/issues/{issue}/history"]);
        foreach (var url in urls)
        {
            var token = url.Contains("backlogs/asisten") || url.Contains("inbox") ? region.Token("asisten-2")
                : url.Contains("backlogs/opd") ? region.Token("opd/dinas-pupr")
                : url.Contains("audit") || url.Contains("sekda") ? region.Token("sekda") : analyst;
            (await Answer(target, token, url)).ShouldBe(await Answer(app.Host, token, url), url);
        }
        using (var client = target.Server.CreateClient())
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", region.Token("opd/dinas-pupr"));
            (await client.GetByteArrayAsync($"/api/issues/{waiting.Id}/attachments/{attachment}")).ShouldBe(photo);
        }

        // Its timers wait in its own database; the region goes on there, its streams' versions and numbers continuing.
        await using (var connection = new Npgsql.NpgsqlConnection(own))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                $"select count(*), count(*) filter (where position(convert_to(@series, 'UTF8') in body) > 0) " +
                $"from {Persistence.WolverineSchema}.wolverine_incoming_envelopes where status = 'Scheduled'", connection);
            command.Parameters.AddWithValue("series", series.ToString());
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            (reader.GetInt64(0), reader.GetInt64(1)).ShouldBe((4L, 1L), "three stays' and follow-ups' timers, one for the rakor's next meeting");
        }
        var after = await target.Scenario(s =>
        {
            s.Post.Json(new { justification = "Butuh koordinasi lintas OPD untuk jalan amblas." }).ToUrl($"/api/issues/{waiting.Id}/escalate");
            s.WithBearer(region.Token("opd/dinas-pupr"));
            s.StatusCodeShouldBe(200);
        });
        (await after.ReadAsJsonAsync<Eskalasi.Issues.IssueDetails>())!.Version.ShouldBe(waiting.Version + 2, "logged, photo attached, escalated");
        var logged = await target.Scenario(s =>
        {
            s.Post.Json(TestRegion.AValidIssue()).ToUrl("/api/issues");
            s.WithBearer(region.Token("opd/dinas-pupr"));
            s.StatusCodeShouldBe(201);
        });
        var numbers = new[] { raised.Number, resolved.Number, waiting.Number };
        (await logged.ReadAsJsonAsync<Eskalasi.Issues.IssueDetails>())!.Number.ShouldNotBeOneOf(numbers);

        // Once moved it is not moved again.
        await Should.ThrowAsync<MoveRefused>(() => MoveAsync(region.Code));
    }

    [Fact]
    public async Task a_region_whose_views_do_not_match_its_events_is_not_moved_and_nothing_is_registered()
    {
        var region = await app.NewRegionAsync();
        var issue = await region.LogIssueAs("opd/dinas-pupr");
        // A view edited behind the service's back in the source: rebuilt from the events it differs.
        await using (var connection = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                $"update {Persistence.Schema}.mt_doc_issuedetails set data = jsonb_set(data, '{{title}}', '\"Diubah langsung\"') " +
                "where tenant_id = @region and id = @id", connection);
            command.Parameters.AddWithValue("region", region.Code);
            command.Parameters.AddWithValue("id", issue.Id);
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var report = await MoveAsync(region.Code);

        report.Succeeded.ShouldBeFalse();
        report.Differences.ShouldContain(d => d.StartsWith("IssueDetails"));
        (await target.Services.GetRequiredService<RegionDatabases>().RegisteredConnectionAsync(region.Code, CancellationToken.None)).ShouldBeNull();
        await target.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{issue.Id}");
            s.WithBearer(region.Token("analyst"));
            s.StatusCodeShouldBe(404);
        });
    }

    [Fact]
    public async Task a_region_the_source_does_not_have_is_refused_before_anything_is_written()
    {
        var missing = "t-" + Guid.NewGuid().ToString("N")[..12] + "-nowhere";
        var refusal = await Should.ThrowAsync<MoveRefused>(() => MoveAsync(missing));
        refusal.Message.ShouldContain("not in the source database");
        (await target.Services.GetRequiredService<RegionDatabases>().RegisteredConnectionAsync(missing, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task a_second_move_of_a_region_while_one_runs_is_refused_and_writes_nothing()
    {
        var region = await app.NewRegionAsync();
        await region.LogIssueAs("opd/dinas-pupr");
        // Another process moving the region holds its lock on the master for as long as its move runs.
        await using var other = new Npgsql.NpgsqlConnection(target.Services.GetRequiredService<DatabaseConnection>().Unpooled);
        await other.OpenAsync();
        await using (var take = new Npgsql.NpgsqlCommand($"select pg_advisory_lock({RegionMove.MoveLock}, hashtext(@region))", other))
        {
            take.Parameters.AddWithValue("region", region.Code);
            await take.ExecuteNonQueryAsync();
        }

        var refusal = await Should.ThrowAsync<MoveRefused>(() => MoveAsync(region.Code));
        refusal.Message.ShouldContain("another move");
        (await target.Services.GetRequiredService<RegionDatabases>().RegisteredConnectionAsync(region.Code, CancellationToken.None)).ShouldBeNull();

        await other.CloseAsync(); // that move has ended (here: without moving); now this one may
        (await MoveAsync(region.Code)).Succeeded.ShouldBeTrue();
    }
}
