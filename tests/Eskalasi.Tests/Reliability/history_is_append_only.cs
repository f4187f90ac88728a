using Eskalasi.Infrastructure;
using Eskalasi.Tests.Support;
using Npgsql;

namespace Eskalasi.Tests.Reliability;

/// <summary>The event table refuses updates, deletes and truncation, through the service's own connection.</summary>
[Collection(AppCollection.Name)]
public sealed class history_is_append_only(AppFixture app) : InARegion(app)
{
    [Theory]
    [InlineData("update eskalasi.mt_events set data = '{}'::jsonb where stream_id = @stream")]
    [InlineData("delete from eskalasi.mt_events where stream_id = @stream")]
    [InlineData("truncate eskalasi.mt_events")]
    public async Task changing_an_event_is_refused_by_the_database(string sql)
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        var before = await Region.EventCount();
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("stream", issue.Id);
        var refused = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        refused.MessageText.ShouldContain(AppendOnlyEvents.Refusal);
        (await Region.EventCount()).ShouldBe(before);
        (await Region.Issue(issue.Id)).Title.ShouldBe(TestRegion.AValidIssue().Title);
    }
}
