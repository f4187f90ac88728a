using Eskalasi.Issues.Integrity;
using Eskalasi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Eskalasi.Tests.Reliability;

/// <summary>
/// An issue's history edited directly in the database by a superuser (triggers switched off on purpose) is found by
/// the hash chain: <c>verify</c> names the first broken stream; an untouched region verifies.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class tampering_is_found(AppFixture app) : InARegion(app)
{
    private Task<VerifyResult> Verify() =>
        App.Host.Services.GetRequiredService<IssueChainVerifier>().VerifyAsync(Region.Code, CancellationToken.None);

    private async Task<Guid> AnIssueWithHistory(string title)
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue() with { Title = title });
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi PDAM dan Perkim." });
        await Region.Post("asisten-2", $"/api/issues/{issue.Id}/notes", new { text = "Dibahas pada rakor Senin." }, 201);
        return issue.Id;
    }

    [Fact]
    public async Task an_untouched_region_verifies()
    {
        await AnIssueWithHistory("Jembatan retak");
        await AnIssueWithHistory("Lampu jalan padam");
        var result = await Verify();
        result.Broken.ShouldBeNull(result.Why);
        result.Streams.ShouldBe(2);
        result.Events.ShouldBe(6);
    }

    [Theory]
    [InlineData("update eskalasi.mt_events set data = jsonb_set(data, '{title}', '\"Judul yang dipalsukan\"') where stream_id = @stream and version = 1")]
    [InlineData("update eskalasi.mt_events set data = jsonb_set(data, '{text}', '\"Tidak pernah dibahas.\"') where stream_id = @stream and version = 3")]
    [InlineData("delete from eskalasi.mt_events where stream_id = @stream and version = 3")]
    public async Task an_edit_by_a_superuser_is_found(string edit)
    {
        await AnIssueWithHistory("Saluran air tersumbat");
        var target = await AnIssueWithHistory("Pipa induk pecah");
        await using (var connection = new NpgsqlConnection(App.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("set session_replication_role = replica; " + edit + "; set session_replication_role = origin;", connection);
            command.Parameters.AddWithValue("stream", target);
            (await command.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0);
        }
        var result = await Verify();
        result.Broken.ShouldBe(target);
        result.Why.ShouldNotBeNull();
    }
}
